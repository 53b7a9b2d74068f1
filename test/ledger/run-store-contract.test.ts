// The run store's contract, run against every backend (a SQLite file, and PostgreSQL when the test
// server is up), every call awaited as the app does: runs and their events, lookups and listings,
// the journal's exact outputs, approvals, fingerprints, resuming an interrupted run, queued runs,
// and secrets that never reach the store. What only one backend does has its own file
// (run-store.test.ts, pg-run-store.test.ts).
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { StepStart } from '../../src/core/journal.js';
import { createSecretScrubber } from '../../src/core/secret-scrubber.js';
import type { RunStartedEvent } from '../../src/core/trace.js';
import { HOST } from '../../src/ledger/process-liveness.js';
import { readRecordedRun } from '../../src/ledger/read-recorded-run.js';
import type { RunStore } from '../../src/ledger/run-store.js';
import { caughtAsync } from '../helpers/caught.js';
import { deniedRefundRun, traceBuilder } from '../helpers/trace-events.js';
import { RUN_STORE_BACKENDS } from './support/run-store-backends.js';

/** An hour ago: runs before this process started, so a `running` one among them would count as dead. */
const BASE = Date.now() - 3_600_000;

/** A finished run of `name` with `status`, started `at` ms after BASE. */
function finishedRun(id: string, name: string, status: 'succeeded' | 'failed' | 'cancelled', at: number, extra: { sessionId?: string } = {}) {
  const trace = traceBuilder(id, BASE + at).run(name, 'flow', { ticket: 'T-1' }, extra);
  const error = { code: 'error', message: 'ticket T-1 not found' };
  trace.span('s1', 'root', 'lookup_ticket', 'tool', 1).end('s1', 5, status === 'succeeded' ? 'succeeded' : 'failed', status === 'succeeded' ? {} : { error });
  return trace.finish(6, status, status === 'succeeded' ? {} : { error }).events;
}

/** The root step of a run, as the interpreter journals it. */
function rootStep(name: string, at: number, extra: Partial<StepStart> = {}): StepStart {
  return { key: name, name, kind: 'flow', inputHash: 'sha256:root', input: { invoice: 'INV-2024-031' }, idempotencyKey: `ca_${name}`, attempt: 1, at, ...extra };
}

