import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { newRunId } from '../../src/core/trace.js';
import { openRunStore } from '../../src/ledger/open-run-store.js';
import { RUN_STORE_MIGRATIONS, RUN_STORE_SCHEMA_VERSION } from '../../src/ledger/run-store-schema.js';
import { renderTraceTree } from '../../src/ui/trace/render-trace-tree.js';
import { REPO_ROOT, tempDir } from '../helpers/temp-project.js';
import { deniedRefundRun, traceBuilder } from '../helpers/trace-events.js';
import { caught } from '../helpers/caught.js';
import { waitForLine } from '../helpers/wait-for-line.js';

const CHILD = path.join(import.meta.dirname, 'support', 'run-store-child.ts');

function raw<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** An hour ago: runs before this process started, so a `running` one among them would count as dead. */
const BASE = Date.now() - 3_600_000;

/** A finished run of `name` with `status`, started `at` ms after BASE. */
function finishedRun(id: string, name: string, status: 'succeeded' | 'failed' | 'cancelled', at: number, extra: { sessionId?: string } = {}) {
  const trace = traceBuilder(id, BASE + at).run(name, 'flow', { ticket: 'T-1' }, extra);
  trace.span('s1', 'root', 'lookup_ticket', 'tool', 1).end('s1', 5, status === 'succeeded' ? 'succeeded' : 'failed', {
    ...(status === 'succeeded' ? {} : { error: { code: 'error', message: 'ticket T-1 not found' } }),
  });
  return trace.finish(6, status, status === 'succeeded' ? {} : { error: { code: 'error', message: 'ticket T-1 not found' } }).events;
}

function spawnChild(args: { file: string; runId: string; spans: number; hold?: boolean; pauseEvery?: number; name?: string; heartbeatMs?: number }) {
  return execa(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], { cwd: REPO_ROOT, reject: false });
}

