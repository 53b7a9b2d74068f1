// A Node module-resolution hook (module.register), run on the loader thread. A project that has
// not installed `composable-agents` (an example folder, a fresh checkout before `npm install`)
// still resolves it: to the SDK of the ca that is running. An installed copy always wins.

interface ResolveContext {
  conditions: string[];
  importAttributes: Record<string, string>;
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string | null }>;

let sdkUrl = '';

export function initialize(data: { sdkUrl: string }): void {
  sdkUrl = data.sdkUrl;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (specifier === 'composable-agents' && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && sdkUrl) {
      return { url: sdkUrl, format: 'module', shortCircuit: true };
    }
    throw error;
  }
}
