// What only the run store on PostgreSQL does: migrations that run once however many processes open
// a new database at the same moment, liveness across machines (heartbeats and a lease by the
// database's clock), taking a run over from a worker that went silent, the write queue's failures,
// and the errors of a server that is not there, not ca's, or newer.
import { setTimeout as delay } from 'node:timers/promises';
import { expect, it } from 'vitest';
import type { RunStartedEvent } from '../../src/core/trace.js';
import { openPgRunStore } from '../../src/ledger/postgres/pg-run-store.js';
import { PG_RUN_SCHEMA_VERSION } from '../../src/ledger/postgres/pg-run-schema.js';
import { caughtAsync } from '../helpers/caught.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';
import { traceBuilder } from '../helpers/trace-events.js';
import { onPg } from './support/run-store-backends.js';

/** One database for the file; each test starts from it without ca's schema. */
let database: string | undefined;
async function fresh(): Promise<string> {
  database ??= await freshDatabase('ca_runs_pg');
  await onPg(database, 'DROP SCHEMA IF EXISTS ca_runs CASCADE');
  return database;
}

const started = (runId: string, at = Date.now(), name = 'refund_flow') => traceBuilder(runId, at).run(name, 'flow', { invoice: 'INV-2024-031' }).events[0] as RunStartedEvent;

