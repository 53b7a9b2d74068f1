import { readFile } from 'node:fs/promises';

/** Written by scripts/build-graph-page.js after tsc: dist/assets/graph-page.js. */
const BUILT_SCRIPT = new URL('../assets/graph-page.js', import.meta.url);

let script: Promise<string> | undefined;

/**
 * The page script every generated page inlines: the built asset, or, running from the sources
 * (bin/dev.js, where src/assets does not exist), the same bundle made now.
 */
export function loadGraphPageScript(): Promise<string> {
  script ??= readFile(BUILT_SCRIPT, 'utf8').catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    const { bundleGraphPageScript } = await import('./graph-page-bundle.js');
    return bundleGraphPageScript();
  });
  return script;
}
