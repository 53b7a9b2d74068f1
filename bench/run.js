#!/usr/bin/env node
// The ca benchmark: `npm run bench` (builds first) or `node bench/run.js`.
//
// For each size it generates a synthetic project (bench/generate-module.js), then runs every
// case of bench/cases.js as whole child processes and reports the median wall time, the ratio
// to import-based discovery, and the peak resident memory. Results also go to
// bench/.work/results.json. See docs/performance.md.
//
// Environment:
//   BENCH_SIZES=200,2000,10000   project sizes, in flows
//   BENCH_CASES=floor,import     only these case ids or groups (baseline, import, ca)
//   BENCH_REPS=5                 timed repetitions per case (default 5; 3 above 2,000 flows)
//   BENCH_CASE_BUDGET_S=120      stop repeating a case once its runs took this long (≥ 1 run)
//   BENCH_TIMEOUT_S=600          kill one run after this long
//   BENCH_RSS=gnu-time|proc-status|none   force the peak-memory method
//   BENCH_SDK_SHIM=0             never fall back to the SDK stand-in for import-based runs
//   BENCH_SEED=N                 generator seed
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateModule, defaultOutDir, DEFAULT_SEED, PACKAGE_ROOT, WORK_DIR } from './generate-module.js';
import { CASES, TARGETS } from './cases.js';
import { detectRssMethod, median, runChild } from './support/measure.js';

const CA_BIN = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const RESULTS = path.join(WORK_DIR, 'results.json');

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function intList(name, fallback) {
  const raw = process.env[name];
  if (!raw) return fallback;
  const values = raw.split(',').map((s) => s.trim().replace(/_/g, '')).filter(Boolean).map(Number);
  if (!values.length || values.some((n) => !Number.isInteger(n) || n < 1)) fail(`${name} must be a comma-separated list of positive integers, got "${raw}"`);
  return values;
}
function posInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

const sizes = intList('BENCH_SIZES', [200, 2000, 10000]);
const repsOverride = posInt('BENCH_REPS', undefined);
const caseBudgetMs = posInt('BENCH_CASE_BUDGET_S', 120) * 1000;
const timeoutMs = posInt('BENCH_TIMEOUT_S', 600) * 1000;
const seed = posInt('BENCH_SEED', DEFAULT_SEED);