describePg('the run store on PostgreSQL', () => {
  it('creates its schema exactly once when eight stores open a new database at the same moment', async () => {
    const url = await fresh();
    const stores = await Promise.all(Array.from({ length: 8 }, () => openPgRunStore(url)));
    expect(stores.map((store) => store.schemaVersion)).toEqual(Array(8).fill(PG_RUN_SCHEMA_VERSION));
    stores.forEach((store, index) => store.append(traceBuilder(`r_concurrent0${index}`, Date.now()).run('triage', 'flow').finish(1, 'succeeded').events));
    await Promise.all(stores.map((store) => store.close()));
    expect(await onPg(url, 'SELECT key, value FROM ca_runs.meta ORDER BY key')).toEqual([
      { key: 'schema_version', value: String(PG_RUN_SCHEMA_VERSION) },
      { key: 'store', value: 'ca-runs' },
    ]);
    expect(await onPg(url, "SELECT count(*)::int AS n FROM ca_runs.runs WHERE status = 'succeeded'")).toEqual([{ n: 8 }]);
  });

  it('keeps a step\'s end that went in with the next step\'s start exact and in order, and a retry of the same step apart', async () => {
    const url = await fresh();
    const store = await openPgRunStore(url);
    const runId = 'r_onestatement1';
    store.startRun(started(runId));
    const step = (key: string, attempt: number) => ({ key, name: key.split('/').at(-1)!.replace(/#\d+$/, ''), kind: 'tool' as const, inputHash: `sha256:${key}`, idempotencyKey: `ca_${key}`, attempt, at: Date.now() });
    await store.journal.stepStarted(runId, step('refund_flow/lookup_order#1', 1));
    await store.journal.stepEnded(runId, 'refund_flow/lookup_order#1', { status: 'succeeded', output: { b: 1, a: 2.5 }, attempts: 1, at: Date.now() });
    await store.journal.stepStarted(runId, step('refund_flow/issue_refund#1', 1));
    await store.journal.stepEnded(runId, 'refund_flow/issue_refund#1', { status: 'failed', error: { code: 'timeout', message: 'slow' }, attempts: 1, at: Date.now() });
    await store.journal.stepStarted(runId, step('refund_flow/issue_refund#1', 2));
    const steps = await store.journal.readSteps(runId);
    expect(steps.map((entry) => [entry.key, entry.status, entry.attempts])).toEqual([
      ['refund_flow/lookup_order#1', 'succeeded', 1],
      ['refund_flow/issue_refund#1', 'started', 2],
    ]);
    expect(steps[0]!.output).toEqual({ b: 1, a: 2.5 });
    expect(JSON.stringify(steps[0]!.output)).toBe('{"b":1,"a":2.5}');
    await store.close();
  });

  it('a reader creates nothing: a database without ca’s runs is "nothing run yet", and stays empty', async () => {
    const url = await fresh();
    expect(await caughtAsync(() => openPgRunStore(url, { readonly: true }))).toMatchObject({ code: 'runs-missing', exitCode: 2 });
    expect(await onPg(url, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'ca_runs'")).toEqual([{ n: 0 }]);
  });

  it('refuses a schema that is not ca’s, and one written by a newer ca, writing nothing', async () => {
    const url = await fresh();
    await onPg(url, 'CREATE SCHEMA ca_runs; CREATE TABLE ca_runs.runs (id int)');
    expect(await caughtAsync(() => openPgRunStore(url))).toMatchObject({ code: 'runs-not-ca', exitCode: 2 });
    expect(await onPg(url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'ca_runs'")).toEqual([{ n: 1 }]);

    await fresh();
    await (await openPgRunStore(url)).close();
    await onPg(url, "UPDATE ca_runs.meta SET value = '99' WHERE key = 'schema_version'");
    for (const readonly of [false, true]) {
      const error = await caughtAsync(() => openPgRunStore(url, { readonly }));
      expect(error).toMatchObject({ code: 'runs-too-new', exitCode: 2 });
      expect(error.message).toContain('schema version 99');
    }
  });

  it('a server that is not there, or a database that does not exist, is one line naming the URL with its password masked', async () => {
    const url = new URL(await fresh());
    url.username = 'runner';
    url.password = 's3cret-pw';
    url.port = '1'; // nothing listens on port 1
    const unreachable = await caughtAsync(() => openPgRunStore(url.toString()));
    expect(unreachable).toMatchObject({ code: 'runs-unreachable', exitCode: 2 });
    expect(unreachable.message).toMatch(/^cannot reach the run store at postgres:\/\/runner:\*\*\*\*@127\.0\.0\.1:1\/[^\n]*$/);
    expect(unreachable.message).not.toContain('s3cret-pw');

    const missing = new URL(await fresh());
    missing.pathname = '/no_such_database';
    const error = await caughtAsync(() => openPgRunStore(missing.toString()));
    expect(error).toMatchObject({ code: 'runs-no-database', exitCode: 2 });
    expect(error.message).toMatch(/no_such_database/);
  });

  it('keeps a run alive by its heartbeat past the lease; once its process goes silent it reads interrupted', async () => {
    const url = await fresh();
    const writer = await openPgRunStore(url, { heartbeatMs: 25 });
    const reader = await openPgRunStore(url, { readonly: true, leaseMs: 250 });
    const at = Date.now();
    writer.append(traceBuilder('r_heartbeat0001', at).run('nightly_reconcile', 'flow').span('s1', 'root', 'fetch_invoice', 'tool', 1).events);
    await writer.flush();
    await delay(350);
    expect(await reader.getRun('r_heartbeat0001')).toMatchObject({ status: 'running', durationKind: 'so-far' });
    // Closed without ending the run, as a killed process would leave it: no more heartbeats.
    await writer.close();
    await delay(350);
    const run = await reader.getRun('r_heartbeat0001');
    expect(run).toMatchObject({ status: 'interrupted', durationKind: 'until-last-sign', error: { code: 'interrupted' } });
    // Timed up to its last heartbeat, not its last event.
    expect(run.durationMs).toBeGreaterThanOrEqual(300);
    expect((await reader.readEvents('r_heartbeat0001')).at(-1)).toMatchObject({ type: 'run.ended', status: 'interrupted', failedPath: ['nightly_reconcile', 'fetch_invoice'] });
    expect((await reader.listRuns({ status: 'interrupted' })).map((summary) => summary.id)).toEqual(['r_heartbeat0001']);
    await reader.close();
  });

  it('takes over a run from a worker on another machine that went silent, and the old worker can no longer write it', async () => {
    const url = await fresh();
    const silent = await openPgRunStore(url, { heartbeatMs: 0 });
    const runId = 'r_takeover00001';
    const at = Date.now();
    const trace = traceBuilder(runId, at).run('refund_flow', 'flow').span('s1', 'root', 'lookup_order', 'tool', 1000);
    trace.end('s1', 1500, 'succeeded', { tokens: { input: 120, output: 8 }, costUsd: 0.0001 });
    silent.startRun(trace.events[0] as RunStartedEvent);
    silent.append(trace.events.slice(1));
    await silent.journal.stepStarted(runId, { key: 'refund_flow', name: 'refund_flow', kind: 'flow', inputHash: 'sha256:root', idempotencyKey: 'ca_root', attempt: 1, at });
    await silent.journal.stepStarted(runId, { key: 'refund_flow/issue_refund#1', name: 'issue_refund', kind: 'tool', inputHash: 'sha256:refund', idempotencyKey: 'ca_refund', attempt: 1, at: at + 2000 });
    // Its span events follow the journal within the flush interval.
    await silent.flush();

    // A worker elsewhere sees it running (on this machine its pid is alive, and its lease is fresh)…
    const worker = await openPgRunStore(url);
    const origin = { pid: 4242, host: 'worker-2.internal' };
    expect(await caughtAsync(async () => worker.reopenRun(runId, origin))).toMatchObject({ code: 'run-still-running' });
    // …until it has not been heard of within the lease; a writable open then records it interrupted.
    await onPg(url, 'UPDATE ca_runs.runs SET alive_at = alive_at - 60000');
    expect(await worker.getRun(runId)).toMatchObject({ status: 'interrupted', durationMs: 1500, tokens: { input: 120, output: 8 } });
    const segment = await worker.reopenRun(runId, origin, { takeOver: true });
    expect(segment).toEqual({ segment: 2, from: 'interrupted', nextSeq: 4, spent: { tokens: { input: 120, output: 8 }, costUsd: 0.0001, durationMs: 1500 }, rootAttempts: 1 });
    expect(await worker.getRun(runId)).toMatchObject({ status: 'running', pid: 4242, host: 'worker-2.internal' });

    // The old worker comes back: its step's end (written with its next step's start), that next step, and its outcome are refused.
    await silent.journal.stepEnded(runId, 'refund_flow/issue_refund#1', { status: 'succeeded', output: { refunded: 120 }, attempts: 1, at: Date.now() });
    const refused = await caughtAsync(async () => silent.journal.stepStarted(runId, { key: 'refund_flow/notify_customer#1', name: 'notify_customer', kind: 'tool', inputHash: 'sha256:notify', idempotencyKey: 'ca_notify', attempt: 1, at: Date.now() }));
    expect(refused).toMatchObject({ code: 'run-taken-over', message: `run ${runId} was taken over by pid 4242 on worker-2.internal: this process was not heard of within the lease, and stops writing it` });
    silent.finishRun({ runId, seq: 9, at: Date.now(), type: 'run.ended', status: 'succeeded', durationMs: 1, tokens: { input: 0, output: 0 }, costUsd: 0 });
    expect(await caughtAsync(() => silent.close())).toMatchObject({ code: 'run-taken-over' });
    expect((await worker.journal.readSteps(runId))[1]).toMatchObject({ status: 'started' });
    expect(await worker.getRun(runId)).toMatchObject({ status: 'running', pid: 4242 });
    // A run taken over by a live worker is still running: a second worker cannot take it as well without takeOver.
    expect(await caughtAsync(async () => worker.reopenRun(runId, { pid: 5151, host: 'worker-3.internal' }))).toMatchObject({ code: 'run-still-running' });
    await worker.close();
  });

  it('a queued write that fails is thrown by the next awaited call; the writes behind it are dropped, later ones go on', async () => {
    const store = await openPgRunStore(await fresh());
    const trace = traceBuilder('r_duplicate0001', Date.now()).run('triage', 'flow').span('s1', 'root', 'lookup_ticket', 'tool', 1);
    store.append(trace.events);
    await store.flush();
    // The same sequence number twice: the database refuses the batch.
    store.append({ ...trace.events[1]!, type: 'span.log', spanId: 's1', message: 'written twice' });
    // The run's end goes in after its events: behind the failed batch, it is dropped (the run still reads running).
    store.finishRun({ runId: 'r_duplicate0001', seq: 99, at: Date.now(), type: 'run.ended', status: 'succeeded', durationMs: 1, tokens: { input: 0, output: 0 }, costUsd: 0 });
    await expect(store.flush()).rejects.toThrow(/duplicate key value violates unique constraint/);
    store.append(traceBuilder('r_afterwards001', Date.now()).run('triage', 'flow').finish(1, 'succeeded').events);
    await store.flush();
    expect((await store.listRuns()).map((run) => [run.id, run.status])).toEqual([
      ['r_afterwards001', 'succeeded'],
      ['r_duplicate0001', 'running'],
    ]);
    // A write refused for one run (no such run) is said by the next flush; it fails nothing else.
    store.finishRun({ runId: 'r_neverstarted1', seq: 1, at: Date.now(), type: 'run.ended', status: 'succeeded', durationMs: 1, tokens: { input: 0, output: 0 }, costUsd: 0 });
    await expect(store.flush()).rejects.toThrow(/finishRun: no run r_neverstarted1/);
    await store.close();
  });

  it('goes on writing after the server ended its connections', async () => {
    const url = await fresh();
    const store = await openPgRunStore(url);
    store.startRun(started('r_reconnect0001'));
    await store.flush();
    await onPg(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'ca-runs:%' AND datname = current_database()");
    await delay(20);
    store.append(traceBuilder('r_reconnect0001', Date.now()).finish(1, 'succeeded').events.map((event) => ({ ...event, seq: 1 })));
    await store.flush();
    expect(await store.getRun('r_reconnect0001')).toMatchObject({ status: 'succeeded' });
    await store.close();
  });

  it('says that sessions need a SQLite run store, in one line', async () => {
    const store = await openPgRunStore(await fresh());
    let error: unknown;
    try {
      void store.sessions;
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'sessions-need-sqlite', exitCode: 2, hint: 'set runs: in ca.yaml to a path (or unset CA_RUNS_URL) to chat' });
    expect((error as Error).message).not.toContain('\n');
    await store.close();
  });
});
