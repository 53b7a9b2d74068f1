// A Node module-resolution hook (module.register), run on the loader thread, outermost (registered
// after tsx). Node caches a module by its URL for the life of the process, so a long-lived ca
// (`ca mcp serve --watch`) that imports a node's file again would run the code it first loaded. An
// import made with `?ca-code=VERSION` (load-definition.ts) passes that query on to every project
// file it imports, so a new version loads the project's current code as a fresh module graph;
// packages (node_modules) and ca's own SDK are shared by all versions.
const QUERY = 'ca-code';

interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string | null; shortCircuit?: boolean }>;

/** The folder of ca's own modules (dist/ or src/): the SDK a project falls back to is one copy for all versions. */
const CA_MODULES = new URL('../', import.meta.url).href;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  const resolved = await nextResolve(specifier, context);
  const version = context.parentURL?.startsWith('file:') ? new URL(context.parentURL).searchParams.get(QUERY) : null;
  if (version === null || !resolved.url.startsWith('file:') || resolved.url.startsWith(CA_MODULES) || resolved.url.includes('/node_modules/')) return resolved;
  return { ...resolved, url: versionedUrl(resolved.url, version) };
}

/** The URL to import `fileUrl` at, as of `version`. */
export function versionedUrl(fileUrl: string, version: string): string {
  const url = new URL(fileUrl);
  url.searchParams.set(QUERY, version);
  return url.href;
}
