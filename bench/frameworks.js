#!/usr/bin/env node
// Framework adapters against the build before them (issue 17): `node bench/frameworks.js`
// (part of `npm run bench`). Target: cold and warm `ca ls` no more than 10% over the baseline.
//
// 1. Builds the baseline CLI once: a `git worktree add --detach` of BENCH_FW_BASELINE (the commit
//    before the adapters) in bench/.work/baseline-<commit>, node_modules linked to this checkout's,
//    `npm run build` there; reused while its stamp names the same commit.
// 2. Generates, in bench/.work/frameworks/: the synthetic project of bench/generate-module.js
//    (no framework imports) and the OpenAI Agents JS project of bench/generate-openai.js, one copy
//    per binary and command, so that neither's `.ca` cache evicts the other's.
// 3. Times whole child processes, the binaries alternating (the order rotates every round), N
//    rounds each: cold (`.ca` deleted before every run) then warm (one untimed run first) of
//    `ca ls --output names -p DIR` with both builds on both projects, and `ca lint --format json`
//    with the current build on the OpenAI project. Medians of wall time and, where GNU time is
//    there, of CPU time (user + system: steadier than wall time on a busy machine).
// 4. Checks the nodes: the same count from both builds on the synthetic project; on the OpenAI
//    project every generated agent and tool by name from the current build (and every tool and
//    handoff edge, from one untimed `--output json`), none from the baseline.
// Results: bench/.work/frameworks.json. See docs/performance.md, "Other frameworks".
//
// Environment:
//   BENCH_FW_REPS=5          timed runs per command and cache state (at least 3)
//   BENCH_FW_SIZE=2000       files (flows) per project
//   BENCH_FW_BASELINE=1187015  the commit to compare with
//   BENCH_TIMEOUT_S=600      kill one run after this long
//   BENCH_SEED=N             generator seed
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SEED, PACKAGE_ROOT, WORK_DIR, generateModule } from './generate-module.js';
import { generateOpenAiProject } from './generate-openai.js';
import { median, timedRun } from './support/measure.js';
import { benchOptions } from './support/options.js';

const TARGET = 1.1;

const { fail, posInt } = benchOptions('frameworks');

const reps = posInt('BENCH_FW_REPS', 5, 3);
const size = posInt('BENCH_FW_SIZE', 2000);
const seed = posInt('BENCH_SEED', DEFAULT_SEED);
const timeoutMs = posInt('BENCH_TIMEOUT_S', 600) * 1000;
const baselineRev = process.env.BENCH_FW_BASELINE || '1187015';

const HEAD_BIN = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const built = (root) => fs.existsSync(path.join(root, 'bin', 'run.js')) && fs.existsSync(path.join(root, 'dist', 'commands', 'ls.js'));
if (!built(PACKAGE_ROOT)) fail('the ca CLI is not built here: run `npm run build` first (`npm run bench` does).');

