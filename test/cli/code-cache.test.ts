import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/temp-project.js';

/** A process that installs the cache, loads a CommonJS `typescript.js` from node_modules, and prints what it exported. */
async function load(bundle: string, cacheDir: string): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  const script = `
    const { cacheTypeScriptCompile } = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'cli', 'code-cache.js'))});
    cacheTypeScriptCompile(${JSON.stringify(cacheDir)});
    const { createRequire } = await import('node:module');
    const ts = createRequire(import.meta.url)(${JSON.stringify(bundle)});
    console.log(JSON.stringify({ version: ts.version, sum: ts.add(2, 3), dir: ts.where === ${JSON.stringify(path.dirname(bundle))}, loaded: typeof ts.lazy().then }));
  `;
  const result = await execa('node', ['--input-type=module', '-e', script], { reject: false });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode };
}

describe('the TypeScript code cache (Node 20)', () => {
  it('compiles once, reuses the cache after, and a damaged cache is only a fresh compile', async () => {
    const root = tempDir('ca-code-cache-');
    const bundle = path.join(root, 'node_modules', 'typescript', 'lib', 'typescript.js');
    mkdirSync(path.dirname(bundle), { recursive: true });
    // CommonJS with the module wrapper's names in use, and a dynamic import like the real bundle's.
    writeFileSync(bundle, "exports.version = '5.9.0'; exports.add = (a, b) => a + b; exports.where = __dirname; exports.lazy = () => import('node:path'); module.exports.self = module.exports;\n");
    const cacheDir = path.join(root, 'cache');
    const expected = JSON.stringify({ version: '5.9.0', sum: 5, dir: true, loaded: 'function' });

    const first = await load(bundle, cacheDir);
    // Node 20 marks the loader that keeps a dynamic import() working as experimental, once it is used.
    const noise = /^(\(node:\d+\) ExperimentalWarning: vm\.USE_MAIN_CONTEXT_DEFAULT_LOADER .*|\(Use `node --trace-warnings .*)$/;
    expect(first.stderr.split('\n').filter((line) => line !== '' && !noise.test(line))).toEqual([]);
    expect(first.stdout.trim()).toBe(expected);
    const written = readdirSync(cacheDir);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/typescript_js-\d+-[\d.]+-v8_[\d.]+\.cache$/);

    expect((await load(bundle, cacheDir)).stdout.trim()).toBe(expected);
    writeFileSync(path.join(cacheDir, written[0]!), 'not V8 code');
    const damaged = await load(bundle, cacheDir);
    expect(damaged.exitCode).toBe(0);
    expect(damaged.stdout.trim()).toBe(expected);
  });
});
