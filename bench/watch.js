#!/usr/bin/env node
// `ca ls --watch` on the generated 2,000-flow module: the time from saving an edit of one file to
// the updated result being printed by the real CLI, a child process reading the real file system.
// The clock starts just before the file is written and stops when the line that reports the edit
// arrives on the child's stdout (so it includes the file-system event, the debounce, the re-scan,
// the diff and the write). See docs/performance.md ("Watch").
//
//   node bench/watch.js            (after npm run build; run by npm run bench)
//
// Environment: BENCH_WATCH_FLOWS=2000 (module size), BENCH_WATCH_REPS=9 (edits per kind).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateModule, DEFAULT_SEED, PACKAGE_ROOT, WORK_DIR } from './generate-module.js';
import { median, runChild } from './support/measure.js';

const CA = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const TARGET_MS = 300;
const flows = Number(process.env.BENCH_WATCH_FLOWS ?? 2000);
const reps = Number(process.env.BENCH_WATCH_REPS ?? 9);
const WAIT_MS = 30_000;

if (!fs.existsSync(path.join(PACKAGE_ROOT, 'dist', 'commands', 'ls.js'))) {
  console.error('bench: the ca CLI is not built. Run `npm run build` first (`npm run bench` does).');
  process.exit(2);
}

const dir = path.join(WORK_DIR, `watch-${flows}`);
fs.rmSync(dir, { recursive: true, force: true });
const module = generateModule({ flows, outDir: dir, seed: DEFAULT_SEED });
const flowName = module.sample.middleFlow;
const file = path.join(dir, module.sample.middleFile);
const original = fs.readFileSync(file, 'utf8');
if (!original.includes("outcome: 'done'")) throw new Error(`bench: ${module.sample.middleFile} has no run body to edit`);

// A user who starts the watch has usually run ca before: the discovery cache is warm.
const warm = await runChild({ argv: [process.execPath, CA, 'ls', '-p', dir, '--output', 'names'], cwd: dir, env: { NO_COLOR: '1' } });
if (warm.code !== 0) throw new Error(`bench: ca ls failed: ${warm.stderr}`);

const child = spawn(process.execPath, [CA, 'ls', '--watch', '-p', dir, '--output', 'names'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
let stdout = '';
let stderr = '';
let waiter;
child.stdout.on('data', (chunk) => {
  stdout += chunk;
  waiter?.();
});
child.stderr.on('data', (chunk) => {
  stderr += chunk;
  waiter?.();
});

/** Resolves with the time a pattern appeared in the output after `from`, or fails after WAIT_MS. */
function waitFor(stream, pattern, from) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench: no ${pattern} after ${WAIT_MS} ms\n${stderr.slice(-2000)}`)), WAIT_MS);
    const check = () => {
      const text = (stream === 'stdout' ? stdout : stderr).slice(from);
      if (!pattern.test(text)) return;
      const at = performance.now();
      waiter = undefined;
      clearTimeout(timer);
      resolve({ at, text });
    };
    waiter = check;
    check();
  });
}

const started = performance.now();
await waitFor('stderr', /watching \d+ source files/, 0);
const startupMs = performance.now() - started;

const EXTRA = `\nexport const benchExtraFlow = flow({\n  name: 'bench_extra_flow',\n  description: 'Added while ca ls --watch runs',\n  run: async (ctx, input: { id: string }) => ({ id: input.id }),\n});\n`;
const kinds = [
  { id: 'body', label: `edit one flow's run body (~ ${flowName})`, edit: (text, i) => text.replace(/outcome: 'done[^']*'/, `outcome: 'done ${i}'`), expect: new RegExp(`^~ ${flowName} \\(flow\\): body$`, 'm') },
  { id: 'add', label: 'add a flow to that file (+ bench_extra_flow)', edit: (text) => text + EXTRA, expect: /^\+ bench_extra_flow \(flow\)/m },
  { id: 'remove', label: 'remove it again (- bench_extra_flow)', edit: (text) => text.replace(EXTRA, ''), expect: /^- bench_extra_flow \(flow\)$/m },
];

const samples = Object.fromEntries(kinds.map((kind) => [kind.id, []]));
const rescans = Object.fromEntries(kinds.map((kind) => [kind.id, []]));
for (let i = 1; i <= reps; i++) {
  for (const kind of kinds) {
    const text = fs.readFileSync(file, 'utf8');
    const from = stdout.length;
    const t0 = performance.now();
    fs.writeFileSync(file, kind.edit(text, i));
    const { at, text: out } = await waitFor('stdout', kind.expect, from);
    samples[kind.id].push(at - t0);
    const reported = /^changed: .* \((\d+) ms\)$/m.exec(out);
    if (reported) rescans[kind.id].push(Number(reported[1]));
    process.stdout.write('.');
    // Separate the edits: each one is its own save, not part of the previous burst.
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
child.kill('SIGINT');
const code = await new Promise((resolve) => child.on('exit', resolve));
fs.writeFileSync(file, original);
if (code !== 0) throw new Error(`bench: ca ls --watch exited ${code} on Ctrl-C`);

const round = (n) => Math.round(n);
const rows = kinds.map((kind) => {
  const list = samples[kind.id];
  return { id: kind.id, label: kind.label, medianMs: round(median(list)), minMs: round(Math.min(...list)), maxMs: round(Math.max(...list)), rescanMedianMs: round(median(rescans[kind.id])) };
});
const all = kinds.flatMap((kind) => samples[kind.id]);
const result = {
  flows,
  nodes: module.counts.nodes,
  files: module.srcFiles,
  reps,
  startupMs: round(startupMs),
  rows,
  overallMedianMs: round(median(all)),
  targetMs: TARGET_MS,
  met: median(all) < TARGET_MS,
  node: process.version,
  at: new Date().toISOString(),
};
console.log(`\n\nca ls --watch · ${flows.toLocaleString('en-US')} flows · ${module.counts.nodes.toLocaleString('en-US')} nodes · ${module.srcFiles} files · ${reps} edits per kind`);
console.log(`start-up to "watching": ${result.startupMs} ms`);
const width = Math.max(...rows.map((row) => row.label.length));
console.log(`${'edit'.padEnd(width)}  median ms  min–max ms  re-scan ms (as reported)`);
for (const row of rows) console.log(`${row.label.padEnd(width)}  ${String(row.medianMs).padStart(9)}  ${`${row.minMs}–${row.maxMs}`.padStart(10)}  ${String(row.rescanMedianMs).padStart(9)}`);
console.log(`save → result reported, median of all ${all.length}: ${result.overallMedianMs} ms (target < ${TARGET_MS} ms: ${result.met ? 'met' : 'missed'})`);
fs.writeFileSync(path.join(WORK_DIR, 'watch-results.json'), `${JSON.stringify(result, null, 2)}\n`);
