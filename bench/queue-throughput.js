// The run queue on PostgreSQL (SPEC §10): runs per second through `ca run --queue` and two real
// `ca worker` processes, of a 5-step flow (four tools and a reasoner of the fake: provider), every
// step journaled in the run store on PostgreSQL. The runs are queued in-process through the same
// modules `ca run --queue` uses (200 CLI processes would measure Node start-up, not the queue).
// A throwaway PostgreSQL server is started (test/helpers/postgres-cluster.ts) unless CA_TEST_PG_URL names one.
// Usage: node --import tsx bench/queue-throughput.js   (after npm run build; run by npm run bench)
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { setup, teardown } from '../test/helpers/postgres-cluster.ts';
import { PACKAGE_ROOT, WORK_DIR } from './generate-module.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WORKERS = 2;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const CA = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const dist = (p) => import(path.join(PACKAGE_ROOT, 'dist', p));
// One connection for polling: a new one per poll would fork a server process each time, on the machine being measured.
let watcher;

await setup();
const server = process.env.CA_TEST_PG_URL;
if (!server) {
  console.log('queue-throughput bench skipped: no PostgreSQL server');
  process.exit(0);
}

const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS ca_bench_queue WITH (FORCE)');
await admin.query('CREATE DATABASE ca_bench_queue');
await admin.end();
const url = Object.assign(new URL(server), { pathname: '/ca_bench_queue' }).toString();

const dir = path.join(WORK_DIR, 'queue-bench');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'queue-bench', private: true, type: 'module' }));
fs.writeFileSync(path.join(dir, 'ca.yaml'), 'src: [src]\n');
fs.writeFileSync(
  path.join(dir, 'src', 'orders.ts'),
  `import { flow, reasoner, tool } from 'composable-agents';

export const lookupOrder = tool({ name: 'lookup_order', description: 'Read an order', effect: 'read', run: async (id: string) => ({ id, total: 4900 }) });
export const reserveStock = tool({ name: 'reserve_stock', description: 'Hold the items', effect: 'write', idempotent: true, run: async (id: string) => ({ id, held: true }) });
export const chargeCard = tool({ name: 'charge_card', description: 'Charge the card', effect: 'write', run: async (id: string) => ({ charge: 'ch_' + id }) });
export const shipParcel = tool({ name: 'ship_parcel', description: 'Ship it', effect: 'write', run: async (id: string) => ({ tracking: 'tr_' + id }) });
export const confirm = reasoner({ name: 'write_confirmation', description: 'Say it is on its way', model: 'fake:echo', system: 'Confirm the shipment in one line.' });

export const fulfil = flow({
  name: 'fulfil_order',
  description: 'Five steps',
  uses: [lookupOrder, reserveStock, chargeCard, shipParcel, confirm],
  run: async (ctx, id: string) => {
    await ctx.call(lookupOrder, id);
    await ctx.call(reserveStock, id);
    const { charge } = await ctx.call(chargeCard, id);
    const { tracking } = await ctx.call(shipParcel, id);
    return { charge, tracking, note: await ctx.think(confirm, { order: id, tracking }) };
  },
});
`,
);
fs.symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

const env = { NO_COLOR: '1', CA_RUNS_URL: url };
const workers = [];
try {
  // The first `ca run --queue` creates the queue's tables and the run store's schema.
  const first = await execa('node', [CA, 'run', 'fulfil_order', '--queue', '--input', '"warm-up"', '-p', dir], { env, reject: false });
  if (first.exitCode !== 0) throw new Error(`ca run --queue failed: ${first.stderr}`);
  for (let i = 0; i < WORKERS; i++) {
    const child = execa('node', [CA, 'worker', '--concurrency', String(CONCURRENCY), '-p', dir], { env, reject: false, buffer: false });
    workers.push(child);
    await new Promise((resolve, reject) => {
      child.stderr.on('data', (chunk) => String(chunk).includes('serves queue') && resolve());
      child.once('exit', () => reject(new Error('a worker exited before serving')));
    });
  }
  const done = await countSucceeded(url);
  const seeded = done >= 1 ? done : await waitFor(url, 1);

  const { openRunStoreAt } = await dist('ledger/open-run-store.js');
  const { QueueClient } = await dist('queue/dbos-queue.js');
  const { newRunId } = await dist('core/trace.js');
  const store = await openRunStoreAt(url);
  const client = await QueueClient.open(url);
  const started = performance.now();
  // Ten callers queue at once, as a team's services and pipelines would.
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < RUNS) {
        const i = next++;
        const runId = newRunId();
        await store.enqueueRun({ runId, name: 'fulfil_order', kind: 'flow', input: `ORD-${i}`, queue: 'default', at: Date.now() });
        await client.enqueue(runId, 'default');
      }
    }),
  );
  const queuedMs = performance.now() - started;
  await waitFor(url, seeded + RUNS);
  const totalMs = performance.now() - started;
  await client.close();
  await store.close();
  const steps = await stepCount(url);
  const rate = (RUNS / totalMs) * 1000;
  console.log(`queue-throughput bench · ${RUNS} runs of a 5-step flow · ${WORKERS} workers × ${CONCURRENCY} at once · PostgreSQL`);
  console.log(`  queued in ${Math.round(queuedMs)} ms (${((RUNS / queuedMs) * 1000).toFixed(0)} enqueues/s)`);
  console.log(`  all succeeded in ${Math.round(totalMs)} ms: ${rate.toFixed(1)} runs/s (target ≥ 50), ${steps} journal steps`);
  console.log(JSON.stringify({ runs: RUNS, workers: WORKERS, concurrency: CONCURRENCY, queuedMs: Math.round(queuedMs), totalMs: Math.round(totalMs), runsPerSecond: Number(rate.toFixed(1)) }));
} finally {
  await watcher?.end();
  for (const child of workers) child.kill('SIGTERM');
  await Promise.allSettled(workers);
  await teardown();
}

async function countSucceeded(databaseUrl) {
  if (!watcher) {
    watcher = new pg.Client({ connectionString: databaseUrl });
    await watcher.connect();
  }
  const { rows } = await watcher.query("SELECT count(*)::int AS n FROM ca_runs.runs WHERE status = 'succeeded'");
  return rows[0].n;
}

async function waitFor(databaseUrl, succeeded) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const n = await countSucceeded(databaseUrl);
    if (n >= succeeded) return n;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${succeeded} runs succeeded in 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stepCount(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM ca_runs.steps')).rows[0].n;
  } finally {
    await client.end();
  }
}
