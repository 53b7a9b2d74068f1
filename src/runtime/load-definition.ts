import { existsSync } from 'node:fs';
import { register as registerHook } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXIT, UserError } from '../core/errors.js';
import type { CaNode } from '../core/node.js';
import { isDefinition } from '../sdk/define.js';
import type { Definition } from '../sdk/definition.js';
import { versionedUrl } from './code-version-hook.js';
import { moduleFormatOf } from './module-format.js';
import { asProjectCode } from './project-code.js';

let registering: Promise<void> | undefined;

/**
 * Makes TypeScript importable (tsx: ESM, tsconfig `paths`) and `composable-agents` resolvable.
 * Once per process: `ca run`, `ca chat`, `ca worker` and the loader probe of `ca doctor` get here.
 * Every caller awaits the one registration: a worker loading several runs at once must not
 * import a .ts file before tsx is in place.
 */
export function registerLoaders(root: string): Promise<void> {
  registering ??= (async () => {
    registerHook(new URL('./sdk-fallback-hook.js', import.meta.url), {
      data: { sdkUrl: new URL('../sdk/index.js', import.meta.url).href, root },
    });
    const { register } = await import('tsx/esm/api');
    const tsconfig = path.join(root, 'tsconfig.json');
    register(existsSync(tsconfig) ? { tsconfig } : {});
  })();
  return registering;
}

let versioning = false;

/**
 * Project modules already imported, by URL. Node keeps them anyway, but with loader hooks in every
 * `import()` asks the hooks thread to resolve again (about 20 ms): `ca eval`, `ca test` and workers
 * run one node many times. A module that failed to load is not kept, so the next run tries again.
 */
const imported = new Map<string, Promise<Record<string, unknown>>>();

function importOnce(url: string, load: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  let pending = imported.get(url);
  if (!pending) {
    pending = load();
    imported.set(url, pending);
    pending.catch(() => imported.delete(url));
  }
  return pending;
}

/** The URL to import `file` at: as of `codeVersion` when given (the hook goes in once, after tsx, so outermost). */
function importUrl(file: string, codeVersion: string | undefined): string {
  if (codeVersion === undefined) return pathToFileURL(file).href;
  if (!versioning) {
    registerHook(new URL('./code-version-hook.js', import.meta.url));
    versioning = true;
  }
  return versionedUrl(pathToFileURL(file).href, codeVersion);
}

/**
 * Imports the module that defines `node` and returns its definition object. Discovery found the
 * node statically; this is the first moment project code runs, so an import that throws is the
 * project's failure (exit 1), reported with the file.
 *
 * A process imports a file once: without `codeVersion`, a later load runs the code as it was
 * first imported. A long-lived process that must run the code as it is now passes the version of
 * the code it scanned: each new version imports the project's files again (code-version-hook.ts),
 * and the modules of earlier versions stay in memory until the process ends.
 */
export async function loadDefinition(root: string, node: CaNode, codeVersion?: string): Promise<Definition> {
  await registerLoaders(root);
  const file = path.join(root, node.file);
  let module: Record<string, unknown>;
  try {
    // The module's top-level code is project code too: it may not quit the process or write to stdout.
    module = await importOnce(importUrl(file, codeVersion), () => asProjectCode({ label: `module ${node.file}` }, () => import(importUrl(file, codeVersion))) as Promise<Record<string, unknown>>);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // The usual cause of an unreadable message ("Cannot require() ES Module … in a cycle"): a .ts file loaded as CommonJS.
    const { format, packageJson } = moduleFormatOf(file);
    const hint =
      format === 'commonjs' && !/\.c[tj]s$/.test(file)
        ? `${node.file} loads as CommonJS because ${packageJson ? `${path.relative(root, packageJson) || 'package.json'} has no "type": "module"` : 'no package.json says "type": "module"'}; add it (or name the file .mts). \`ca doctor\` checks this`
        : 'fix the error above (run again with --debug for the stack trace)';
    throw new UserError('load-failed', `loading ${node.file} failed: ${message}`, {
      location: { file: node.file },
      hint,
      exitCode: EXIT.failed,
      cause: error,
    });
  }
  // A package-qualified node (`support/triage`) carries its own name (`triage`).
  const name = node.localName ?? node.name;
  const named = module[node.exportName];
  if (isDefinition(named) && named.name === name) return named;
  const found = Object.values(module).find((value) => isDefinition(value) && value.name === name);
  if (found) return found as Definition;
  throw new UserError('not-exported', `${node.name} is defined in ${node.file}:${node.line} but not exported, so it cannot be loaded`, {
    location: { file: node.file, line: node.line },
    hint: `export it: \`export const ${node.exportName} = ${node.kind}({ ... })\``,
  });
}
