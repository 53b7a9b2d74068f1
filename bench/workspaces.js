#!/usr/bin/env node
// A workspace against one package (issue 24): `node bench/workspaces.js` (part of `npm run bench`).
// Target: cold and warm `ca ls` on a 20-package workspace of 2,000 flows no more than 10% over the
// same 2,000 flows in one package.
//
// 1. Generates, in bench/.work/workspaces/, the project of bench/generate-module.js twice: as one
//    package (`one-package/`, its tsconfig's include deciding the sources, no ca.yaml) and as the
//    npm workspace of bench/generate-workspace.js (`workspace/`): the same files, so the same nodes
//    and the same edges, some of them now imports of another package by name.
// 2. Checks that they are the same graph: one untimed `ca ls --output json` on each, every node's
//    name, kind, `uses` and call targets compared, the counts against the generator's, no
//    diagnostics, and every workspace node in a package of the workspace. Stops (exit 1) if not.
// 3. Times whole child processes, the two projects alternating (the order rotates every round),
//    N rounds each: `ca ls --output names` cold (`.ca` deleted before every run), `ca lint --format
//    json` cold, then `ca ls --output names` warm (one untimed run first). Medians of wall time
//    and, where GNU time is there, of CPU time (user + system).
// Results: bench/.work/workspaces.json. See docs/performance.md, "Workspaces".
//
// Environment:
//   BENCH_WS_REPS=5        timed runs per command and cache state (at least 3)
//   BENCH_WS_FLOWS=2000    flows in each project
//   BENCH_WS_PACKAGES=20   packages in the workspace
//   BENCH_WS_CASES=…       only these cases (comma-separated): ls-cold, lint-cold, ls-warm
//   BENCH_WS_BIN=…         another build's bin/run.js instead of this checkout's (a build before a change)
//   BENCH_TIMEOUT_S=600    kill one run after this long
//   BENCH_SEED=N           generator seed
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SEED, PACKAGE_ROOT, WORK_DIR, generateModule } from './generate-module.js';
import { generateWorkspace } from './generate-workspace.js';
import { median, timedRun } from './support/measure.js';
import { benchOptions } from './support/options.js';

const TARGET = 1.1;

const { fail, posInt } = benchOptions('workspaces');

const reps = posInt('BENCH_WS_REPS', 5, 3);
const flows = posInt('BENCH_WS_FLOWS', 2000);
const packages = posInt('BENCH_WS_PACKAGES', 20, 2);
const seed = posInt('BENCH_SEED', DEFAULT_SEED);
const timeoutMs = posInt('BENCH_TIMEOUT_S', 600) * 1000;

const CA = path.resolve(process.env.BENCH_WS_BIN || path.join(PACKAGE_ROOT, 'bin', 'run.js'));
if (!fs.existsSync(CA) || !fs.existsSync(path.join(CA, '..', '..', 'dist', 'commands', 'ls.js'))) fail(`the ca CLI is not built at ${CA}: run \`npm run build\` first (\`npm run bench\` does).`);

const started = performance.now();
const WS_DIR = path.join(WORK_DIR, 'workspaces');
fs.mkdirSync(WS_DIR, { recursive: true });
const projects = [
  { id: 'one', label: 'one package', ...generateModule({ flows, outDir: path.join(WS_DIR, 'one-package'), seed, caYaml: false }) },
  { id: 'ws', label: `workspace, ${packages} packages`, ...generateWorkspace({ flows, outDir: path.join(WS_DIR, 'workspace'), seed, packages }) },
];
const [one, ws] = projects;
const generateMs = performance.now() - started;
const ca = (project, ...args) => timedRun([process.execPath, CA, ...args, '-p', project.dir], { cwd: project.dir, okExitCodes: args[0] === 'lint' ? [0, 1] : [0], timeoutMs });
const deleteCache = (project) => fs.rmSync(path.join(project.dir, '.ca'), { recursive: true, force: true });

console.log(`ca bench · workspaces · ${flows.toLocaleString('en-US')} flows, ${one.counts.nodes.toLocaleString('en-US')} nodes, ${one.counts.edges.toLocaleString('en-US')} uses · one package (${one.srcFiles} files) vs ${ws.workspace.packages} packages (${ws.srcFiles} files, ${ws.workspace.distPackages} exporting into dist/, ${ws.workspace.crossPackageUses.toLocaleString('en-US')} uses across packages) · ${reps} runs per case, alternating · ${os.cpus().length} CPUs · Node ${process.version}${process.env.BENCH_WS_BIN ? ` · ca from ${CA}` : ''}`);

// ---------------------------------------------------------------------------------------------
// The same graph, or nothing to compare.

/** name → what must not differ between the layouts: kind, uses, the targets of ctx calls. */
function graphOf(project, scan) {
  const problems = [];
  if (scan.diagnostics.length > 0) problems.push(`${project.label}: ${scan.diagnostics.length} diagnostics, the first: ${scan.diagnostics[0].message}`);
  if (scan.nodes.length !== project.counts.nodes) problems.push(`${project.label}: ${scan.nodes.length} nodes, generated ${project.counts.nodes}`);
  const edges = scan.nodes.reduce((n, node) => n + (node.uses?.length ?? 0), 0);
  if (edges !== project.counts.edges) problems.push(`${project.label}: ${edges} uses, generated ${project.counts.edges}`);
  const graph = new Map(scan.nodes.map((node) => [node.name, JSON.stringify([node.kind, node.uses ?? [], (node.calls ?? []).map((call) => call.target ?? null)])]));
  return { graph, problems, packages: new Set(scan.nodes.map((node) => node.package?.folder)) };
}