const wanted = (process.env.BENCH_CASES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const known = new Set(CASES.flatMap((c) => [c.id, c.group]));
for (const w of wanted) if (!known.has(w)) fail(`BENCH_CASES: unknown case or group "${w}" (known: ${[...known].join(', ')})`);
const cases = wanted.length ? CASES.filter((c) => wanted.includes(c.id) || wanted.includes(c.group)) : CASES;

// ---------------------------------------------------------------------------------------------
// Preconditions, checked before any minute is spent.

if (cases.some((c) => c.group === 'ca')) {
  const commands = path.join(PACKAGE_ROOT, 'dist', 'commands');
  const lsBuilt = ['ls.js', 'ls/index.js'].some((f) => fs.existsSync(path.join(commands, f)));
  if (!fs.existsSync(CA_BIN) || !lsBuilt) {
    fail(`the ca CLI is not built (${!fs.existsSync(CA_BIN) ? 'bin/run.js is missing' : 'dist/commands/ls.js is missing'}). ` +
      'Run `npm run build` first (`npm run bench` does), or time only the baselines with BENCH_CASES=baseline,import.');
  }
}

let sdk = 'real';
if (cases.some((c) => c.group === 'import')) {
  let problem;
  try {
    const mod = await import('composable-agents');
    if (typeof mod.flow !== 'function' || typeof mod.tool !== 'function') problem = 'it does not export the factories yet (a stub build?)';
  } catch (err) {
    problem = `it cannot be imported (${err.message.split('\n')[0]})`;
  }
  if (problem) {
    if (process.env.BENCH_SDK_SHIM === '0') fail(`the composable-agents SDK is not usable: ${problem}. Run \`npm run build\`.`);
    sdk = 'shim';
    console.warn(`bench: warning: the composable-agents SDK is not usable: ${problem}. Import-based runs use bench/support/sdk-shim.js instead; their figures are marked "sdk: shim".`);
  }
}

const rssMethod = detectRssMethod();

// ---------------------------------------------------------------------------------------------

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtRatio = (r) => (r === undefined ? '—' : r < 0.01 ? r.toFixed(3) : r.toFixed(2));

function makeContext(dir, size, module) {
  const ctx = {
    dir, size, module,
    defaultReps: repsOverride ?? (size > 2000 ? 3 : 5),
    sdkArgs: sdk === 'shim' ? ['--sdk-shim'] : [],
    node: (...args) => [process.execPath, ...args],
    ca: (...args) => [process.execPath, CA_BIN, ...args],
    async runCa(...args) {
      const r = await runChild({ argv: ctx.ca(...args), cwd: dir, env: { NO_COLOR: '1' }, timeoutMs });
      if (r.code !== 0) throw new Error(`ca ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(0, 5).join('\n')}`);
      return r;
    },
  };
  return ctx;
}

function describeFailure(c, r) {
  const why = r.timedOut ? `timed out after ${timeoutMs / 1000} s` : r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  const tail = r.stderr.trim().split('\n').slice(-8).join('\n    ');
  return `${why}${tail ? `\n    ${tail}` : ''}`;
}

async function runCase(c, ctx) {
  const result = { id: c.id, label: c.label, group: c.group, cache: c.cache, runs: 0, samplesMs: [], rssKb: [] };
  const argv = c.argv(ctx);
  result.command = argv.map((a) => (a === process.execPath ? 'node' : path.isAbsolute(a) ? path.relative(PACKAGE_ROOT, a) || '.' : a)).join(' ');
  const env = { NO_COLOR: '1', ...(c.env ?? {}) };
  const okExitCodes = c.okExitCodes ?? [0];
  const failed = (r) => r.timedOut || !okExitCodes.includes(r.code);
  const once = async () => {
    await c.beforeEach?.(ctx);
    return runChild({ argv, env, cwd: ctx.dir, timeoutMs, rssMethod });
  };
  try {
    await c.before?.(ctx);
    if (c.warmup) {
      const r = await once();
      if (failed(r)) throw new Error(`warm-up run failed: ${describeFailure(c, r)}`);
    }
    const reps = c.reps?.(ctx) ?? ctx.defaultReps;
    let spent = 0;
    for (let k = 0; k < reps && (k === 0 || spent < caseBudgetMs); k++) {
      const r = await once();
      if (failed(r)) throw new Error(describeFailure(c, r));
      spent += r.wallMs;
      result.runs++;
      result.samplesMs.push(Math.round(r.wallMs * 10) / 10);
      if (r.rssKb) result.rssKb.push(r.rssKb);
      if (c.metrics) result.metrics = c.metrics(r.stdout);
      if (c.count) {
        result.count = c.count(r.stdout);
        result.expected = c.expected ? c.expected(ctx) : ctx.module.counts.nodes;
      }
      process.stdout.write('.');
    }
  } catch (err) {
    result.error = err.message;
  } finally {
    try {
      await c.after?.(ctx);
    } catch (err) {
      result.error = `${result.error ? `${result.error}; ` : ''}after(): ${err.message}`;
    }
  }
  if (result.runs) {
    result.medianMs = median(result.samplesMs);
    result.minMs = Math.min(...result.samplesMs);
    result.maxMs = Math.max(...result.samplesMs);
  }
  if (result.rssKb.length) result.peakRssMb = Math.max(...result.rssKb) / 1024;
  delete result.rssKb;
  return result;
}

function printTable(sizeResult) {
  const { module: m, cases: rows } = sizeResult;
  console.log(`\n${fmtInt(m.flows)} flows · ${fmtInt(m.counts.nodes)} nodes · ${fmtInt(m.srcFiles)} files · ${(m.srcBytes / 1e6).toFixed(1)} MB · generated in ${fmtInt(sizeResult.generateMs)} ms`);
  const head = ['case', 'runs', 'median ms', 'min–max ms', '× import cold', '× import warm', 'peak RSS MB', 'nodes'];
  const body = rows.map((r) => [
    r.label,
    String(r.runs),
    r.medianMs === undefined ? '—' : fmtInt(r.medianMs),
    r.runs > 1 ? `${fmtInt(r.minMs)}–${fmtInt(r.maxMs)}` : '',
    fmtRatio(r.ratio?.importCold),
    fmtRatio(r.ratio?.importWarm),
    r.peakRssMb === undefined ? '—' : fmtInt(r.peakRssMb),
    r.count === undefined ? '' : r.count === r.expected || r.expected === undefined ? String(r.count) : `${r.count} ≠ ${r.expected}!`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  for (const r of rows) if (r.error) console.log(`  ! ${r.label}: ${r.error}`);
  for (const r of rows) {
    if (!r.metrics) continue;
    const parts = Object.entries(r.metrics).map(([key, value]) =>
      typeof value === 'object' && value !== null ? `${key} ${value.ms} ms (${fmtInt(value.selected)} selected)` : `${key} ${fmtInt(value)}`,
    );
    console.log(`  · ${r.label.replace(/ \(see below\)$/, '')}: ${parts.join(' · ')}`);
  }
}

function evaluateTargets(sizeResults) {
  return TARGETS.map((t) => {
    const s = sizeResults.find((x) => x.flows === t.size);
    const out = { id: t.id, label: t.label, size: t.size };
    if (!s) return { ...out, status: 'not measured', note: `size ${t.size} not in BENCH_SIZES` };
    if (t.maxRatio !== undefined) {
      const a = s.cases.find((c) => c.id === t.case);
      const b = s.cases.find((c) => c.id === t.vs);
      if (a?.medianMs === undefined || b?.medianMs === undefined) return { ...out, status: 'not measured' };
      const value = a.medianMs / b.medianMs;
      return { ...out, unit: 'ratio', value, limit: t.maxRatio, status: value <= t.maxRatio ? 'met' : 'missed' };
    }
    const peaks = s.cases.filter((c) => c.group === t.group && c.peakRssMb !== undefined).map((c) => c.peakRssMb);
    if (!peaks.length) return { ...out, status: 'not measured' };
    const value = Math.max(...peaks);
    return { ...out, unit: 'MB', value, limit: t.maxRssMb, status: value < t.maxRssMb ? 'met' : 'missed' };
  });
}

function printTargets(targets) {
  console.log('\nTargets');
  for (const t of targets) {
    const value = t.value === undefined ? '' : t.unit === 'MB' ? `${fmtInt(t.value)} MB` : `${fmtRatio(t.value)}×`;
    console.log(`  ${t.label} (at ${fmtInt(t.size)} flows): ${value ? `${value} — ` : ''}${t.status}${t.note ? ` (${t.note})` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------

const results = {
  version: 1,
  startedAt: new Date().toISOString(),
  machine: {
    node: process.version, platform: process.platform, arch: process.arch,
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryMb: Math.round(os.totalmem() / 2 ** 20),
  },
  rssMethod, sdk, seed,
  cases: cases.map((c) => c.id),
  sizes: [],
  targets: [],
};

console.log(`ca bench · sizes ${sizes.join(', ')} · ${cases.length} cases · peak memory via ${rssMethod} · ${os.cpus().length} CPUs · Node ${process.version}${sdk === 'shim' ? ' · import-based runs use the SDK shim' : ''}`);
const started = performance.now();
fs.mkdirSync(WORK_DIR, { recursive: true });
let failures = 0;

for (const size of sizes) {
  const t0 = performance.now();
  const module = generateModule({ flows: size, outDir: defaultOutDir(size), seed });
  const sizeResult = { flows: size, dir: path.relative(PACKAGE_ROOT, module.dir), module, generateMs: performance.now() - t0, cases: [] };
  const ctx = makeContext(module.dir, size, module);
  process.stdout.write(`${fmtInt(size)} flows: `);
  for (const c of cases) {
    const r = await runCase(c, ctx);
    if (r.error) failures++;
    sizeResult.cases.push(r);
    process.stdout.write(r.error ? 'x ' : ' ');
  }
  const base = (id) => sizeResult.cases.find((c) => c.id === id)?.medianMs;
  for (const r of sizeResult.cases) {
    if (r.medianMs === undefined) continue;
    r.ratio = {
      importCold: base('import-cold') ? r.medianMs / base('import-cold') : undefined,
      importWarm: base('import-warm') ? r.medianMs / base('import-warm') : undefined,
    };
  }
  process.stdout.write('\n');
  results.sizes.push(sizeResult);
  printTable(sizeResult);
  results.targets = evaluateTargets(results.sizes);
  results.totalMs = performance.now() - started;
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`); // after every size, so a late failure keeps the rest
  console.log('');
}

printTargets(results.targets);
results.finishedAt = new Date().toISOString();
fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${path.relative(process.cwd(), RESULTS) || RESULTS} written · ${(results.totalMs / 1000).toFixed(0)} s in all${failures ? ` · ${failures} case(s) failed` : ''}`);
if (failures) process.exitCode = 1;