describe.each(RUN_STORE_BACKENDS)('the run store on $name', (backend) => {
  async function fresh(options: Parameters<typeof backend.open>[1] = {}): Promise<{ store: RunStore; location: string }> {
    const location = await backend.fresh();
    return { store: await backend.open(location, options), location };
  }

  it('reads a run back exactly as it was written: its events in order, its totals and its input', async () => {
    const { store, location } = await fresh();
    const { events } = deniedRefundRun();
    store.append(events);
    await store.close();
    await store.close();

    const reader = await backend.open(location, { readonly: true });
    expect(reader.readonly).toBe(true);
    expect(await reader.readEvents(events[0]!.runId)).toEqual(events);
    expect(await reader.listRuns()).toEqual([
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
    expect(await reader.getRun('r_mi8h3k2x0a1b2c')).toMatchObject({ input: { ticket: 'T-1042' }, endedAt: events.at(-1)!.at, pid: process.pid, host: HOST });
    await reader.close();
  });

  it('buffers span events and writes them after the flush interval, on flush, or with the run’s end', async () => {
    const { store, location } = await fresh({ flushIntervalMs: 30 });
    const count = async () => (await backend.raw<{ n: number }>(location, 'SELECT CAST(count(*) AS INTEGER) AS n FROM events'))[0]!.n;
    const trace = traceBuilder('r_buffered00001', Date.now()).run('triage', 'flow');
    store.append(trace.events);
    // Text that arrays, quoting and encodings could bend: it comes back as it went in.
    trace.span('s1', 'root', 'lookup_ticket', 'tool', 1).log('s1', 2, 'cache miss: {"ticket":"T-1"}, \\ NULL \u0000 \ud800 é 🎉');
    store.append(trace.events.slice(1));
    await delay(120);
    expect(await count()).toBe(3);
    trace.span('s2', 'root', 'lookup_ticket', 'tool', 3);
    store.append(trace.events.slice(3));
    await store.flush();
    expect(await count()).toBe(4);
    trace.end('s2', 4).end('s1', 5).finish(6, 'succeeded');
    store.append(trace.events.slice(4));
    await store.flush();
    expect(await count()).toBe(7);
    expect((await store.getRun('r_buffered00001')).status).toBe('succeeded');
    expect(await store.readEvents('r_buffered00001')).toEqual(trace.events);
    await store.close();
  });

  it('finds a run by full id, unique prefix (with or without r_) or last, and says what it means when it cannot', async () => {
    const { store } = await fresh();
    expect(await caughtAsync(async () => store.getRun('last'))).toMatchObject({ code: 'run-not-found', exitCode: 2, message: expect.stringMatching(/no runs recorded yet/) });
    store.append(finishedRun('r_mi8h3k2xaaaa01', 'triage', 'succeeded', 0));
    store.append(finishedRun('r_mi8h3k2xaaaa02', 'refund_flow', 'failed', 1000));
    store.append(finishedRun('r_mi8h3m00bcd999', 'triage', 'failed', 2000));

    expect((await store.getRun('r_mi8h3k2xaaaa01')).name).toBe('triage');
    expect((await store.getRun('r_mi8h3m')).id).toBe('r_mi8h3m00bcd999');
    expect((await store.getRun('mi8h3m0')).id).toBe('r_mi8h3m00bcd999');
    expect((await store.getRun('last')).id).toBe('r_mi8h3m00bcd999');

    const ambiguous = await caughtAsync(async () => store.getRun('r_mi8h3k'));
    expect(ambiguous).toMatchObject({ code: 'run-ambiguous', exitCode: 2, message: "run id 'r_mi8h3k' is ambiguous: it starts 2 runs" });
    expect(ambiguous.hint).toContain('r_mi8h3k2xaaaa02 (refund_flow), r_mi8h3k2xaaaa01 (triage)');
    // `_` is not a wildcard: r_ must be a prefix, not any character.
    expect((await caughtAsync(async () => store.getRun('rXmi8h3m'))).code).toBe('run-not-found');
    const typo = await caughtAsync(async () => store.getRun('r_mi8h3k2xaaaa03'));
    expect(typo).toMatchObject({ code: 'run-not-found', exitCode: 2, message: `no run 'r_mi8h3k2xaaaa03' in ${store.path}` });
    expect(typo.hint).toMatch(/^did you mean r_mi8h3k2xaaaa0[12]\? latest: r_mi8h3m00bcd999 \(triage\), r_mi8h3k2xaaaa02 \(refund_flow\)/);
    await store.close();
  });

  it('lists runs newest first, filtered by name, status and session, and knows each node’s latest status', async () => {
    const { store } = await fresh();
    store.append(finishedRun('r_00000001aaaaaa', 'triage', 'failed', 0));
    store.append(finishedRun('r_00000002aaaaaa', 'refund_flow', 'succeeded', 1000));
    store.append(finishedRun('r_00000003aaaaaa', 'triage', 'succeeded', 2000));
    store.append(finishedRun('r_00000004aaaaaa', 'support_chat', 'cancelled', 3000, { sessionId: 'sess_42' }));
    store.append(finishedRun('r_00000005aaaaaa', 'refund_flow', 'failed', 4000));
    // Still running in this (live) process.
    store.append(traceBuilder('r_00000006aaaaaa', Date.now()).run('escalate', 'flow').events);
    // Its process is gone (pid 0 is no process): interrupted, though its row says running.
    store.startRun(traceBuilder('r_00000000dead00', BASE - 1000).run('nightly_reconcile', 'flow').events[0] as RunStartedEvent, { pid: 0 });

    const ids = (runs: { id: string }[]) => runs.map((run) => run.id.slice(2, 10));
    expect(ids(await store.listRuns())).toEqual(['00000006', '00000005', '00000004', '00000003', '00000002', '00000001', '00000000']);
    expect(ids(await store.listRuns({ limit: 2 }))).toEqual(['00000006', '00000005']);
    expect(ids(await store.listRuns({ name: 'triage' }))).toEqual(['00000003', '00000001']);
    expect(ids(await store.listRuns({ status: 'failed' }))).toEqual(['00000005', '00000001']);
    expect(ids(await store.listRuns({ status: 'running' }))).toEqual(['00000006']);
    expect(ids(await store.listRuns({ status: 'interrupted', limit: 1 }))).toEqual(['00000000']);
    expect(ids(await store.listRuns({ sessionId: 'sess_42' }))).toEqual(['00000004']);
    expect(await store.listRuns({ status: 'waiting' })).toEqual([]);
    expect(await store.listRuns({ limit: 0 })).toHaveLength(7);
    expect((await store.listRuns())[0]).toMatchObject({ status: 'running', durationKind: 'so-far', tokens: { input: 0, output: 0 } });
    expect(await store.getRun('r_00000000dead00')).toMatchObject({ status: 'interrupted', durationKind: 'until-last-sign', durationMs: 0, error: { code: 'interrupted' } });
    expect(await store.getRun('r_00000005aaaaaa')).toMatchObject({ durationMs: 6, durationKind: 'final' });
    expect(Object.fromEntries(await store.latestStatusByName())).toEqual({
      triage: 'succeeded',
      refund_flow: 'failed',
      support_chat: 'cancelled',
      escalate: 'running',
      nightly_reconcile: 'interrupted',
    });
    await store.close();
  });

  it('journals steps and gives their outputs back exactly: key order, numbers, escapes', async () => {
    const { store } = await fresh();
    const runId = 'r_journal000001';
    const started = Date.now();
    store.append(traceBuilder(runId, started).run('refund_flow', 'flow', { invoice: 'INV-2024-031' }).events);
    // Text as JSON.parse makes it, so the numbers are what any JSON value can hold.
    const output = JSON.parse('{"b":1,"a":2.50,"big":12345678901234567890,"tiny":1e-7,"text":"caf\\u00e9 \\u0000 \\ud800 \\"q\\"","list":[3,1,{"z":null,"y":[]}]}');
    await store.journal.stepStarted(runId, rootStep('refund_flow', started + 1));
    await store.journal.stepStarted(runId, { key: 'refund_flow/issue_refund#1', name: 'issue_refund', kind: 'tool', inputHash: 'sha256:refund', effect: 'write', idempotent: false, idempotencyKey: 'ca_refund_1', attempt: 1, at: started + 2 });
    await store.journal.stepEnded(runId, 'refund_flow/issue_refund#1', { status: 'failed', error: { code: 'timeout', message: 'issue_refund did not finish within 5000 ms' }, attempts: 1, at: started + 3 });
    // A retry: the step starts again, keeping its place and first start.
    await store.journal.stepStarted(runId, { key: 'refund_flow/issue_refund#1', name: 'issue_refund', kind: 'tool', inputHash: 'sha256:refund', effect: 'write', idempotent: false, idempotencyKey: 'ca_refund_1', attempt: 2, at: started + 4 });
    await store.journal.stepEnded(runId, 'refund_flow/issue_refund#1', { status: 'succeeded', output, attempts: 2, at: started + 5 });
    await store.journal.stepStarted(runId, { key: 'refund_flow/notify#1', name: 'notify', kind: 'tool', inputHash: 'sha256:notify', effect: 'read', idempotent: true, idempotencyKey: 'ca_notify_1', attempt: 1, at: started + 6 });

    const steps = await store.journal.readSteps(runId);
    expect(steps).toEqual([
      { key: 'refund_flow', name: 'refund_flow', kind: 'flow', inputHash: 'sha256:root', input: { invoice: 'INV-2024-031' }, idempotencyKey: 'ca_refund_flow', status: 'started', attempts: 1, startedAt: started + 1 },
      {
        key: 'refund_flow/issue_refund#1',
        name: 'issue_refund',
        kind: 'tool',
        inputHash: 'sha256:refund',
        effect: 'write',
        idempotent: false,
        idempotencyKey: 'ca_refund_1',
        status: 'succeeded',
        attempts: 2,
        startedAt: started + 2,
        endedAt: started + 5,
        output,
      },
      { key: 'refund_flow/notify#1', name: 'notify', kind: 'tool', inputHash: 'sha256:notify', effect: 'read', idempotent: true, idempotencyKey: 'ca_notify_1', status: 'started', attempts: 1, startedAt: started + 6 },
    ]);
    expect(JSON.stringify(steps[1]!.output)).toBe(JSON.stringify(output));
    expect(Object.keys(steps[1]!.output as object)).toEqual(['b', 'a', 'big', 'tiny', 'text', 'list']);
    expect(await store.journal.readSteps('r_nosuchrun0000')).toEqual([]);
    await store.close();
  });

  it('answers an open approval once, and only an approval', async () => {
    const { store } = await fresh();
    const runId = 'r_approval00001';
    const at = Date.now();
    store.append(traceBuilder(runId, at).run('refund_flow', 'flow').events);
    await store.journal.stepStarted(runId, { key: 'refund_flow/approval#1', name: 'approval', kind: 'approval', inputHash: 'sha256:ask', idempotencyKey: 'ca_ask', attempt: 1, at });
    await store.journal.stepStarted(runId, { key: 'refund_flow/issue_refund#1', name: 'issue_refund', kind: 'tool', inputHash: 'sha256:refund', idempotencyKey: 'ca_refund', attempt: 1, at });
    expect(await store.answerApproval(runId, 'refund_flow/issue_refund#1', { approved: true }, at + 1)).toBe(false);
    expect(await store.answerApproval(runId, 'refund_flow/approval#1', { approved: true, by: 'casey@example.com' }, at + 2)).toBe(true);
    expect(await store.answerApproval(runId, 'refund_flow/approval#1', { approved: false }, at + 3)).toBe(false);
    expect((await store.journal.readSteps(runId))[0]).toMatchObject({ status: 'succeeded', endedAt: at + 2, output: { approved: true, by: 'casey@example.com' } });
    await store.close();
  });

  it('keeps the fingerprints a run started with', async () => {
    const { store, location } = await fresh();
    store.append(finishedRun('r_fingerprint01', 'refund_flow', 'succeeded', 0));
    const fingerprints = { refund_flow: 'sha256:6f1c', issue_refund: 'sha256:0a9e', lookup_order: 'sha256:77d2' };
    store.recordFingerprints('r_fingerprint01', fingerprints);
    expect(await store.readFingerprints('r_fingerprint01')).toEqual(fingerprints);
    expect(await store.readFingerprints('r_nosuchrun0000')).toBeUndefined();
    await store.close();
    const reader = await backend.open(location, { readonly: true });
    expect(Object.keys((await reader.readFingerprints('r_fingerprint01'))!)).toEqual(Object.keys(fingerprints));
    await reader.close();
  });

  it('imports a whole run as it was (row with env and release, events, journal, fingerprints), once, and none of it when it fails', async () => {
    const { store, location } = await fresh();
    const at = Date.now() - 60_000;
    const source = deniedRefundRun('r_source0000001').events.map((event) => ({ ...event, at: event.at - Date.UTC(2026, 10, 21, 9, 30) + at }));
    store.append(source);
    await store.journal.stepStarted('r_source0000001', rootStep('triage', at));
    await store.journal.stepStarted('r_source0000001', { key: 'triage/lookup_ticket#1', name: 'lookup_ticket', kind: 'tool', inputHash: 'sha256:t1042', effect: 'read', idempotent: true, idempotencyKey: 'ca_lookup', attempt: 1, at: at + 3 });
    await store.journal.stepEnded('r_source0000001', 'triage/lookup_ticket#1', { status: 'succeeded', output: { ticket: 'T-1042', amount: 120.5 }, attempts: 2, at: at + 5130 });
    await store.journal.stepEnded('r_source0000001', 'triage', { status: 'failed', error: { code: 'capability-denied', message: 'triage may not call issue_refund' }, attempts: 1, at: at + 5802 });
    store.recordFingerprints('r_source0000001', { triage: 'sha256:6f1c', lookup_ticket: 'sha256:0a9e' });
    const recorded = await readRecordedRun(store, 'r_source0000001');
    expect(recorded.steps).toHaveLength(2);

    // The same run as a worker env's, under another id (both backends keep it in this one store).
    const id = 'r_imported00001';
    const copy = {
      ...recorded,
      run: { ...recorded.run, id, env: 'prod', release: '41c2a9e07b3d' },
      events: recorded.events.map((event) => ({ ...event, runId: id })),
    };
    expect(await store.importRun(copy)).toBe(true);
    expect(await store.importRun(copy)).toBe(false);
    expect(await readRecordedRun(store, id)).toEqual(copy);
    expect((await store.listRuns({ env: 'prod' })).map((run) => [run.id, run.env, run.release])).toEqual([[id, 'prod', '41c2a9e07b3d']]);

    // A run cut off half-way (here: a journal entry the store refuses) leaves nothing of itself.
    const broken = { ...copy, run: { ...copy.run, id: 'r_imported00002' }, events: copy.events.map((event) => ({ ...event, runId: 'r_imported00002' })), steps: [...copy.steps, { ...copy.steps[1]!, key: 'triage/x#1', status: 'exploded' as never }] };
    await expect(Promise.resolve().then(() => store.importRun(broken))).rejects.toThrow();
    expect(await caughtAsync(async () => store.getRun('r_imported00002'))).toMatchObject({ code: 'run-not-found' });
    expect(await backend.raw(location, 'SELECT run_id FROM events WHERE run_id = ?', 'r_imported00002')).toEqual([]);
    await store.close();

    const reader = await backend.open(location, { readonly: true });
    expect(await readRecordedRun(reader, id)).toEqual(copy);
    await reader.close();
  });

  it('resumes an interrupted run: its dead segment ends first, segments count up, a succeeded run is refused', async () => {
    const location = await backend.fresh();
    const runId = 'r_resume0000001';
    // A refund whose process died (pid 0 is no process) 2.5 s in, while issuing the refund.
    const dead = await backend.open(location);
    const trace = traceBuilder(runId, BASE).run('refund_flow', 'flow', { invoice: 'INV-2024-031' }).span('s1', 'root', 'lookup_order', 'tool', 1000);
    trace.end('s1', 1500, 'succeeded', { tokens: { input: 120, output: 8 }, costUsd: 0.0001 }).span('s2', 'root', 'issue_refund', 'tool', 2500);
    dead.startRun(trace.events[0] as RunStartedEvent, { pid: 0 });
    dead.append(trace.events.slice(1));
    await dead.journal.stepStarted(runId, rootStep('refund_flow', BASE));
    await dead.close();

    const store = await backend.open(location);
    expect(await store.getRun(runId)).toMatchObject({ status: 'interrupted', durationMs: 2500, tokens: { input: 120, output: 8 } });
    // Resumed by a live process (this one's parent: the store cannot mistake it for the dead one).
    const resumer = { pid: process.ppid };
    const first = await store.reopenRun(runId, resumer);
    expect(first).toEqual({ segment: 2, from: 'interrupted', nextSeq: 5, spent: { tokens: { input: 120, output: 8 }, costUsd: 0.0001, durationMs: 2500 }, rootAttempts: 1 });
    expect((await store.readEvents(runId)).at(-1)).toMatchObject({ type: 'run.ended', seq: 4, status: 'interrupted', at: BASE + 2500, failedPath: ['refund_flow', 'issue_refund'] });
    expect(await store.getRun(runId)).toMatchObject({ status: 'running', pid: process.ppid, endedAt: null });
    expect((await caughtAsync(async () => store.reopenRun(runId))).code).toBe('run-still-running');

    const now = Date.now();
    store.append([
      { runId, seq: 5, at: now, type: 'run.resumed', spanId: 'root2', segment: 2, from: 'interrupted' },
      { runId, seq: 6, at: now + 1, type: 'run.ended', status: 'failed', error: { code: 'error', message: 'refund declined' }, durationMs: 2501, tokens: { input: 120, output: 8 }, costUsd: 0.0001 },
    ]);
    expect(await store.reopenRun(runId, resumer)).toMatchObject({ segment: 3, from: 'failed', nextSeq: 7, spent: { durationMs: 2501 } });
    store.append([
      { runId, seq: 7, at: now + 2, type: 'run.resumed', spanId: 'root3', segment: 3, from: 'failed' },
      { runId, seq: 8, at: now + 3, type: 'run.ended', status: 'succeeded', output: { refunded: 120 }, durationMs: 2502, tokens: { input: 120, output: 8 }, costUsd: 0.0001 },
    ]);
    expect(await caughtAsync(async () => store.reopenRun(runId))).toMatchObject({ code: 'run-succeeded', exitCode: 2 });
    expect(await caughtAsync(async () => store.reopenRun('r_nosuchrun0000'))).toMatchObject({ code: 'run-not-found' });
    await store.close();

    const reader = await backend.open(location, { readonly: true });
    const types = ['run.started', 'span.started', 'span.ended', 'span.started', 'run.ended', 'run.resumed', 'run.ended', 'run.resumed', 'run.ended'];
    expect((await reader.readEvents(runId)).map((event) => `${event.seq}:${event.type}`)).toEqual(types.map((type, seq) => `${seq}:${type}`));
    expect(await reader.getRun(runId)).toMatchObject({ status: 'succeeded', output: { refunded: 120 } });
    await reader.close();
  });

  it('marks a run whose process died as interrupted at the next writable open', async () => {
    const { store, location } = await fresh();
    const trace = traceBuilder('r_died000000001', BASE).run('refund_flow', 'flow').span('s1', 'root', 'issue_refund', 'tool', 700);
    store.startRun(trace.events[0] as RunStartedEvent, { pid: 0 });
    store.append(trace.events.slice(1));
    await store.close();
    expect(await backend.raw(location, 'SELECT status FROM runs')).toEqual([{ status: 'running' }]);
    await (await backend.open(location)).close();
    expect(await backend.raw(location, 'SELECT status, CAST(duration_ms AS INTEGER) AS duration_ms FROM runs')).toEqual([{ status: 'interrupted', duration_ms: 700 }]);
  });

  it('keeps known secrets out of everything it writes', async () => {
    const secret = 'sk-live-4f9a2b7c1d8e6f3a';
    const { store, location } = await fresh({ scrubber: createSecretScrubber([secret]) });
    const runId = 'r_secrets000001';
    const at = Date.now();
    const trace = traceBuilder(runId, at).run('refund_flow', 'flow', { apiKey: secret });
    trace.span('s1', 'root', 'issue_refund', 'tool', 1, { input: { headers: { authorization: `Bearer ${secret}` } } }).log('s1', 2, `retrying with ${secret}`);
    trace.end('s1', 3, 'failed', { error: { code: 'http', message: `401 for key ${secret}` } });
    store.append(trace.events);
    await store.journal.stepStarted(runId, rootStep('refund_flow', at, { input: { apiKey: secret } }));
    await store.journal.stepStarted(runId, { key: 'refund_flow/approval#1', name: 'approval', kind: 'approval', inputHash: 'sha256:ask', idempotencyKey: 'ca_ask', attempt: 1, at });
    await store.answerApproval(runId, 'refund_flow/approval#1', { approved: true, note: secret }, at + 4);
    await store.journal.stepEnded(runId, 'refund_flow', { status: 'failed', output: { echoed: secret }, error: { code: 'http', message: secret }, attempts: 1, at: at + 5 });
    trace.finish(6, 'failed', { output: { key: secret }, error: { code: 'http', message: `401 for key ${secret}` } });
    store.append(trace.events.at(-1)!);
    await store.close();

    const everything = JSON.stringify([
      await backend.raw(location, 'SELECT * FROM runs'),
      await backend.raw(location, 'SELECT * FROM events'),
      await backend.raw(location, 'SELECT * FROM steps'),
    ]);
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('4f9a2b7c1d8e6f3a');
  });

  if (backend.name === 'sqlite') {
    it('refuses to queue a run: queues are shared through PostgreSQL', async () => {
      const { store } = await fresh();
      const error = await caughtAsync(async () => store.enqueueRun({ runId: 'r_queued0000001', name: 'refund_flow', kind: 'flow', input: {}, queue: 'refunds', at: Date.now() }));
      expect(error).toMatchObject({ code: 'queue-needs-postgres', exitCode: 2 });
      await store.close();
    });
  } else {
    it('queues a run: it reads queued (never interrupted) until a worker starts it, then running from its start', async () => {
      const { store } = await fresh();
      const runId = 'r_queued0000001';
      const queuedAt = Date.now() - 60_000;
      await store.enqueueRun({ runId, name: 'refund_flow', kind: 'flow', input: { invoice: 'INV-2024-031' }, queue: 'refunds', at: queuedAt });
      expect(await store.getRun(runId)).toMatchObject({ status: 'queued', startedAt: queuedAt, input: { invoice: 'INV-2024-031' } });
      expect((await store.listRuns({ status: 'queued' })).map((run) => run.id)).toEqual([runId]);
      expect(await store.listRuns({ status: 'interrupted' })).toEqual([]);
      expect(await store.readEvents(runId)).toEqual([]);
      expect(await caughtAsync(async () => store.reopenRun(runId))).toMatchObject({ code: 'run-queued' });
      expect(await caughtAsync(async () => store.enqueueRun({ runId, name: 'refund_flow', kind: 'flow', input: {}, queue: 'refunds', at: queuedAt }))).toMatchObject({ code: 'run-exists' });

      const startedAt = Date.now();
      const trace = traceBuilder(runId, startedAt).run('refund_flow', 'flow', { invoice: 'INV-2024-031', attempt: 1 }).span('s1', 'root', 'issue_refund', 'tool', 1);
      store.append(trace.events);
      expect(await store.getRun(runId)).toMatchObject({ status: 'running', startedAt, pid: process.pid, input: { invoice: 'INV-2024-031', attempt: 1 } });
      expect(await store.readEvents(runId)).toEqual(trace.events);
      // A second start of the same run (another worker) is refused, and said at the next awaited call.
      store.startRun(trace.events[0] as RunStartedEvent);
      expect(await caughtAsync(async () => store.flush())).toMatchObject({ code: 'run-exists' });
      trace.end('s1', 2).finish(3, 'succeeded');
      store.append(trace.events.slice(2));
      expect(await store.getRun(runId)).toMatchObject({ status: 'succeeded', durationMs: 3 });
      await store.close();
    });
  }
});
