import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * V8's code cache for the TypeScript compiler bundle, on a Node without
 * `module.enableCompileCache()` (Node 20): the bundle ts-morph loads is about 9 MB of JavaScript,
 * and compiling it is the largest single cost of a cold scan. Its compiled code is kept on disk
 * after the first command (written when the process exits, so it holds the functions that command
 * actually ran) and handed back to V8 on the next one. V8 checks the data against its own version
 * and flags and the source, and simply compiles afresh when it does not fit, so a stale or
 * damaged cache costs one normal compile, never a wrong result.
 *
 * Only files named `typescript.js` inside node_modules are touched: CommonJS bundles with no
 * dynamic imports of their own (which vm.Script would handle differently from the loader).
 */
export function cacheTypeScriptCompile(dir = defaultDir()): void {
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  const compile = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    if (!isTypeScriptBundle(filename)) return compile.call(this, content, filename);
    const file = path.join(dir, cacheName(filename, content));
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // First use on this machine, or the cache was cleared.
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      ...(cachedData ? { cachedData } : {}),
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (!cachedData || script.cachedDataRejected) process.once('exit', () => save(script, file));
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
}

function isTypeScriptBundle(filename: string): boolean {
  return path.basename(filename) === 'typescript.js' && filename.includes(`${path.sep}node_modules${path.sep}`);
}

/** Per file, its size and change time, and the V8 that compiled it: another version of any is another entry. */
function cacheName(filename: string, content: string): string {
  let stamp = `${content.length}`;
  try {
    stamp += `-${statSync(filename).mtimeMs}`;
  } catch {
    // The content length alone still tells most changes apart; V8 checks the source too.
  }
  const safe = filename.replace(/[^A-Za-z0-9]+/g, '_').slice(-80);
  return `${safe}-${stamp}-v8_${process.versions.v8.replace(/[^0-9.]/g, '')}.cache`;
}

/** Written whole or not at all (a temporary file, then a rename): processes exiting together never see half of one. */
function save(script: vm.Script, file: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written is only a slower next start.
  }
}

function defaultDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return process.env['CA_CODE_CACHE_DIR'] ?? path.join(os.tmpdir(), `composable-agents-code-cache-${uid}`);
}
