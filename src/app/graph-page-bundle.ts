import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The browser entry, in the sources (the same path from src/app and dist/app). */
const ENTRY = fileURLToPath(new URL('../../src/app/graph-page-client.ts', import.meta.url));

/**
 * Bundles the graph page's script with esbuild: the page code, the selection parser and
 * evaluator, their methods and graphlib, as one browser script with nothing left to fetch.
 * `node:path` (used by the path and file methods) becomes path-browserify, Node's posix path
 * code ported to the browser. Run by scripts/build-graph-page.js at build time; also at page
 * generation when running from the sources (bin/dev.js), where there is no built asset.
 */
export async function bundleGraphPageScript(): Promise<string> {
  const esbuild = await import('esbuild');
  const require = createRequire(import.meta.url);
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [
      {
        name: 'node-path-for-the-browser',
        setup(build) {
          build.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: require.resolve('path-browserify') }));
        },
      },
    ],
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no graph page script');
  return file.text;
}
