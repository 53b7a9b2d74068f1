#!/usr/bin/env node
// `ca mcp serve` with and without --watch: the latency of an `ls` tool call as a coding agent sees
// it, through a real MCP client talking to the real CLI over stdio. On the generated module the
// calls select (one node, and a flow with what it uses): listing all 6,041 nodes is a 12 MB answer,
// over the 10 MB an MCP SDK stdio client reads in one message. Without --watch every call reads ca.yaml and scans (the discovery
// cache on disk is warm); with it every call answers from the scan the watcher keeps.
// See docs/performance.md ("Watch").
//
//   node bench/mcp-serve.js         (after npm run build)
//
// Environment: BENCH_MCP_FLOWS=2000 (generated module size), BENCH_MCP_CALLS=15 (timed calls per case).
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { generateModule, DEFAULT_SEED, PACKAGE_ROOT, WORK_DIR } from './generate-module.js';
import { median } from './support/measure.js';

const CA = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const flows = Number(process.env.BENCH_MCP_FLOWS ?? 2000);
const calls = Number(process.env.BENCH_MCP_CALLS ?? 15);

if (!fs.existsSync(path.join(PACKAGE_ROOT, 'dist', 'commands', 'mcp', 'serve.js'))) {
  console.error('bench: the ca CLI is not built. Run `npm run build` first.');
  process.exit(2);
}

const supportDesk = path.join(WORK_DIR, 'mcp-support-desk');
fs.rmSync(supportDesk, { recursive: true, force: true });
fs.cpSync(path.join(PACKAGE_ROOT, 'fixtures', 'support-desk'), supportDesk, { recursive: true, filter: (source) => !source.includes(`${path.sep}.ca`) });
const generated = path.join(WORK_DIR, `mcp-${flows}`);
fs.rmSync(generated, { recursive: true, force: true });
const module = generateModule({ flows, outDir: generated, seed: DEFAULT_SEED });

const flow = module.sample.middleFlow;
const projects = [
  { label: 'fixtures/support-desk', dir: supportDesk, calls: [['ls', {}], ['ls -s +refund_flow', { select: '+refund_flow' }]] },
  {
    label: `generated, ${flows.toLocaleString('en-US')} flows (${module.counts.nodes.toLocaleString('en-US')} nodes)`,
    dir: generated,
    calls: [[`ls -s ${flow}`, { select: flow }], [`ls -s +${flow}`, { select: `+${flow}` }]],
  },
];

async function measure(dir, watch, args) {
  const begun = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args: [CA, 'mcp', 'serve', '-p', dir, ...(watch ? ['--watch'] : [])], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' }, stderr: 'inherit' });
  const client = new Client({ name: 'ca-bench', version: '1.0.0' });
  await client.connect(transport);
  const startupMs = performance.now() - begun;
  const samples = [];
  // One untimed call: the JIT and the lazy imports of the verb, as an agent's first call pays them.
  for (let i = 0; i <= calls; i++) {
    const t0 = performance.now();
    const result = await client.callTool({ name: 'ls', arguments: args });
    if (result.isError) throw new Error(`bench: ls failed: ${JSON.stringify(result.content)}`);
    if (i > 0) samples.push(performance.now() - t0);
  }
  await client.close();
  return { startupMs, medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples) };
}

// Warm the discovery cache on disk, as a project that ca has seen before.
for (const project of projects) await measure(project.dir, false, project.calls[0][1]);

const rows = [];
for (const project of projects) {
  for (const [what, args] of project.calls) {
    for (const watch of [false, true]) {
      const figures = await measure(project.dir, watch, args);
      rows.push({ project: project.label, call: what, watch, ...figures });
      process.stdout.write('.');
    }
  }
}
const round = (n) => Math.round(n);
const ms = (n) => (n < 10 ? n.toFixed(1) : String(round(n)));
console.log(`\n\nca mcp serve: ${calls} timed ls calls per case, median (min–max), ms; start-up to a connected client`);
for (const row of rows) {
  console.log(`${row.project.padEnd(42)} ${row.call.padEnd(36)} ${(row.watch ? '--watch' : '').padEnd(8)} ${ms(row.medianMs).padStart(6)} (${ms(row.minMs)}–${ms(row.maxMs)})   start-up ${round(row.startupMs)}`);
}
fs.writeFileSync(path.join(WORK_DIR, 'mcp-serve-results.json'), `${JSON.stringify({ flows, calls, rows, node: process.version, at: new Date().toISOString() }, null, 2)}\n`);