const git = (...args) => execFileSync('git', ['-C', PACKAGE_ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The baseline's built CLI, building it on first use. Returns its folder and full commit id. */
function ensureBaseline() {
  let commit;
  try {
    commit = git('rev-parse', '--verify', `${baselineRev}^{commit}`);
  } catch {
    fail(`cannot find the baseline commit ${baselineRev} (BENCH_FW_BASELINE) in ${PACKAGE_ROOT}; this bench needs a git checkout with that history.`);
  }
  const dir = path.join(WORK_DIR, `baseline-${commit.slice(0, 7)}`);
  const stamp = path.join(dir, '.bench-built');
  if (built(dir) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === commit) return { dir, commit, reused: true };

  console.log(`building the baseline ${commit.slice(0, 7)} in ${path.relative(PACKAGE_ROOT, dir)} (once; later runs reuse it)…`);
  if (!fs.existsSync(path.join(dir, '.git'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    // --force: the folder may still be registered from an earlier run whose bench/.work was deleted.
    git('worktree', 'add', '--force', '--detach', dir, commit);
  } else if (execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim() !== commit) {
    execFileSync('git', ['-C', dir, 'checkout', '-q', '--detach', commit], { stdio: 'inherit' });
  }
  const modules = path.join(dir, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(fs.realpathSync(path.join(PACKAGE_ROOT, 'node_modules')), modules, 'dir');
  const started = performance.now();
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!built(dir)) fail(`the baseline build in ${dir} did not produce bin/run.js and dist/commands/ls.js`);
  fs.writeFileSync(stamp, `${commit}\n`);
  console.log(`baseline built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { dir, commit, reused: false };
}

// One timed run: wall time, and CPU time and peak memory where GNU time is trustworthy.
const timed = (argv, cwd, okExitCodes) => timedRun(argv, { cwd, okExitCodes, timeoutMs });

// ---------------------------------------------------------------------------------------------

const started = performance.now();
const baseline = ensureBaseline();
const BASE_BIN = path.join(baseline.dir, 'bin', 'run.js');
const headCommit = git('rev-parse', 'HEAD');
const headDirty = git('status', '--porcelain', '--untracked-files=no', '--', 'src').length > 0;

const FW_DIR = path.join(WORK_DIR, 'frameworks');
fs.mkdirSync(FW_DIR, { recursive: true });
const genStarted = performance.now();
/** One project generated, then copied byte for byte (the relative node_modules link included) for each other run series. */
function project(name, generate, copies) {
  const first = generate(path.join(FW_DIR, `${name}-${copies[0]}`));
  const all = { [copies[0]]: first };
  for (const copy of copies.slice(1)) {
    const dir = path.join(FW_DIR, `${name}-${copy}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(first.dir, dir, { recursive: true, verbatimSymlinks: true, filter: (source) => path.basename(source) !== '.ca' });
    all[copy] = { ...first, dir };
  }
  return all;
}
const synthetic = project(`flows-${size}`, (outDir) => generateModule({ flows: size, outDir, seed }), ['head', 'base']);
const openai = project(`openai-${size}`, (outDir) => generateOpenAiProject({ files: size, outDir, seed }), ['head', 'base', 'lint']);
const generateMs = performance.now() - genStarted;

const ls = (dir) => ['ls', '-p', dir, '--output', 'names'];
const projects = [
  {
    id: 'synthetic',
    title: `synthetic project (bench/generate-module.js): ${size.toLocaleString('en-US')} flows, ${synthetic.head.counts.nodes.toLocaleString('en-US')} nodes, ${synthetic.head.srcFiles.toLocaleString('en-US')} files, no framework imports`,
    series: [
      { id: 'base-ls', label: `ca ls, baseline ${baseline.commit.slice(0, 7)}`, bin: BASE_BIN, dir: synthetic.base.dir, args: ls(synthetic.base.dir), expect: synthetic.base.counts.nodes },
      { id: 'head-ls', label: 'ca ls, current', bin: HEAD_BIN, dir: synthetic.head.dir, args: ls(synthetic.head.dir), expect: synthetic.head.counts.nodes },
    ],
  },
  {
    id: 'openai',
    title: `OpenAI Agents JS project (bench/generate-openai.js): ${size.toLocaleString('en-US')} files of @openai/agents, ${openai.head.counts.agents.toLocaleString('en-US')} agents + ${openai.head.counts.tools.toLocaleString('en-US')} tools, ${openai.head.srcFiles.toLocaleString('en-US')} files`,
    series: [
      { id: 'base-ls', label: `ca ls, baseline ${baseline.commit.slice(0, 7)} (no adapter)`, bin: BASE_BIN, dir: openai.base.dir, args: ls(openai.base.dir), expect: 0 },
      { id: 'head-ls', label: 'ca ls, current', bin: HEAD_BIN, dir: openai.head.dir, args: ls(openai.head.dir), expectNames: openai.head.names },
      { id: 'head-lint', label: 'ca lint --format json, current', bin: HEAD_BIN, dir: openai.lint.dir, args: ['lint', '-p', openai.lint.dir, '--format', 'json'], okExitCodes: [0, 1] },
    ],
  },
];

console.log(`ca bench · frameworks · ${size.toLocaleString('en-US')} files per project · ${reps} runs per case, binaries alternating · ${os.cpus().length} CPUs · Node ${process.version} · baseline ${baseline.commit.slice(0, 7)}${baseline.reused ? ' (reused)' : ''} · current ${headCommit.slice(0, 7)}${headDirty ? ' + uncommitted changes' : ''}`);

let failures = 0;
const problems = [];
const deleteCache = (dir) => fs.rmSync(path.join(dir, '.ca'), { recursive: true, force: true });

for (const project of projects) {
  process.stdout.write(`${project.id}: `);
  for (const s of project.series) s.samples = { cold: [], warm: [] };
  const run = async (s, phase) => {
    if (phase === 'cold') deleteCache(s.dir);
    const r = await timed([process.execPath, s.bin, ...s.args], s.dir, s.okExitCodes ?? [0]);
    if (phase !== 'prime') {
      s.samples[phase].push(r);
      process.stdout.write('.');
    }
    return r;
  };
  try {
    // One untimed run each first (V8's code cache for the TypeScript compiler, the file cache), then
    // the cold rounds, then the warm ones (each series' cache as its last cold run left it, plus one
    // untimed run). The order rotates every round so neither binary always runs first.
    for (const s of project.series) await run(s, 'prime');
    for (const phase of ['cold', 'warm']) {
      if (phase === 'warm') for (const s of project.series) await run(s, 'prime');
      for (let k = 0; k < reps; k++) {
        const n = project.series.length;
        for (let j = 0; j < n; j++) await run(project.series[(j + k) % n], phase);
      }
      process.stdout.write(' ');
    }
  } catch (err) {
    failures++;
    problems.push(`${project.id}: ${err.message}`);
  }
  process.stdout.write('\n');

  // Nodes: what every timed `ls` printed must be the generated module's nodes.
  for (const s of project.series) {
    if (s.args[0] !== 'ls') continue;
    for (const r of [...s.samples.cold, ...s.samples.warm]) {
      const names = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
      s.found = names.length;
      if (s.expect !== undefined && names.length !== s.expect) s.mismatch = `${names.length} nodes, expected ${s.expect}`;
      if (s.expectNames) {
        const got = new Set(names);
        const wanted = new Set(s.expectNames);
        const missing = s.expectNames.filter((n) => !got.has(n));
        const extra = names.filter((n) => !wanted.has(n));
        if (missing.length || extra.length) {
          s.mismatch = `${missing.length} generated nodes missing${missing.length ? ` (${missing.slice(0, 3).join(', ')}…)` : ''}, ${extra.length} not generated${extra.length ? ` (${extra.slice(0, 3).join(', ')}…)` : ''}`;
        }
      }
    }
    if (s.mismatch) {
      failures++;
      problems.push(`${project.id}, ${s.label}: ${s.mismatch}`);
    }
  }
}

// Edges of the OpenAI project, from one untimed run of the current build (warm).
let edges;
try {
  const r = await timed([process.execPath, HEAD_BIN, 'ls', '-p', openai.head.dir, '--output', 'json'], openai.head.dir, [0]);
  const scan = JSON.parse(r.stdout);
  edges = {
    uses: scan.nodes.reduce((n, node) => n + (node.uses?.length ?? 0), 0),
    handoffs: scan.nodes.reduce((n, node) => n + (node.handoffs?.length ?? 0), 0),
    diagnostics: scan.diagnostics?.length ?? 0,
    expected: { uses: openai.head.counts.uses, handoffs: openai.head.counts.handoffs },
  };
  if (edges.uses !== edges.expected.uses || edges.handoffs !== edges.expected.handoffs) {
    failures++;
    problems.push(`openai: edges ${edges.uses} tools / ${edges.handoffs} handoffs, expected ${edges.expected.uses} / ${edges.expected.handoffs}`);
  }
} catch (err) {
  failures++;
  problems.push(`openai: ls --output json: ${err.message}`);
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
const ratio = (a, b) => (a === undefined || b === undefined ? undefined : a / b);
const fmtRatio = (r) => (r === undefined ? '—' : `${r.toFixed(2)}×`);
const summary = (samples, key) => (samples.length && samples.every((r) => r[key] !== undefined) ? median(samples.map((r) => r[key])) : undefined);

for (const project of projects) {
  for (const s of project.series) {
    s.result = {};
    for (const phase of ['cold', 'warm']) {
      const samples = s.samples[phase];
      s.result[phase] = {
        runs: samples.length,
        wallMs: summary(samples, 'wallMs'),
        cpuMs: summary(samples, 'cpuMs'),
        minMs: samples.length ? Math.min(...samples.map((r) => r.wallMs)) : undefined,
        maxMs: samples.length ? Math.max(...samples.map((r) => r.wallMs)) : undefined,
        peakRssMb: samples.some((r) => r.rssKb) ? Math.max(...samples.map((r) => r.rssKb ?? 0)) / 1024 : undefined,
        samplesMs: samples.map((r) => Math.round(r.wallMs)),
      };
    }
  }
}

const head = ['', 'cold ms', 'min–max', 'cpu ms', 'warm ms', 'min–max', 'cpu ms', 'peak MB', 'nodes'];
const print = (rows) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
};
const range = (p) => (p.runs > 1 ? `${fmt(p.minMs)}–${fmt(p.maxMs)}` : '');

const verdicts = [];
for (const project of projects) {
  console.log(`\n${project.title}`);
  const rows = project.series.map((s) => [
    s.label,
    fmt(s.result.cold.wallMs), range(s.result.cold), fmt(s.result.cold.cpuMs),
    fmt(s.result.warm.wallMs), range(s.result.warm), fmt(s.result.warm.cpuMs),
    fmt(Math.max(s.result.cold.peakRssMb ?? 0, s.result.warm.peakRssMb ?? 0) || undefined),
    s.found === undefined ? '' : s.mismatch ? `${s.found}!` : String(s.found),
  ]);
  const base = project.series.find((s) => s.id === 'base-ls').result;
  const cur = project.series.find((s) => s.id === 'head-ls').result;
  project.ratios = {};
  for (const phase of ['cold', 'warm']) {
    project.ratios[phase] = { wall: ratio(cur[phase].wallMs, base[phase].wallMs), cpu: ratio(cur[phase].cpuMs, base[phase].cpuMs) };
  }
  rows.push(['current / baseline (ls)', fmtRatio(project.ratios.cold.wall), '', fmtRatio(project.ratios.cold.cpu), fmtRatio(project.ratios.warm.wall), '', fmtRatio(project.ratios.warm.cpu), '', '']);
  print(rows);
  if (project.id === 'synthetic') {
    for (const phase of ['cold', 'warm']) {
      const r = project.ratios[phase].wall;
      verdicts.push(`${phase} ca ls, current vs baseline, no framework imports: ${r === undefined ? '—' : `${r.toFixed(3)}×`} (cpu ${fmtRatio(project.ratios[phase].cpu)}), target ≤ ${TARGET.toFixed(2)}× — ${r === undefined ? 'not measured' : r <= TARGET ? 'met' : 'missed'}`);
    }
  } else {
    verdicts.push(`OpenAI project: reading ${size.toLocaleString('en-US')} framework files costs ${fmtRatio(project.ratios.cold.wall)} of the baseline's cold ls (which finds nothing there) and ${fmtRatio(project.ratios.warm.wall)} warm; no target`);
  }
  if (project.id === 'openai' && edges) console.log(`  · edges (current, --output json): ${fmt(edges.uses)} tools / ${fmt(edges.handoffs)} handoffs (generated ${fmt(edges.expected.uses)} / ${fmt(edges.expected.handoffs)}), ${edges.diagnostics} diagnostics`);
}

console.log('\nTarget (issue 17): adapters add no more than 10% to cold and warm `ca ls`');
for (const v of verdicts) console.log(`  ${v}`);
for (const p of problems) console.log(`  ! ${p}`);

const totalMs = performance.now() - started;
const results = {
  version: 1,
  startedAt: new Date(Date.now() - totalMs).toISOString(),
  machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryMb: Math.round(os.totalmem() / 2 ** 20), loadAverage: os.loadavg() },
  baseline: baseline.commit, current: headCommit, currentDirty: headDirty, reps, size, seed, generateMs, totalMs,
  projects: projects.map((p) => ({
    id: p.id, title: p.title, ratios: p.ratios,
    series: p.series.map((s) => ({ id: s.id, label: s.label, command: `ca ${s.args.map((a) => (a === s.dir ? 'DIR' : a)).join(' ')}`, found: s.found, mismatch: s.mismatch, ...s.result })),
  })),
  edges, problems,
};
fs.writeFileSync(path.join(WORK_DIR, 'frameworks.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nbench/.work/frameworks.json written · ${(totalMs / 1000).toFixed(0)} s in all (generation ${(generateMs / 1000).toFixed(1)} s)${failures ? ` · ${failures} problem(s)` : ''}`);
if (failures) process.exitCode = 1;