const checkStarted = performance.now();
const checked = [];
for (const project of projects) {
  deleteCache(project);
  checked.push(graphOf(project, JSON.parse((await ca(project, 'ls', '--output', 'json')).stdout)));
}
const [a, b] = checked;
const problems = [...a.problems, ...b.problems];
const differing = [...new Set([...a.graph.keys(), ...b.graph.keys()])].filter((name) => a.graph.get(name) !== b.graph.get(name));
if (differing.length > 0) {
  problems.push(`${differing.length} nodes differ between the layouts, e.g. ${differing.slice(0, 3).map((name) => `${name}: ${a.graph.get(name) ?? 'missing'} vs ${b.graph.get(name) ?? 'missing'}`).join('; ')}`);
}
if ([...b.packages].some((folder) => !folder?.startsWith('packages/'))) problems.push('workspace: some nodes are not in a workspace package');
if (problems.length > 0) {
  for (const problem of problems) console.error(`  ! ${problem}`);
  fail('the two layouts do not give the same graph; nothing timed');
}
console.log(`same graph: ${a.graph.size.toLocaleString('en-US')} nodes with the same kind, uses and call targets in both; workspace nodes in ${b.packages.size} packages (${Math.round(performance.now() - checkStarted)} ms, untimed)`);

// ---------------------------------------------------------------------------------------------
// Timed runs

const allCases = [
  { id: 'ls-cold', label: 'ca ls --output names, cold', args: ['ls', '--output', 'names'], cold: true, target: true },
  { id: 'lint-cold', label: 'ca lint --format json, cold', args: ['lint', '--format', 'json'], cold: true },
  { id: 'ls-warm', label: 'ca ls --output names, warm', args: ['ls', '--output', 'names'], cold: false, target: true },
];
const only = process.env.BENCH_WS_CASES?.split(',').map((id) => id.trim()).filter(Boolean);
const unknown = only?.filter((id) => !allCases.some((c) => c.id === id)) ?? [];
if (unknown.length > 0) fail(`BENCH_WS_CASES: no case ${unknown.join(', ')} (there are ${allCases.map((c) => c.id).join(', ')})`);
const cases = only?.length ? allCases.filter((c) => only.includes(c.id)) : allCases;
for (const c of cases) {
  c.samples = { one: [], ws: [] };
  process.stdout.write(`${c.id}: `);
  if (!c.cold) for (const project of projects) await ca(project, ...c.args);
  for (let k = 0; k < reps; k++) {
    for (const project of k % 2 ? [ws, one] : projects) {
      if (c.cold) deleteCache(project);
      const r = await ca(project, ...c.args);
      if (c.args[0] === 'ls' && r.stdout.trim().split('\n').length !== project.counts.nodes) fail(`${project.label}, ${c.label}: ${r.stdout.trim().split('\n').length} names, expected ${project.counts.nodes}`);
      c.samples[project.id].push(r);
      process.stdout.write('.');
    }
  }
  process.stdout.write('\n');
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
const fmtRatio = (r) => (r === undefined ? '—' : `${r.toFixed(2)}×`);
const summarise = (samples) => {
  const wall = samples.map((r) => r.wallMs);
  const cpu = samples.every((r) => r.cpuMs !== undefined) ? median(samples.map((r) => r.cpuMs)) : undefined;
  return { runs: samples.length, wallMs: median(wall), minMs: Math.min(...wall), maxMs: Math.max(...wall), cpuMs: cpu, peakRssMb: Math.max(...samples.map((r) => r.rssKb ?? 0)) / 1024 || undefined, samplesMs: wall.map(Math.round) };
};
const head = ['', 'one package ms', 'min–max', 'cpu ms', 'workspace ms', 'min–max', 'cpu ms', 'ws / one', 'cpu ws / one'];
const rows = cases.map((c) => {
  c.result = { one: summarise(c.samples.one), ws: summarise(c.samples.ws) };
  c.ratio = { wall: c.result.ws.wallMs / c.result.one.wallMs, cpu: c.result.ws.cpuMs === undefined ? undefined : c.result.ws.cpuMs / c.result.one.cpuMs };
  const cells = (r) => [fmt(r.wallMs), `${fmt(r.minMs)}–${fmt(r.maxMs)}`, fmt(r.cpuMs)];
  return [c.label, ...cells(c.result.one), ...cells(c.result.ws), fmtRatio(c.ratio.wall), fmtRatio(c.ratio.cpu)];
});
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
console.log(`\n${line(head)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));

console.log(`\nTarget (issue 24): cold and warm \`ca ls\` on the workspace within ${Math.round((TARGET - 1) * 100)}% of one package`);
for (const c of cases.filter((x) => x.target)) {
  console.log(`  ${c.label}: ${c.ratio.wall.toFixed(3)}× (cpu ${fmtRatio(c.ratio.cpu)}), target ≤ ${TARGET.toFixed(2)}× — ${c.ratio.wall <= TARGET ? 'met' : 'missed'}`);
}

const totalMs = performance.now() - started;
const results = {
  version: 1,
  startedAt: new Date(Date.now() - totalMs).toISOString(),
  machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryMb: Math.round(os.totalmem() / 2 ** 20), loadAverage: os.loadavg() },
  ca: CA, reps, flows, packages, seed, generateMs, totalMs,
  projects: projects.map(({ id, label, srcFiles, srcBytes, counts, workspace }) => ({ id, label, srcFiles, srcBytes, counts, workspace })),
  cases: cases.map((c) => ({ id: c.id, label: c.label, command: `ca ${c.args.join(' ')} -p DIR`, ...c.result, ratio: c.ratio, target: c.target ? TARGET : undefined })),
};
fs.writeFileSync(path.join(WORK_DIR, 'workspaces.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nbench/.work/workspaces.json written · ${(totalMs / 1000).toFixed(0)} s in all (generation ${(generateMs / 1000).toFixed(1)} s)`);
