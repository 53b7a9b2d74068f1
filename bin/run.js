#!/usr/bin/env node
// oclif checks the Node version against its own engines (>=18) on load, pulling in semver;
// ours (>=20) is enforced by npm at install, so the check is skipped to save start-up time.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1';
// Node 22.1 and later keep V8's compiled code of ca, oclif and the TypeScript compiler on disk
// (as tsc itself does): loading TypeScript for a scan drops from ~160 ms to a fraction. Node 20
// has no such API: there ca keeps V8's cache of the TypeScript compiler's code itself
// (src/cli/code-cache.ts), the largest part of that cost.
const { enableCompileCache } = await import('node:module');
if (enableCompileCache) enableCompileCache();
else (await import('../dist/cli/code-cache.js')).cacheTypeScriptCompile();
const { execute, settings } = await import('@oclif/core');
// ca ships compiled JavaScript and its command manifest. Under NODE_ENV=development or test (common
// in the shells and scripts of the projects ca runs in) oclif would otherwise look for TypeScript
// sources to transpile and skip its manifest, which doubled every command's start-up.
settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
