// End to end on the team backend's queue (SPEC §10): real `ca run --queue`, real `ca worker`
// processes on one PostgreSQL database, killed and stopped as machines are.
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePg, freshDatabase } from '../helpers/postgres.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { FIXTURES, REPO_ROOT } from '../helpers/temp-project.js';
import pg from 'pg';
import { unrulyDesk } from './support/unruly-desk.js';
import { fileLines, until } from '../helpers/until.js';


describe('ca run --queue and ca worker without PostgreSQL', () => {
  it('refuse in one line and exit 2: the run store is a SQLite file', async () => {
    const desk = unrulyDesk();
    const queued = await runCli(['run', 'fulfil_order', '--queue', '--input', '{"order":"ORD-1","amountCents":1}', '-p', desk]);
    expect(queued.exitCode).toBe(2);
    expect(queued.stderr).toMatch(/cannot queue a run: the run store .*runs\.db is a SQLite file/);
    expect(queued.stderr.trim().split('\n')).toHaveLength(1);
    const worker = await runCli(['worker', '-p', desk]);
    expect(worker.exitCode).toBe(2);
    expect(worker.stderr).toMatch(/ca worker serves a queue in PostgreSQL/);
  });
});

describePg('ca worker on PostgreSQL', () => {
  let desk: string;
  let env: Record<string, string>;
  let log: string;
  let hold: string;
  const workers: ResultPromise[] = [];
  let database: pg.Client;

  const ca = (args: string[]) => runCli([...args, '-p', desk], { env });
  const startWorker = () => {
    const child = execa('node', [CA_BIN, 'worker', '-p', desk], { env: { NO_COLOR: '1', ...env }, reject: false });
    workers.push(child);
    return child;
  };
  // Polled straight from the database: a CLI process per poll would only slow the story down.
  const runOf = async (id: string) => {
    const [row] = (await database.query<{ status: string; error: string | null }>('SELECT status, error FROM ca_runs.runs WHERE id = $1', [id])).rows;
    return { id, status: row?.status, ...(row?.error ? { error: JSON.parse(row.error) as { code: string } } : {}) };
  };
  const enqueue = async (name: string, input: string) => {
    const queued = await ca(['run', name, '--queue', '--input', input]);
    expect(queued.exitCode, queued.stderr).toBe(0);
    return queued;
  };

  beforeAll(async () => {
    // One desk for the whole story (temp projects of the helpers are removed after each test).
    desk = mkdtempSync(path.join(os.tmpdir(), 'ca-queue-desk-'));
    cpSync(path.join(FIXTURES, 'runtime', 'unruly-desk'), desk, { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(desk, 'node_modules'), 'dir');
    log = path.join(desk, 'checkout.log');
    hold = path.join(desk, 'stock-confirmed');
    // A short lease: a killed worker's runs move on within about a second.
    env = { CA_RUNS_URL: await freshDatabase('ca_queue'), CHECKOUT_LOG: log, CHECKOUT_HOLD: hold, CA_WORKER_LEASE_MS: '1000' };
    database = new pg.Client({ connectionString: env.CA_RUNS_URL });
    await database.connect();
  });

  afterAll(async () => {
    for (const child of workers) child.kill('SIGKILL');
    await Promise.all(workers);
    await database.end();
    rmSync(desk, { recursive: true, force: true });
  });

  it('a queued run whose worker is SIGKILLed mid-flow is finished by a second worker; each write ran once; ca runs shows it succeeded', async () => {
    const queued = await enqueue('fulfil_order', '{"order":"ORD-7","amountCents":4900}');
    const runId = queued.stdout.trim();
    expect(runId).toMatch(/^r_[0-9a-z]{14}$/);
    expect(queued.stderr).toMatch(/no worker serves queue default now/);
    expect(JSON.parse((await ca(['runs', '--json'])).stdout).runs[0]).toMatchObject({ id: runId, status: 'queued' });

    // Killed in the read between the two writes (check_stock waits for the hold file).
    const first = startWorker();
    await until(() => fileLines(log).some((line) => line === 'checked stock ORD-7'), 'check_stock to start');
    first.kill('SIGKILL');
    await first;
    writeFileSync(hold, '');
    const second = startWorker();
    await until(async () => (await runOf(runId)).status === 'succeeded' || undefined, 'the second worker to finish the run');

    const effects = fileLines(log);
    expect(effects.filter((line) => line.startsWith('charged ORD-7'))).toHaveLength(1);
    expect(effects.filter((line) => line.startsWith('shipped ORD-7'))).toHaveLength(1);
    expect(effects.filter((line) => line === 'checked stock ORD-7')).toHaveLength(2);
    const runs = JSON.parse((await ca(['runs', '--json'])).stdout);
    expect(runs.runs[0]).toMatchObject({ id: runId, name: 'fulfil_order', status: 'succeeded' });
    expect(runs.path).toMatch(/^postgres:\/\//);
    const tree = await ca(['trace', runId]);
    expect(tree.stdout).toMatch(/resumed \(segment 2\)/);
    expect(tree.stdout).toMatch(/charge_card[\s\S]*restored from the journal/);
    // The journal on PostgreSQL replays offline, and result: selects from the team's runs.
    const replayed = await ca(['replay', runId]);
    expect(replayed.exitCode, replayed.stderr).toBe(0);
    expect(replayed.stdout).toMatch(/identical\s+fulfil_order/);
    expect((await ca(['ls', '-s', 'result:succeeded', '--output', 'names'])).stdout.split('\n')).toContain('fulfil_order');
    // Nothing of the team's runs is kept on this machine.
    expect(existsSync(path.join(desk, '.ca', 'runs.db'))).toBe(false);
    expect(second.exitCode).toBeNull();
  });

  it('--wait streams the trace from the worker and prints exactly what the flow returned', async () => {
    const waited = await ca(['run', 'fulfil_order', '--queue', '--wait', '--input', '{"order":"ORD-9","amountCents":100}']);
    expect(waited.exitCode, waited.stderr).toBe(0);
    expect(waited.stdout).toBe('{\n  "order": "ORD-9",\n  "charge": "ch_ORD-9",\n  "tracking": "tr_ORD-9"\n}\n');
    expect(waited.stderr).toMatch(/ship_parcel/);
    expect(waited.stderr).toMatch(/succeeded on queue default/);
  });

  it('a run parked at an approval on a worker goes on once ca approve answers from another process', async () => {
    const queued = await enqueue('refund_order', '{"order":"ORD-3","amountCents":700}');
    const runId = queued.stdout.trim();
    await until(async () => (await runOf(runId)).status === 'waiting' || undefined, 'the run to park');
    const approved = await runCli(['approve', runId, '-p', desk], { env: { ...env, CA_ACTOR: 'dana' } });
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(approved.stderr).toMatch(/a worker of queue default goes on with it/);
    await until(async () => (await runOf(runId)).status === 'succeeded' || undefined, 'the approved run to finish');
    expect(fileLines(log).filter((line) => line.startsWith('refunded ORD-3'))).toHaveLength(1);
  });

  it('SIGTERM: the step in flight finishes, the run goes back to the queue, and the next worker finishes it', async () => {
    rmSync(hold);
    const queued = await enqueue('fulfil_order', '{"order":"ORD-10","amountCents":300}');
    const runId = queued.stdout.trim();
    await until(() => fileLines(log).some((line) => line === 'checked stock ORD-10'), 'check_stock of ORD-10 to start');
    const stopping = workers.at(-1)!;
    stopping.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Still finishing its step: the stock check is confirmed, and then it stops.
    writeFileSync(hold, '');
    const stopped = await stopping;
    expect(stopped.exitCode, String(stopped.stderr)).toBe(0);
    expect(String(stopped.stderr)).toMatch(/1 queued again/);
    expect(await runOf(runId)).toMatchObject({ status: 'interrupted', error: { code: 'drained' } });
    expect(fileLines(log).some((line) => line.startsWith('shipped ORD-10'))).toBe(false);

    startWorker();
    await until(async () => (await runOf(runId)).status === 'succeeded' || undefined, 'the next worker to finish the run');
    const effects = fileLines(log);
    expect(effects.filter((line) => line.startsWith('charged ORD-10'))).toHaveLength(1);
    expect(effects.filter((line) => line.startsWith('shipped ORD-10'))).toHaveLength(1);
    // The step the drain let finish is restored, never run again.
    expect(effects.filter((line) => line === 'checked stock ORD-10')).toHaveLength(1);
  });

  it('a second workflow of a run in flight on a live worker leaves it to that worker: no step runs twice', async () => {
    rmSync(hold);
    const queued = await enqueue('fulfil_order', '{"order":"ORD-11","amountCents":300}');
    const runId = queued.stdout.trim();
    await until(() => fileLines(log).some((line) => line === 'checked stock ORD-11'), 'check_stock of ORD-11 to start');
    // What two answered approvals of one run do: the run queued again while it runs.
    const { QueueClient } = (await import(path.join(REPO_ROOT, 'dist', 'queue', 'dbos-queue.js'))) as typeof import('../../src/queue/dbos-queue.js');
    const client = await QueueClient.open(env.CA_RUNS_URL!);
    await client.enqueue(runId, 'default', `${runId}.again`);
    await until(async () => (await client.queuedWorkflows(runId)).length === 0 || undefined, 'the second workflow to be taken');
    await client.close();
    writeFileSync(hold, '');
    await until(async () => (await runOf(runId)).status === 'succeeded' || undefined, 'the run to finish');
    const effects = fileLines(log);
    expect(effects.filter((line) => line === 'checked stock ORD-11')).toHaveLength(1);
    expect(effects.filter((line) => line.startsWith('shipped ORD-11'))).toHaveLength(1);
  });
});
