#!/usr/bin/env node
// Import-based discovery, the way TypeScript agent CLIs that load the project list things:
// import every .ts file under <project>/src and count the exported definitions (values with a
// `kind` property). Run it under a TypeScript loader:
//
//   node --import tsx/esm bench/import-all.js <project> [--sdk-shim]
//
// Prints one JSON line: { files, definitions, byKind, sdk, ms }. If the composable-agents SDK
// does not export the factories yet (a stub build), it says so and exits 2, unless --sdk-shim
// is given: then 'composable-agents' is pointed at bench/support/sdk-shim.js and the output
// reports `"sdk": "shim"`.
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { walkFiles } from './support/walk.js';

const FACTORIES = ['tool', 'reasoner', 'flow', 'agent', 'session'];

const args = process.argv.slice(2);
const useShim = args.includes('--sdk-shim');
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: node --import tsx/esm bench/import-all.js <project> [--sdk-shim]');
  process.exit(2);
}
const started = performance.now();

let sdk = 'real';
let sdkProblem;
try {
  const mod = await import('composable-agents');
  const missing = FACTORIES.filter((k) => typeof mod[k] !== 'function');
  if (missing.length) sdkProblem = `it does not export ${missing.join(', ')} (a stub build?)`;
} catch (err) {
  sdkProblem = `it cannot be imported: ${err.message.split('\n')[0]}`;
}
if (sdkProblem) {
  let where = 'composable-agents';
  try {
    where = fileURLToPath(import.meta.resolve('composable-agents'));
  } catch {}
  if (!useShim) {
    console.error(`import-all: the composable-agents SDK at ${where} is not usable: ${sdkProblem}. Build it (npm run build) or pass --sdk-shim to measure with a stand-in.`);
    process.exit(2);
  }
  sdk = 'shim';
  const shimUrl = new URL('./support/sdk-shim.js', import.meta.url).href;
  register(new URL('./support/sdk-shim-hooks.js', import.meta.url), { data: { shimUrl } });
}

const files = walkFiles(path.resolve(dir, 'src'), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const seen = new Set();
const byKind = {};
for (const file of files) {
  let ns;
  try {
    ns = await import(pathToFileURL(file).href);
  } catch (err) {
    console.error(`import-all: importing ${path.relative(process.cwd(), file)} failed: ${err.stack ?? err}`);
    process.exit(1);
  }
  for (const value of Object.values(ns)) {
    if (value && (typeof value === 'object' || typeof value === 'function') && typeof value.kind === 'string' && !seen.has(value)) {
      seen.add(value);
      byKind[value.kind] = (byKind[value.kind] ?? 0) + 1;
    }
  }
}
console.log(JSON.stringify({ files: files.length, definitions: seen.size, byKind, sdk, ms: Math.round(performance.now() - started) }));
