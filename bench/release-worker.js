// Releases (SPEC §14): how long `ca worker --env prod` takes to start (its static scan of the code
// and the match against the env's release) at 500 and 2,000 flows, cold (no discovery cache) and
// warm, beside `ca ls` on the same code; and how long a run queued with `ca run --env prod --queue`
// waits before its first step starts on a serving worker (the DBOS poll, the run store's writes).
// The ledger is the project's SQLite file; the runs and the queue are on a throwaway PostgreSQL
// server (test/helpers/postgres-cluster.ts) unless CA_TEST_PG_URL names one.
// Usage: node --import tsx bench/release-worker.js   (after npm run build; run by npm run bench)
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { setup, teardown } from '../test/helpers/postgres-cluster.ts';
import { generateModule, PACKAGE_ROOT, WORK_DIR } from './generate-module.js';

const SIZES = (process.env.BENCH_RELEASE_SIZES ?? '500,2000').split(',').map(Number);
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 10);
const CA = path.join(PACKAGE_ROOT, 'bin', 'run.js');

await setup();
const server = process.env.CA_TEST_PG_URL;
if (!server) {
  console.log('release-worker bench skipped: no PostgreSQL server');
  process.exit(0);
}

const results = { startup: [], latency: null };
const children = [];
try {
  for (const flows of SIZES) {
    const url = await freshDatabase(`ca_bench_release_${flows}`);
    const dir = path.join(WORK_DIR, `release-${flows}`);
    fs.rmSync(dir, { recursive: true, force: true });
    generateModule({ flows, outDir: dir });
    fs.appendFileSync(path.join(dir, 'ca.yaml'), '\nenvs:\n  prod:\n    target: { type: worker, queue: prod }\n');
    if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const env = { NO_COLOR: '1', CA_RUNS_URL: url };
    const deployed = await execa('node', [CA, 'deploy', '--env', 'prod', '--yes', '--no-lint', '-p', dir], { env, reject: false });
    if (deployed.exitCode !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
    const nodes = JSON.parse((await execa('node', [CA, 'ls', '--json', '-p', dir], { env })).stdout).nodes.length;
    // The first worker creates the queue's tables; not measured.
    await stop(await startWorker(dir, env));
    const sample = { flows, nodes, workerColdMs: [], workerWarmMs: [], lsColdMs: [], lsWarmMs: [] };
    for (let round = 0; round < 3; round++) {
      fs.rmSync(path.join(dir, '.ca', 'cache'), { recursive: true, force: true });
      sample.lsColdMs.push(await timed(() => execa('node', [CA, 'ls', '-p', dir], { env })));
      sample.lsWarmMs.push(await timed(() => execa('node', [CA, 'ls', '-p', dir], { env })));
      fs.rmSync(path.join(dir, '.ca', 'cache'), { recursive: true, force: true });
      let worker;
      sample.workerColdMs.push(await timed(async () => (worker = await startWorker(dir, env))));
      await stop(worker);
      sample.workerWarmMs.push(await timed(async () => (worker = await startWorker(dir, env))));
      await stop(worker);
    }
    const row = { flows, nodes, workerColdMs: median(sample.workerColdMs), workerWarmMs: median(sample.workerWarmMs), lsColdMs: median(sample.lsColdMs), lsWarmMs: median(sample.lsWarmMs) };
    results.startup.push(row);
    console.log(
      `release-worker bench · ${flows} flows (${nodes} nodes) · worker start-up to serving its release: cold ${row.workerColdMs} ms, warm ${row.workerWarmMs} ms · ca ls: cold ${row.lsColdMs} ms, warm ${row.lsWarmMs} ms (medians of 3)`,
    );

    if (flows === SIZES[0]) results.latency = await enqueueLatency(dir, env, url);
  }
  console.log(JSON.stringify(results));
} finally {
  for (const child of children) child.kill('SIGKILL');
  await Promise.allSettled(children);
  await teardown();
}

/** Queued one after another from the CLI; each one's wait is its first step's start minus its queue time, both in the run store. */
async function enqueueLatency(dir, env, url) {
  const worker = await startWorker(dir, env);
  const flow = JSON.parse((await execa('node', [CA, 'ls', '--json', '-p', dir], { env })).stdout).nodes.find((node) => node.kind === 'flow');
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const waits = [];
  try {
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const queued = await execa('node', [CA, 'run', flow.name, '--env', 'prod', '--queue', '--input', JSON.stringify({ id: `R-${i}`, priority: 1 }), '-p', dir], { env, reject: false });
      if (queued.exitCode !== 0) throw new Error(`ca run --queue failed: ${queued.stderr}`);
      const runId = queued.stdout.trim();
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await db.query('SELECT r.queued_at, min(s.started_at) AS first FROM ca_runs.runs r LEFT JOIN ca_runs.steps s ON s.run_id = r.id WHERE r.id = $1 GROUP BY r.queued_at', [runId]);
        if (rows[0]?.first) {
          waits.push(Number(rows[0].first) - Number(rows[0].queued_at));
          break;
        }
        if (Date.now() > deadline) throw new Error(`run ${runId} did not start within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  } finally {
    await db.end();
    await stop(worker);
  }
  const latency = { runs: LATENCY_RUNS, medianMs: median(waits), maxMs: Math.max(...waits) };
  console.log(`release-worker bench · enqueue to first step on a serving worker: median ${latency.medianMs} ms, max ${latency.maxMs} ms over ${LATENCY_RUNS} runs`);
  return latency;
}

async function startWorker(dir, env) {
  // stdout ignored: a pipe nobody reads would keep the child's promise from settling.
  const child = execa('node', [CA, 'worker', '--env', 'prod', '--allow-dirty', '-p', dir], { env, reject: false, buffer: false, stdout: 'ignore' });
  children.push(child);
  let said = '';
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      said += String(chunk);
      if (/release [0-9a-f]{12}/.test(said)) resolve();
    });
    child.once('exit', () => reject(new Error(`the worker exited before serving: ${said}`)));
  });
  // Wrapped: an execa child is a thenable, and returning it from an async function would wait for it to exit.
  return { child };
}

/** SIGKILL: the bench measures start-up, not a graceful stop (the next worker simply finds this one dead). */
async function stop({ child }) {
  child.kill('SIGKILL');
  await child.catch(() => undefined);
}

async function timed(work) {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function freshDatabase(name) {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return Object.assign(new URL(server), { pathname: `/${name}` }).toString();
}
