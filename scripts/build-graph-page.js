#!/usr/bin/env node
// Build step after tsc: bundles the graph page's browser script (src/app/graph-page-client.ts, with
// the selection code it imports) into dist/assets/graph-page.js, which `ca graph --format html`
// and `--serve` inline into every page. The bundling itself is src/app/graph-page-bundle.ts, so
// that running from the sources makes the same bundle.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { bundleGraphPageScript } = await import(pathToFileURL(path.join(root, 'dist', 'app', 'graph-page-bundle.js')).href);
const started = Date.now();
const script = await bundleGraphPageScript();
const out = path.join(root, 'dist', 'assets', 'graph-page.js');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, script);
console.log(`graph page script: ${path.relative(root, out)} (${Math.round(script.length / 1024)} KB, ${Date.now() - started} ms)`);
