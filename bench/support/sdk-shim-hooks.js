// Module resolve hook (module.register) that points 'composable-agents' at the SDK shim.
let shimUrl;

export function initialize(data) {
  shimUrl = data.shimUrl;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'composable-agents') return { url: shimUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}
