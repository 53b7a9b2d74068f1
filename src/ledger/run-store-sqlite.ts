import { NO_SECRETS, type SecretScrubber } from '../core/secret-scrubber.js';
import type Database from 'better-sqlite3';
import { EXIT, UserError } from '../core/errors.js';
import type { TimedRunRecord, TimedRunSummary } from '../core/run-timing.js';
import type { JsonValue } from '../core/json-value.js';
import type { RecordedRun } from '../core/recorded-run.js';
import { importRunRows } from './run-import-sqlite.js';
import { type RunSegment, type RunEndedEvent, type RunStartedEvent, type RunStatus, type TraceEvent, traceEventJson } from '../core/trace.js';
import { HOST, isProcessAlive } from './process-liveness.js';
import { SqliteSessionStore } from './session-store-sqlite.js';
import { SqliteRunJournal } from './run-journal-sqlite.js';
import type { RunJournal } from '../core/journal.js';
import type { SessionStore } from './session-store.js';
import type { QueuedRun, ReopenOptions, RunOrigin, RunQuery, RunStore } from './run-store.js';
import { toRunStoreError } from './sqlite-errors.js';
import { interruptedEnd, segmentEnded } from './run-store-interrupted.js';
import { deadRun, type RunRow, scrubbedValueJson, toRunRecord, valueJson } from './run-rows.js';
import { noRunsYet, onlyCandidate, PREFIX_CANDIDATES, prefixBounds, RECENT_RUNS, runNotFound } from './run-lookup.js';
import { narrowRuns, runQuerySql } from './run-query.js';
import { assertResumable, streamSoFar } from './run-resume.js';
import { DEFAULT_FLUSH_EVENTS, DEFAULT_FLUSH_INTERVAL_MS, type RunStoreTuning } from './run-store-tuning.js';
import { RunHeartbeat } from './run-heartbeat.js';
import { guarded, writeImmediate } from './sqlite-write.js';

interface EventRow {
  run_id: string;
  seq: number;
  at: number;
  type: string;
  span_id: string | null;
  data: string;
}

type Statement<Row = unknown> = Database.Statement<unknown[], Row>;

/** Stores with buffered events: flushed when the process exits normally, so a forgotten close() loses nothing. */
const OPEN_STORES = new Set<SqliteRunStore>();
let exitHookInstalled = false;
function flushOnExit(store: SqliteRunStore): void {
  OPEN_STORES.add(store);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const open of OPEN_STORES) {
      try {
        open.close();
      } catch {
        // Exiting: nowhere left to report it.
      }
    }
  });
}

/** The RunStore over one better-sqlite3 connection (see open-run-store.ts for opening and migrating). */
export class SqliteRunStore implements RunStore {
  readonly path: string;
  readonly schemaVersion: number;
  readonly readonly: boolean;
  readonly sessions: SessionStore;
  readonly journal: RunJournal;
  private readonly db: Database.Database;
  private readonly scrubber: SecretScrubber;
  private readonly flushIntervalMs: number;
  private readonly flushEvents: number;
  private buffer: TraceEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** A background flush that failed: rethrown by the next write or close. */
  private failure: unknown;
  /** Beats for the runs this process started; undefined when read-only. */
  private readonly heartbeat: RunHeartbeat | undefined;
  private readonly sql: {
    insertRun: Statement;
    insertEvent: Statement;
    finishRun: Statement;
    markInterrupted: Statement;
    byId: Statement<RunRow>;
    byPrefix: Statement<RunRow>;
    last: Statement<RunRow>;
    recentIds: Statement<{ id: string; name: string }>;
    running: Statement<RunRow>;
    events: Statement<EventRow>;
    latestPerName: Statement<RunRow>;
  };