describe('the run store', () => {
  it('creates .ca/runs.db (WAL, the current schema version) and reads a run back exactly as it was written', () => {
    const file = path.join(tempDir(), '.ca', 'runs.db');
    const { events } = deniedRefundRun();
    const store = openRunStore(file);
    store.append(events);
    store.close();

    expect(raw<{ user_version: number }>(file, 'PRAGMA user_version')[0]?.user_version).toBe(RUN_STORE_SCHEMA_VERSION);
    expect(raw<{ journal_mode: string }>(file, 'PRAGMA journal_mode')[0]?.journal_mode).toBe('wal');
    const reader = openRunStore(file, { readonly: true });
    expect(reader.readEvents(events[0]!.runId)).toEqual(events);
    expect(reader.listRuns()).toEqual([
      {
        id: 'r_mi8h3k2x0a1b2c',
        name: 'triage',
        kind: 'flow',
        status: 'failed',
        startedAt: events[0]!.at,
        durationMs: 5802,
        durationKind: 'final',
        tokens: { input: 800, output: 52 },
        costUsd: 0.00015,
        error: { code: 'capability-denied', message: 'triage may not call issue_refund', hint: "add issueRefund to triage's uses" },
      },
    ]);
    expect(reader.getRun('r_mi8h3k2x0a1b2c')).toMatchObject({ input: { ticket: 'T-1042' }, endedAt: events.at(-1)!.at, pid: process.pid });
    // Stored events are the --json lines: a stored trace renders exactly as the live one did.
    const c = pc.createColors(false);
    expect(renderTraceTree(reader.readEvents('r_mi8h3k2x0a1b2c'), c)).toBe(renderTraceTree(events, c));
    reader.close();
  });

  it('buffers span events and writes them in one transaction after the flush interval, or at once on finish', async () => {
    const file = path.join(tempDir(), 'runs.db');
    const store = openRunStore(file, { flushIntervalMs: 40 });
    const trace = traceBuilder('r_buffered00001').run('triage', 'flow');
    store.append(trace.events);
    const count = () => raw<{ n: number }>(file, 'SELECT count(*) AS n FROM events')[0]!.n;
    // run.started is written at once, so `ca runs` shows a run as soon as it starts.
    expect(count()).toBe(1);
    trace.span('s1', 'root', 'lookup_ticket', 'tool', 1).log('s1', 2, 'cache miss');
    store.append(trace.events.slice(1));
    expect(count()).toBe(1);
    await delay(150);
    expect(count()).toBe(3);
    trace.end('s1', 3).finish(4, 'succeeded');
    store.append(trace.events.slice(3));
    expect(count()).toBe(5);
    expect(raw<{ status: string }>(file, 'SELECT status FROM runs')[0]?.status).toBe('succeeded');
    store.close();
  });

  it('keeps up with 10,000 events without slowing the run much', () => {
    const file = path.join(tempDir(), 'runs.db');
    const trace = traceBuilder(newRunId()).run('nightly_reconcile', 'flow');
    for (let index = 0; trace.events.length < 9_999; index++) {
      trace.span(`s${index}`, 'root', 'fetch_invoice', 'tool', index, { input: { invoice: `INV-${index}` } });
      trace.end(`s${index}`, index + 1, 'succeeded', { output: { invoice: `INV-${index}`, amount: index * 3, currency: 'EUR' } });
    }
    trace.finish(10_000, 'succeeded');
    expect(trace.events).toHaveLength(10_000);

    const store = openRunStore(file);
    const started = performance.now();
    // As the interpreter does it: one event at a time.
    for (const event of trace.events) store.append(event);
    const elapsed = performance.now() - started;
    store.close();
    const reader = openRunStore(file, { readonly: true });
    expect(reader.readEvents(trace.events[0]!.runId)).toHaveLength(10_000);
    reader.close();
    // Measured at about 60 ms on a laptop (6 µs per event): well under a run's own work.
    expect(elapsed).toBeLessThan(1_500);
  });

  it('finds a run by full id, unique prefix (with or without r_) or last, and says what it means when it cannot', () => {
    const file = path.join(tempDir(), 'runs.db');
    const store = openRunStore(file);
    expect(caught(() => store.getRun('last'))).toMatchObject({ code: 'run-not-found', exitCode: 2, message: expect.stringMatching(/no runs recorded yet/) });
    store.append(finishedRun('r_mi8h3k2xaaaa01', 'triage', 'succeeded', 0));
    store.append(finishedRun('r_mi8h3k2xaaaa02', 'refund_flow', 'failed', 1000));
    store.append(finishedRun('r_mi8h3m00bcd999', 'triage', 'failed', 2000));

    expect(store.getRun('r_mi8h3k2xaaaa01').name).toBe('triage');
    expect(store.getRun('r_mi8h3m').id).toBe('r_mi8h3m00bcd999');
    expect(store.getRun('mi8h3m0').id).toBe('r_mi8h3m00bcd999');
    expect(store.getRun('last').id).toBe('r_mi8h3m00bcd999');

    const ambiguous = caught(() => store.getRun('r_mi8h3k'));
    expect(ambiguous).toMatchObject({ code: 'run-ambiguous', exitCode: 2 });
    expect(ambiguous.message).toBe("run id 'r_mi8h3k' is ambiguous: it starts 2 runs");
    expect(ambiguous.hint).toContain('r_mi8h3k2xaaaa02 (refund_flow), r_mi8h3k2xaaaa01 (triage)');

    // `_` is not a wildcard: r_ must be a prefix, not any character.
    expect(caught(() => store.getRun('rXmi8h3m')).code).toBe('run-not-found');
    const typo = caught(() => store.getRun('r_mi8h3k2xaaaa03'));
    expect(typo).toMatchObject({ code: 'run-not-found', exitCode: 2 });
    expect(typo.message).toBe(`no run 'r_mi8h3k2xaaaa03' in ${file}`);
    expect(typo.hint).toMatch(/^did you mean r_mi8h3k2xaaaa0[12]\? latest: r_mi8h3m00bcd999 \(triage\), r_mi8h3k2xaaaa02 \(refund_flow\)/);
    store.close();
  });

  it('lists runs newest first, filtered by name, status and session, and knows each node\'s latest status', async () => {
    const store = openRunStore(path.join(tempDir(), 'runs.db'));
    store.append(finishedRun('r_00000001aaaaaa', 'triage', 'failed', 0));
    store.append(finishedRun('r_00000002aaaaaa', 'refund_flow', 'succeeded', 1000));
    store.append(finishedRun('r_00000003aaaaaa', 'triage', 'succeeded', 2000));
    store.append(finishedRun('r_00000004aaaaaa', 'support_chat', 'cancelled', 3000, { sessionId: 'sess_42' }));
    store.append(finishedRun('r_00000005aaaaaa', 'refund_flow', 'failed', 4000));
    // Still running in this (live) process.
    store.append(traceBuilder('r_00000006aaaaaa', Date.now()).run('escalate', 'flow').events);

    const ids = (runs: { id: string }[]) => runs.map((run) => run.id.slice(2, 10));
    expect(ids(store.listRuns())).toEqual(['00000006', '00000005', '00000004', '00000003', '00000002', '00000001']);
    expect(ids(store.listRuns({ limit: 2 }))).toEqual(['00000006', '00000005']);
    expect(ids(store.listRuns({ name: 'triage' }))).toEqual(['00000003', '00000001']);
    expect(ids(store.listRuns({ status: 'failed' }))).toEqual(['00000005', '00000001']);
    expect(ids(store.listRuns({ status: 'running' }))).toEqual(['00000006']);
    expect(ids(store.listRuns({ sessionId: 'sess_42' }))).toEqual(['00000004']);
    expect(store.listRuns({ status: 'interrupted' })).toEqual([]);
    expect(store.listRuns({ limit: 0 })).toHaveLength(6);
    // A running run is timed up to the read: its duration grows while it runs.
    const running = store.listRuns()[0]!;
    expect(running).toMatchObject({ status: 'running', durationKind: 'so-far', tokens: { input: 0, output: 0 } });
    await delay(120);
    const later = store.getRun('r_00000006aaaaaa');
    expect(later).toMatchObject({ status: 'running', durationKind: 'so-far', endedAt: null });
    expect(later.durationMs - running.durationMs).toBeGreaterThanOrEqual(100);
    expect(store.getRun('r_00000005aaaaaa')).toMatchObject({ durationMs: 6, durationKind: 'final' });

    expect(Object.fromEntries(store.latestStatusByName())).toEqual({
      triage: 'succeeded',
      refund_flow: 'failed',
      support_chat: 'cancelled',
      escalate: 'running',
    });
    store.close();
  });

  it('reports a run whose process was killed as interrupted, and records it so at the next writable open', async () => {
    const file = path.join(tempDir(), '.ca', 'runs.db');
    const runId = newRunId();
    // No heartbeat: its last sign of life is its last event, 31 ms after it started.
    const child = spawnChild({ file, runId, spans: 30, hold: true, heartbeatMs: 0 });
    expect(await waitForLine(child, 'flushed')).toBe('flushed 65');
    child.kill('SIGKILL');
    expect((await child).signal).toBe('SIGKILL');

    // A reader works it out without writing.
    const reader = openRunStore(file, { readonly: true });
    const run = reader.getRun(runId);
    expect(run).toMatchObject({ status: 'interrupted', pid: child.pid, error: { code: 'interrupted' }, durationMs: 31, durationKind: 'until-last-sign' });
    expect(run.endedAt).toBe(run.startedAt + 31);
    expect(run.error?.message).toBe(`the process running it (pid ${child.pid} on ${run.host}) ended before the run finished`);
    expect(reader.listRuns({ status: 'interrupted' }).map((summary) => summary.id)).toEqual([runId]);
    expect(reader.listRuns({ status: 'running' })).toEqual([]);
    expect(reader.latestStatusByName().get('triage')).toBe('interrupted');
    const events = reader.readEvents(runId);
    expect(events).toHaveLength(66);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', seq: 65, status: 'interrupted', failedPath: ['triage', 'issue_refund'] });
    const tree = renderTraceTree(events, pc.createColors(false));
    expect(tree.split('\n')[0]).toMatch(/^◌ flow triage {2}interrupted {2}at least 31ms {2}r_/);
    expect(tree).toContain('└─ ◌ tool issue_refund');
    expect(tree).toContain('interrupted at triage › issue_refund: the process running it');
    expect(tree.split('\n').at(-1)).toBe(`  last sign of life 31ms after it started (${new Date(run.startedAt + 31).toISOString()}): it ran at least that long`);
    reader.close();
    expect(raw<{ status: string }>(file, 'SELECT status FROM runs')[0]?.status).toBe('running');

    // A writer records it.
    openRunStore(file).close();
    expect(raw<{ status: string; error: string }>(file, 'SELECT status, error, duration_ms FROM runs')[0]).toMatchObject({ status: 'interrupted', duration_ms: 31 });
    const again = openRunStore(file, { readonly: true });
    expect(again.readEvents(runId)).toEqual(events);
    again.close();
  });

  it('times a run that died while waiting up to its last heartbeat, not its last event, and that time stays put', async () => {
    const file = path.join(tempDir(), '.ca', 'runs.db');
    const runId = newRunId();
    // Three quick lookups, then it waits on a refund (as on a slow tool or an approval) until killed.
    const child = spawnChild({ file, runId, spans: 3, hold: true, heartbeatMs: 100 });
    await waitForLine(child, 'flushed');
    await delay(800);
    child.kill('SIGKILL');
    await child;
    const killedAt = Date.now();

    const reader = openRunStore(file, { readonly: true });
    const run = reader.getRun(runId);
    const events = reader.readEvents(runId);
    const lastEvent = events.filter((event) => event.type !== 'run.ended').at(-1)!;
    expect(lastEvent.at - run.startedAt).toBeLessThan(10);
    expect(run).toMatchObject({ status: 'interrupted', durationKind: 'until-last-sign' });
    // It lived 800 ms past its last event; beats came every 100 ms.
    expect(run.durationMs).toBeGreaterThanOrEqual(600);
    expect(run.durationMs).toBeLessThanOrEqual(killedAt - run.startedAt);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', status: 'interrupted', at: run.startedAt + run.durationMs, durationMs: run.durationMs });
    expect(reader.listRuns()[0]).toMatchObject({ id: runId, durationMs: run.durationMs, durationKind: 'until-last-sign' });
    reader.close();

    // Dead is dead: later reads, and the file once a writer records it, say the same.
    await delay(300);
    openRunStore(file).close();
    const again = openRunStore(file, { readonly: true });
    expect(again.getRun(runId)).toMatchObject({ status: 'interrupted', durationMs: run.durationMs, endedAt: run.startedAt + run.durationMs });
    again.close();
    expect(raw<{ duration_ms: number }>(file, 'SELECT duration_ms FROM runs')[0]?.duration_ms).toBe(run.durationMs);
  });

  it('loses no event when two processes write runs at the same time', async () => {
    const file = path.join(tempDir(), '.ca', 'runs.db');
    // No file yet: both also race to create and migrate it.
    const ids = [newRunId(), newRunId()];
    const results = await Promise.all(ids.map((runId, index) => spawnChild({ file, runId, spans: 2_000, pauseEvery: 50, name: index ? 'refund_flow' : 'triage' })));
    for (const result of results) {
      expect(result.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
      expect(result.exitCode, String(result.stderr)).toBe(0);
    }
    const store = openRunStore(file, { readonly: true });
    for (const id of ids) {
      const events = store.readEvents(id);
      expect(events).toHaveLength(1 + 2_000 * 2 + 200 + 1);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
      expect(store.getRun(id).status).toBe('succeeded');
    }
    store.close();
  });

  it('refuses files it cannot read, in one line, and leaves them as they were', () => {
    const dir = tempDir();
    const corrupt = path.join(dir, 'corrupt.db');
    const bytes = randomBytes(8192);
    writeFileSync(corrupt, bytes);
    for (const readonly of [false, true]) {
      const error = caught(() => openRunStore(corrupt, { readonly }));
      expect(error).toMatchObject({ code: 'runs-corrupt', exitCode: 2 });
      expect(error.message).toBe(`the run store ${corrupt} is not a readable SQLite database (SQLITE_NOTADB)`);
    }
    expect(readFileSync(corrupt).equals(bytes)).toBe(true);
    expect(existsSync(`${corrupt}-wal`)).toBe(false);

    const newer = path.join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma('user_version = 9');
    db.close();
    expect(caught(() => openRunStore(newer))).toMatchObject({ code: 'runs-too-new', message: expect.stringContaining(`version 9, newer than the version ${RUN_STORE_SCHEMA_VERSION}`) });

    const tickets = path.join(dir, 'tickets.db');
    const other = new Database(tickets);
    other.exec("CREATE TABLE tickets (id INTEGER PRIMARY KEY, subject TEXT); INSERT INTO tickets (subject) VALUES ('refund not received')");
    other.close();
    expect(caught(() => openRunStore(tickets)).code).toBe('runs-not-ca');
    expect(raw<{ name: string }>(tickets, "SELECT name FROM sqlite_schema WHERE type = 'table'")).toEqual([{ name: 'tickets' }]);

    const missing = path.join(dir, '.ca', 'runs.db');
    expect(caught(() => openRunStore(missing, { readonly: true })).code).toBe('runs-missing');
    expect(existsSync(path.dirname(missing))).toBe(false);
  });

  it('migrates by user_version: the last migration is the schema version, and reopening keeps the runs', () => {
    expect(RUN_STORE_MIGRATIONS.map((migration) => migration.version)).toEqual(RUN_STORE_MIGRATIONS.map((_, index) => index + 1));
    expect(RUN_STORE_MIGRATIONS.at(-1)?.version).toBe(RUN_STORE_SCHEMA_VERSION);
    const file = path.join(tempDir(), 'runs.db');
    const first = openRunStore(file);
    first.append(finishedRun('r_00000001aaaaaa', 'triage', 'succeeded', 0));
    first.close();
    const again = openRunStore(file);
    expect(again.schemaVersion).toBe(RUN_STORE_SCHEMA_VERSION);
    expect(again.listRuns()).toHaveLength(1);
    again.close();
  });

  it('reads a file from before the heartbeat (version 2) as it is, and adds the heartbeat when a writer opens it', () => {
    const file = path.join(tempDir(), 'runs.db');
    const db = new Database(file);
    for (const migration of RUN_STORE_MIGRATIONS.filter((each) => each.version <= 2)) db.exec(migration.sql);
    db.pragma('user_version = 2');
    // A refund run whose process is gone (pid 0 is no process), last heard of 2.5 s after it started.
    const startedAt = BASE;
    db.prepare("INSERT INTO runs (id, name, kind, status, started_at, pid, host) VALUES ('r_00000001refund', 'refund_flow', 'flow', 'running', ?, 0, ?)").run(startedAt, os.hostname());
    const trace = traceBuilder('r_00000001refund', startedAt).run('refund_flow', 'flow', { invoice: 'INV-2024-031' }).span('s1', 'root', 'issue_refund', 'tool', 2500);
    for (const event of trace.events) db.prepare('INSERT INTO events (run_id, seq, at, type, span_id, data) VALUES (?, ?, ?, ?, ?, ?)').run(event.runId, event.seq, event.at, event.type, 'spanId' in event ? event.spanId : null, JSON.stringify(event));
    db.close();

    const reader = openRunStore(file, { readonly: true });
    expect(reader.schemaVersion).toBe(2);
    expect(reader.listRuns()).toMatchObject([{ id: 'r_00000001refund', status: 'interrupted', durationMs: 2500, durationKind: 'until-last-sign' }]);
    reader.close();
    const writer = openRunStore(file);
    expect(writer.schemaVersion).toBe(RUN_STORE_SCHEMA_VERSION);
    writer.close();
    expect(raw<{ status: string; duration_ms: number; heartbeat_at: number | null }>(file, 'SELECT status, duration_ms, heartbeat_at FROM runs')).toEqual([
      { status: 'interrupted', duration_ms: 2500, heartbeat_at: null },
    ]);
  });

  it('rebuilds the runs table for version 5 (waiting runs) without losing a run, an event or a journal step', () => {
    const file = path.join(tempDir(), 'runs.db');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    for (const migration of RUN_STORE_MIGRATIONS.filter((each) => each.version <= 4)) db.exec(migration.sql);
    db.pragma('user_version = 4');
    const trace = traceBuilder('r_00000001refund', BASE).run('refund_flow', 'flow', { invoice: 'INV-2024-031' }).span('s1', 'root', 'issue_refund', 'tool', 2500);
    db.prepare("INSERT INTO runs (id, name, kind, status, started_at, pid, host, heartbeat_at) VALUES ('r_00000001refund', 'refund_flow', 'flow', 'failed', ?, 0, ?, ?)").run(BASE, os.hostname(), BASE + 10);
    for (const event of trace.events) db.prepare('INSERT INTO events (run_id, seq, at, type, span_id, data) VALUES (?, ?, ?, ?, ?, ?)').run(event.runId, event.seq, event.at, event.type, 'spanId' in event ? event.spanId : null, JSON.stringify(event));
    db.prepare("INSERT INTO steps (run_id, key, seq, name, kind, input_hash, idempotency_key, status, attempts, started_at) VALUES ('r_00000001refund', 'refund_flow', 0, 'refund_flow', 'flow', 'h', 'ca_x', 'failed', 1, ?)").run(BASE);
    db.close();
    const events = raw<{ n: number }>(file, 'SELECT COUNT(*) AS n FROM events')[0]!.n;
    expect(events).toBeGreaterThan(1);

    const writer = openRunStore(file);
    expect(writer.schemaVersion).toBe(RUN_STORE_SCHEMA_VERSION);
    writer.close();
    expect(raw<{ n: number }>(file, 'SELECT COUNT(*) AS n FROM events')[0]!.n).toBe(events);
    expect(raw<{ n: number }>(file, 'SELECT COUNT(*) AS n FROM steps')[0]!.n).toBe(1);
    expect(raw<{ id: string; status: string; heartbeat_at: number }>(file, 'SELECT id, status, heartbeat_at FROM runs')).toEqual([{ id: 'r_00000001refund', status: 'failed', heartbeat_at: BASE + 10 }]);
    // The new status is accepted, and the foreign keys still hold events to their run.
    const check = new Database(file);
    check.pragma('foreign_keys = ON');
    check.prepare("UPDATE runs SET status = 'waiting' WHERE id = 'r_00000001refund'").run();
    expect(() => check.prepare("INSERT INTO events (run_id, seq, at, type, data) VALUES ('r_nobody', 0, 0, 'x', '{}')").run()).toThrow(/FOREIGN KEY/);
    expect(check.pragma('foreign_key_check')).toEqual([]);
    check.close();
  });

  it('run ids sort by start time as text', () => {
    const ids = [0, 1, 1000, 86_400_000].map((offset) => newRunId(Date.UTC(2026, 10, 21) + offset));
    for (const id of ids) expect(id).toMatch(/^r_[0-9a-z]{14}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => newRunId())).size).toBe(1000);
  });
});