  constructor(db: Database.Database, file: string, schemaVersion: number, readonly: boolean, tuning: RunStoreTuning = {}) {
    this.db = db;
    this.path = file;
    this.schemaVersion = schemaVersion;
    this.readonly = readonly;
    this.scrubber = tuning.scrubber ?? NO_SECRETS;
    this.sessions = new SqliteSessionStore(db, file, readonly, this.scrubber);
    this.journal = new SqliteRunJournal(db, file, this.scrubber);
    this.flushIntervalMs = tuning.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.flushEvents = tuning.flushEvents ?? DEFAULT_FLUSH_EVENTS;
    const newestFirst = 'ORDER BY started_at DESC, id DESC';
    this.sql = {
      insertRun: db.prepare(
        `INSERT INTO runs (id, name, kind, status, started_at, input, session_id, pid, host${schemaVersion >= 5 ? ', forked_from, fork_step' : ''})
         VALUES (@id, @name, @kind, 'running', @started_at, @input, @session_id, @pid, @host${schemaVersion >= 5 ? ', @forked_from, @fork_step' : ''})`,
      ),
      insertEvent: db.prepare('INSERT INTO events (run_id, seq, at, type, span_id, data) VALUES (?, ?, ?, ?, ?, ?)'),
      finishRun: db.prepare(
        `UPDATE runs SET status = @status, ended_at = @ended_at, duration_ms = @duration_ms, input_tokens = @input_tokens,
         output_tokens = @output_tokens, cost_usd = @cost_usd, output = @output, error = @error WHERE id = @id`,
      ),
      markInterrupted: db.prepare(
        `UPDATE runs SET status = 'interrupted', ended_at = @ended_at, duration_ms = @duration_ms, input_tokens = @input_tokens,
         output_tokens = @output_tokens, cost_usd = @cost_usd, error = @error WHERE id = @id AND status = 'running'`,
      ),
      byId: db.prepare('SELECT * FROM runs WHERE id = ?'),
      byPrefix: db.prepare(`SELECT * FROM runs WHERE id >= ? AND id < ? ${newestFirst} LIMIT ${PREFIX_CANDIDATES}`),
      last: db.prepare(`SELECT * FROM runs ${newestFirst} LIMIT 1`),
      recentIds: db.prepare(`SELECT id, name FROM runs ${newestFirst} LIMIT ${RECENT_RUNS}`),
      running: db.prepare("SELECT * FROM runs WHERE status = 'running'"),
      events: db.prepare('SELECT * FROM events WHERE run_id = ? ORDER BY seq'),
      latestPerName: db.prepare(
        'SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY name ORDER BY started_at DESC, id DESC) AS n FROM runs) WHERE n = 1',
      ),
    };
    if (!readonly) {
      const beat = db.prepare("UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running'");
      this.heartbeat = new RunHeartbeat((runIds, now) => this.write(() => runIds.forEach((id) => beat.run(now, id))), tuning.heartbeatMs);
      flushOnExit(this);
    }
  }

  enqueueRun(run: QueuedRun): never {
    throw new UserError('queue-needs-postgres', `cannot queue ${run.name} on queue ${run.queue}: the run store ${this.path} is a SQLite file on this machine, and queues are shared through PostgreSQL`, {
      hint: 'set runs: in ca.yaml (or CA_RUNS_URL) to a postgres:// URL, start ca worker there, or run it here without --queue',
      exitCode: EXIT.usage,
    });
  }

  startRun(event: RunStartedEvent, origin: RunOrigin = {}): void {
    this.assertWritable('startRun');
    this.rethrowFailure();
    this.write(() => {
      this.sql.insertRun.run({
        id: event.runId,
        name: event.name,
        kind: event.kind,
        started_at: event.at,
        input: this.json(event.input),
        session_id: event.sessionId ?? null,
        pid: origin.pid ?? process.pid,
        host: origin.host ?? HOST,
        ...(this.schemaVersion >= 5 ? { forked_from: event.forkOf?.runId ?? null, fork_step: event.forkOf?.step ?? null } : {}),
      });
      this.insertEvent(event);
    });
    // Only the process running it can say it is alive.
    if ((origin.pid ?? process.pid) === process.pid && (origin.host ?? HOST) === HOST) this.heartbeat?.add(event.runId);
  }

  append(events: TraceEvent | readonly TraceEvent[]): void {
    this.assertWritable('append');
    this.rethrowFailure();
    for (const event of Array.isArray(events) ? (events as readonly TraceEvent[]) : [events as TraceEvent]) {
      if (event.type === 'run.started') this.startRun(event);
      else if (event.type === 'run.ended') this.finishRun(event);
      // Written at once, like a start: a resumed segment is on file before any of its steps.
      else if (event.type === 'run.resumed') this.write(() => this.insertEvent(event));
      else {
        this.buffer.push(event);
        if (this.buffer.length >= this.flushEvents) this.flush();
      }
    }
    if (this.buffer.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        try {
          this.flush();
        } catch (error) {
          this.failure ??= error;
        }
      }, this.flushIntervalMs);
      // A run that ends without finishRun still lets the process exit; the exit hook flushes.
      this.timer.unref();
    }
  }

  finishRun(event: RunEndedEvent): void {
    this.assertWritable('finishRun');
    this.rethrowFailure();
    const batch = this.takeBuffer();
    this.write(() => {
      for (const buffered of batch) this.insertEvent(buffered);
      this.insertEvent(event);
      const changed = this.sql.finishRun.run({
        id: event.runId,
        status: event.status,
        ended_at: event.at,
        duration_ms: Math.round(event.durationMs),
        input_tokens: event.tokens.input,
        output_tokens: event.tokens.output,
        cost_usd: event.costUsd,
        output: this.json(event.output),
        error: this.json(event.error),
      }).changes;
      if (changed === 0) throw new Error(`finishRun: no run ${event.runId} in ${this.path} (startRun first)`);
    });
    this.heartbeat?.remove(event.runId);
  }

  reopenRun(runId: string, origin: RunOrigin = {}, options: ReopenOptions = {}): RunSegment {
    this.assertWritable('reopenRun');
    this.rethrowFailure();
    this.flush();
    const segment = this.write(() => {
      const row = this.sql.byId.get(runId);
      if (!row) throw this.notFound(runId);
      const status = options.takeOver && row.status === 'running' ? 'interrupted' : this.statusOf(row);
      assertResumable(runId, row, status);
      const events = this.eventsOf(runId);
      const stream = streamSoFar(events);
      let { nextSeq } = stream;
      // A segment the process never ended (it died): its `run.ended` is written now, as a reader would have made it up.
      if (!segmentEnded(events)) {
        const end = interruptedEnd(deadRun(row), events);
        this.insertEvent({ ...end, seq: nextSeq++ });
      }
      const root = this.db.prepare('SELECT attempts FROM steps WHERE run_id = ? AND key = ?').get(runId, row.name) as { attempts: number } | undefined;
      const changed = this.db
        .prepare(
          `UPDATE runs SET status = 'running', ended_at = NULL, duration_ms = NULL, output = NULL, error = NULL, pid = @pid, host = @host, heartbeat_at = @now
           WHERE id = @id AND status = @status`,
        )
        .run({ id: runId, status: row.status, pid: origin.pid ?? process.pid, host: origin.host ?? HOST, now: Date.now() }).changes;
      if (changed === 0) throw new UserError('run-still-running', `run ${runId} was resumed by another process just now`, { hint: 'see ca runs', exitCode: EXIT.usage });
      return {
        segment: stream.segment,
        from: status as RunSegment['from'],
        nextSeq,
        spent: {
          tokens: { input: row.input_tokens, output: row.output_tokens },
          costUsd: row.cost_usd,
          durationMs: stream.previous?.durationMs ?? row.duration_ms ?? 0,
        },
        rootAttempts: root?.attempts ?? 1,
      };
    });
    if ((origin.pid ?? process.pid) === process.pid && (origin.host ?? HOST) === HOST) this.heartbeat?.add(runId);
    return segment;
  }

  recordFingerprints(runId: string, fingerprints: Readonly<Record<string, string>>): void {
    this.assertWritable('recordFingerprints');
    if (this.schemaVersion < 5) return;
    this.write(() => this.db.prepare('UPDATE runs SET fingerprints = ? WHERE id = ?').run(JSON.stringify(fingerprints), runId));
  }

  readFingerprints(runId: string): Record<string, string> | undefined {
    if (this.schemaVersion < 5) return undefined;
    const row = this.guard(() => this.db.prepare('SELECT fingerprints FROM runs WHERE id = ?').get(runId) as { fingerprints: string | null } | undefined);
    return row?.fingerprints ? (JSON.parse(row.fingerprints) as Record<string, string>) : undefined;
  }

  importRun(run: RecordedRun): boolean {
    this.assertWritable('importRun');
    this.rethrowFailure();
    return this.write(() => importRunRows(this.db, run, this.scrubber));
  }

  answerApproval(runId: string, key: string, decision: JsonValue, at: number): boolean {
    this.assertWritable('answerApproval');
    return this.write(
      () =>
        this.db
          .prepare("UPDATE steps SET status = 'succeeded', ended_at = ?, output = ? WHERE run_id = ? AND key = ? AND kind = 'approval' AND status IN ('started', 'cancelled')")
          .run(at, this.scrubber.text(JSON.stringify(decision)), runId, key).changes === 1,
    );
  }

  moveRelease(runId: string, from: string, to: string): boolean {
    this.assertWritable('moveRelease');
    if (this.schemaVersion < 6) return false;
    return this.write(
      () => this.db.prepare("UPDATE runs SET release = ? WHERE id = ? AND release = ? AND status IN ('queued', 'waiting', 'interrupted')").run(to, runId, from).changes === 1,
    );
  }

  flush(): void {
    if (this.readonly || this.buffer.length === 0) return;
    const batch = this.takeBuffer();
    this.write(() => {
      for (const event of batch) this.insertEvent(event);
    });
  }

  listRuns(query: RunQuery = {}): TimedRunSummary[] {
    this.flushQuietly();
    // A file from before version 6 (read-only opens leave it as it is) has no run of any env.
    if (query.env !== undefined && this.schemaVersion < 6) return [];
    const { where, params, limit } = runQuerySql(query, () => '?');
    const now = Date.now();
    const runs = this.guard(() => (this.db.prepare(`SELECT * FROM runs ${where} ORDER BY started_at DESC, id DESC${limit}`).all(...params) as RunRow[]).map((row) => this.toRecord(row, now)));
    return narrowRuns(runs, query);
  }

  getRun(idOrPrefix: string): TimedRunRecord {
    this.flushQuietly();
    const wanted = idOrPrefix.trim();
    return this.guard(() => {
      if (wanted === 'last') {
        const last = this.sql.last.get();
        if (!last) throw noRunsYet(this.path);
        return this.toRecord(last);
      }
      const exact = wanted === '' ? undefined : this.sql.byId.get(wanted);
      if (exact) return this.toRecord(exact);
      let candidates = wanted === '' ? [] : this.byPrefix(wanted);
      if (candidates.length === 0 && wanted !== '' && !wanted.startsWith('r_')) candidates = this.byPrefix(`r_${wanted}`);
      const found = onlyCandidate(wanted, candidates);
      if (found) return this.toRecord(found);
      throw this.notFound(wanted);
    });
  }

  readEvents(runId: string): TraceEvent[] {
    this.flushQuietly();
    return this.guard(() => {
      const events = this.eventsOf(runId);
      const row = this.sql.byId.get(runId);
      if (row && !segmentEnded(events) && this.statusOf(row) === 'interrupted') {
        events.push(interruptedEnd(deadRun(row), events));
      }
      return events;
    });
  }

  latestStatusByName(): Map<string, RunStatus> {
    this.flushQuietly();
    return this.guard(() => new Map(this.sql.latestPerName.all().map((row) => [row.name, this.statusOf(row)])));
  }

  /**
   * Marks the runs whose process died as `interrupted` in the file (tokens and duration from the
   * events they wrote). Runs at every writable open; readers work it out without writing.
   */
  markInterrupted(): number {
    this.assertWritable('markInterrupted');
    return this.write(() => {
      let marked = 0;
      for (const row of this.sql.running.all()) {
        if (this.statusOf(row) !== 'interrupted') continue;
        const end = interruptedEnd(deadRun(row), this.eventsOf(row.id));
        marked += this.sql.markInterrupted.run({
          id: row.id,
          ended_at: end.at,
          duration_ms: Math.round(end.durationMs),
          input_tokens: end.tokens.input,
          output_tokens: end.tokens.output,
          cost_usd: end.costUsd,
          error: valueJson(end.error),
        }).changes;
      }
      return marked;
    });
  }

  close(): void {
    OPEN_STORES.delete(this);
    this.heartbeat?.stop();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.db.open) return;
    try {
      this.flush();
    } finally {
      this.db.close();
    }
    this.rethrowFailure();
  }

  /** The row as reported, its duration included: `now` is the clock for a run still running. */
  private toRecord(row: RunRow, now = Date.now()): TimedRunRecord {
    // A dead run not yet marked in the file (a read-only open) reads as a writable open would record it.
    return toRunRecord(row, this.statusOf(row), now, () => this.eventsOf(row.id));
  }

  private eventsOf(runId: string): TraceEvent[] {
    return this.sql.events.all(runId).map((row) => JSON.parse(row.data) as TraceEvent);
  }

  /** The row's status, except that a `running` run whose process is gone is `interrupted`. */
  private statusOf(row: RunRow): RunStatus {
    const status = row.status as RunStatus;
    if (status !== 'running') return status;
    return isProcessAlive(row.pid, row.host, new Date(row.started_at).toISOString()) ? 'running' : 'interrupted';
  }

  private notFound(wanted: string): UserError {
    return runNotFound(wanted, this.path, this.sql.recentIds.all());
  }

  private byPrefix(prefix: string): RunRow[] {
    return this.sql.byPrefix.all(...prefixBounds(prefix));
  }

  private insertEvent(event: TraceEvent): void {
    const spanId = 'spanId' in event ? event.spanId : null;
    this.sql.insertEvent.run(event.runId, event.seq, event.at, event.type, spanId, this.scrubber.text(traceEventJson(event)));
  }

  /** A value as JSON text for a column, known secrets removed: the text is what reaches the file. */
  private json(value: unknown): string | null {
    return scrubbedValueJson(value, this.scrubber);
  }

  private takeBuffer(): TraceEvent[] {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    return this.buffer.splice(0);
  }

  /** Reads see this store's own buffered events; a failed flush is left for the writer to hear about. */
  private flushQuietly(): void {
    try {
      this.flush();
    } catch (error) {
      this.failure ??= error;
    }
  }

  private rethrowFailure(): void {
    if (this.failure === undefined) return;
    const failure = this.failure;
    this.failure = undefined;
    throw failure;
  }

  private write<T>(fn: () => T): T {
    return writeImmediate(this.db, fn, (error) => toRunStoreError(error, this.path));
  }

  private guard<T>(fn: () => T): T {
    return guarded(fn, (error) => toRunStoreError(error, this.path));
  }

  private assertWritable(method: string): void {
    if (this.readonly) throw new Error(`${method}: the run store ${this.path} was opened read-only`);
  }
}
