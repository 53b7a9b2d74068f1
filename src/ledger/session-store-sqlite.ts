import { toJsonValue } from '../core/json-value.js';
import { NO_SECRETS, type SecretScrubber } from '../core/secret-scrubber.js';
import type Database from 'better-sqlite3';
import { closest } from 'fastest-levenshtein';
import { EXIT, UserError } from '../core/errors.js';
import { newSessionId, type SessionEvent, type SessionEventType, type SessionRecord, type TurnRecord, type TurnStatus } from '../core/session.js';
import { HOST, isProcessAlive } from './process-liveness.js';
import { toRunStoreError } from './sqlite-errors.js';
import type { SessionStore } from './session-store.js';
import { guarded, writeImmediate } from './sqlite-write.js';

interface SessionRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  turns: number;
  state: string;
  closed: number;
}

interface TurnRow {
  session_id: string;
  turn: number;
  run_id: string;
  status: TurnStatus;
  message: string;
  reply: string | null;
  error: string | null;
  started_at: number;
  ended_at: number | null;
  pid: number;
  host: string;
}

interface EventRow {
  session_id: string;
  seq: number;
  at: number;
  type: SessionEventType;
  turn: number | null;
  run_id: string | null;
  data: string | null;
}

/** The SessionStore over the run store's connection. Statements are prepared on first use, so a read-only open of a version 1 file (no sessions yet) still works for runs. */
export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly readonly: boolean,
    /** Applied to every value and text written (the run store's, see RunStoreTuning.scrubber). */
    private readonly scrubber: SecretScrubber = NO_SECRETS,
  ) {}

  /** A value as JSON text for a column, with known secrets removed. */
  private json(value: unknown): string {
    return this.scrubber.text(json(value));
  }

  private text<T extends string | undefined>(value: T): T {
    return (value === undefined ? value : this.scrubber.text(value)) as T;
  }

  create(name: string, state: unknown, options: { id?: string; now?: number } = {}): SessionRecord {
    const now = options.now ?? Date.now();
    const id = options.id ?? newSessionId(now);
    this.write(() => {
      this.db
        .prepare('INSERT INTO sessions (id, name, created_at, updated_at, turns, state, closed) VALUES (?, ?, ?, ?, 0, ?, 0)')
        .run(id, name, now, now, this.json(state));
      this.insertEvent(id, 'session.created', { data: { name } }, now);
    });
    return this.get(id);
  }

  get(idOrPrefix: string, name?: string): SessionRecord {
    return this.read(() => {
      if (idOrPrefix === 'last') {
        const row = (name === undefined
          ? this.db.prepare('SELECT * FROM sessions ORDER BY updated_at DESC, id DESC LIMIT 1').get()
          : this.db.prepare('SELECT * FROM sessions WHERE name = ? ORDER BY updated_at DESC, id DESC LIMIT 1').get(name)) as SessionRow | undefined;
        if (!row) throw new UserError('unknown-session', name ? `no session of ${name} yet` : 'no session yet', { hint: 'start one with `ca chat NAME` or `ca trigger NAME MESSAGE`' });
        return toRecord(row);
      }
      const exact = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(idOrPrefix) as SessionRow | undefined;
      if (exact) return toRecord(exact);
      const prefix = idOrPrefix.startsWith('s_') ? idOrPrefix : `s_${idOrPrefix}`;
      const rows = this.db.prepare('SELECT * FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT 11').all(prefix, `${prefix}\uffff`) as SessionRow[];
      if (rows.length === 1) return toRecord(rows[0]!);
      if (rows.length > 1) {
        throw new UserError('ambiguous-session', `'${idOrPrefix}' matches ${rows.length > 10 ? 'more than 10' : rows.length} sessions: ${rows.slice(0, 10).map((r) => r.id).join(', ')}`, {
          hint: 'type more of the id',
        });
      }
      const recent = (this.db.prepare('SELECT id FROM sessions ORDER BY updated_at DESC LIMIT 200').all() as { id: string }[]).map((r) => r.id);
      const guess = recent.length > 0 ? closest(idOrPrefix, recent) : undefined;
      throw new UserError('unknown-session', `no session '${idOrPrefix}'`, {
        hint: guess ? `did you mean '${guess}'? \`ca chat NAME\` starts a new one` : 'start one with `ca chat NAME` or `ca trigger NAME MESSAGE`',
      });
    });
  }

  has(id: string): boolean {
    return this.read(() => this.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id) !== undefined);
  }

  list(query: { name?: string; limit?: number } = {}): SessionRecord[] {
    const limit = query.limit && query.limit > 0 ? query.limit : -1;
    return this.read(() =>
      (query.name === undefined
        ? this.db.prepare('SELECT * FROM sessions ORDER BY updated_at DESC, id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM sessions WHERE name = ? ORDER BY updated_at DESC, id DESC LIMIT ?').all(query.name, limit)
      ).map((row) => toRecord(row as SessionRow)),
    );
  }

  beginTurn(sessionId: string, runId: string, message: string): TurnRecord {
    return this.write(() => {
      this.settleDeadTurns(sessionId);
      const running = this.db.prepare("SELECT * FROM session_turns WHERE session_id = ? AND status = 'running'").get(sessionId) as TurnRow | undefined;
      if (running) {
        throw new UserError('session-busy', `session ${sessionId} is in turn ${running.turn} in another process (pid ${running.pid})`, {
          hint: 'wait for that turn to finish; turns of one session run one at a time',
          exitCode: EXIT.failed,
        });
      }
      const { last } = this.db.prepare('SELECT COALESCE(MAX(turn), 0) AS last FROM session_turns WHERE session_id = ?').get(sessionId) as { last: number };
      const now = Date.now();
      const turn = last + 1;
      this.db
        .prepare("INSERT INTO session_turns (session_id, turn, run_id, status, message, started_at, pid, host) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)")
        .run(sessionId, turn, runId, this.text(message), now, process.pid, HOST);
      this.db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?').run(now, sessionId);
      this.insertEvent(sessionId, 'turn.started', { turn, runId, data: { message } }, now);
      return { turn, runId, status: 'running', message: this.text(message), startedAt: now };
    });
  }

  reopenTurn(sessionId: string, runId: string): TurnRecord {
    return this.write(() => {
      this.settleDeadTurns(sessionId);
      const row = this.db.prepare('SELECT * FROM session_turns WHERE session_id = ? AND run_id = ?').get(sessionId, runId) as TurnRow | undefined;
      const { last } = this.db.prepare('SELECT COALESCE(MAX(turn), 0) AS last FROM session_turns WHERE session_id = ?').get(sessionId) as { last: number };
      if (!row || row.turn !== last || row.status === 'succeeded' || row.status === 'running') {
        const why = !row ? 'is not a turn of it' : row.turn !== last ? `is turn ${row.turn}, and the session has gone on to turn ${last}` : row.status === 'succeeded' ? 'succeeded' : 'is still running';
        throw new UserError('turn-not-resumable', `run ${runId} cannot be resumed in session ${sessionId}: it ${why}`, {
          hint: 'only the latest turn of a session, if it did not succeed, can be resumed',
          exitCode: EXIT.usage,
        });
      }
      const now = Date.now();
      this.db.prepare("UPDATE session_turns SET status = 'running', error = NULL, ended_at = NULL, pid = ?, host = ? WHERE session_id = ? AND turn = ?").run(process.pid, HOST, sessionId, row.turn);
      this.db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?').run(now, sessionId);
      this.insertEvent(sessionId, 'turn.started', { turn: row.turn, runId, data: { message: row.message, resumed: true } }, now);
      return { turn: row.turn, runId, status: 'running', message: row.message, startedAt: row.started_at };
    });
  }

  finishTurn(sessionId: string, turn: number, outcome: { status: Exclude<TurnStatus, 'running'>; reply?: string; error?: string; state?: unknown }): void {
    this.write(() => {
      const now = Date.now();
      const row = this.db.prepare('SELECT * FROM session_turns WHERE session_id = ? AND turn = ?').get(sessionId, turn) as TurnRow | undefined;
      this.db
        .prepare('UPDATE session_turns SET status = ?, reply = ?, error = ?, ended_at = ? WHERE session_id = ? AND turn = ?')
        .run(outcome.status, this.text(outcome.reply) ?? null, this.text(outcome.error) ?? null, now, sessionId, turn);
      if (outcome.status === 'succeeded') {
        this.db.prepare('UPDATE sessions SET state = ?, turns = turns + 1, updated_at = ? WHERE id = ?').run(this.json(outcome.state ?? null), now, sessionId);
        this.insertEvent(sessionId, 'reply', { turn, runId: row?.run_id, data: { reply: outcome.reply ?? '' } }, now);
        this.insertEvent(sessionId, 'turn.done', { turn, runId: row?.run_id, data: { status: outcome.status } }, now);
      } else {
        this.db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?').run(now, sessionId);
        this.insertEvent(sessionId, 'turn.failed', { turn, runId: row?.run_id, data: { status: outcome.status, error: outcome.error ?? outcome.status } }, now);
      }
    });
  }

  appendEvent(sessionId: string, type: SessionEventType, fields: { turn?: number; runId?: string; data?: unknown } = {}): SessionEvent {
    return this.write(() => this.insertEvent(sessionId, type, fields, Date.now()));
  }

  readEvents(sessionId: string, afterSeq = 0): SessionEvent[] {
    return this.read(() => {
      const events = (this.db.prepare('SELECT * FROM session_events WHERE session_id = ? AND seq > ? ORDER BY seq').all(sessionId, afterSeq) as EventRow[]).map(toEvent);
      // A reader cannot write: a turn whose process died is reported as failed without touching the file.
      if (this.readonly) events.push(...this.deadTurnEvents(sessionId, events.at(-1)?.seq ?? afterSeq));
      return events;
    });
  }

  turns(sessionId: string): TurnRecord[] {
    return this.read(() =>
      (this.db.prepare('SELECT * FROM session_turns WHERE session_id = ? ORDER BY turn').all(sessionId) as TurnRow[]).map((row) => ({
        turn: row.turn,
        runId: row.run_id,
        status: row.status === 'running' && !isProcessAlive(row.pid, row.host) ? 'interrupted' : row.status,
        message: row.message,
        startedAt: row.started_at,
        ...(row.reply === null ? {} : { reply: row.reply }),
        ...(row.error === null ? {} : { error: row.error }),
        ...(row.ended_at === null ? {} : { endedAt: row.ended_at }),
      })),
    );
  }

  reset(sessionId: string, state: unknown): void {
    this.write(() => {
      this.db.prepare('UPDATE sessions SET state = ?, updated_at = ? WHERE id = ?').run(this.json(state), Date.now(), sessionId);
      this.insertEvent(sessionId, 'session.reset', {}, Date.now());
    });
  }

  close(sessionId: string): void {
    this.write(() => {
      this.db.prepare('UPDATE sessions SET closed = 1, updated_at = ? WHERE id = ?').run(Date.now(), sessionId);
      this.insertEvent(sessionId, 'session.closed', {}, Date.now());
    });
  }

  /** Marks the turns whose process died as interrupted, with a turn.failed event: the state stays the last good one. */
  private settleDeadTurns(sessionId: string): void {
    const running = this.db.prepare("SELECT * FROM session_turns WHERE session_id = ? AND status = 'running'").all(sessionId) as TurnRow[];
    for (const row of running) {
      if (isProcessAlive(row.pid, row.host)) continue;
      this.db.prepare("UPDATE session_turns SET status = 'interrupted', error = ?, ended_at = ? WHERE session_id = ? AND turn = ?").run('the process running the turn died', Date.now(), sessionId, row.turn);
      this.insertEvent(sessionId, 'turn.failed', { turn: row.turn, runId: row.run_id, data: { status: 'interrupted', error: 'the process running the turn died' } }, Date.now());
    }
  }

  private deadTurnEvents(sessionId: string, lastSeq: number): SessionEvent[] {
    const running = this.db.prepare("SELECT * FROM session_turns WHERE session_id = ? AND status = 'running'").all(sessionId) as TurnRow[];
    return running
      .filter((row) => !isProcessAlive(row.pid, row.host))
      .map((row, index) => ({
        sessionId,
        seq: lastSeq + index + 1,
        at: row.started_at,
        type: 'turn.failed' as const,
        turn: row.turn,
        runId: row.run_id,
        data: { status: 'interrupted', error: 'the process running the turn died' },
      }));
  }

  private insertEvent(sessionId: string, type: SessionEventType, fields: { turn?: number | undefined; runId?: string | undefined; data?: unknown }, at: number): SessionEvent {
    const { next } = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM session_events WHERE session_id = ?').get(sessionId) as { next: number };
    this.db
      .prepare('INSERT INTO session_events (session_id, seq, at, type, turn, run_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(sessionId, next, at, type, fields.turn ?? null, fields.runId ?? null, fields.data === undefined ? null : this.json(fields.data));
    return toEvent({ session_id: sessionId, seq: next, at, type, turn: fields.turn ?? null, run_id: fields.runId ?? null, data: fields.data === undefined ? null : this.json(fields.data) });
  }

  private write<T>(fn: () => T): T {
    if (this.readonly) throw new Error(`the run store ${this.file} was opened read-only`);
    return writeImmediate(this.db, fn, (error) => this.toError(error));
  }

  private read<T>(fn: () => T): T {
    return guarded(fn, (error) => this.toError(error));
  }

  private toError(error: unknown): unknown {
    if (error instanceof UserError) return error;
    if (/no such table: session/.test((error as Error).message)) {
      return new UserError('unknown-session', 'no session yet: this run store predates sessions', { hint: 'start one with `ca chat NAME`' });
    }
    return toRunStoreError(error, this.file);
  }
}

function json(value: unknown): string {
  return JSON.stringify(toJsonValue(value) ?? null);
}

function toRecord(row: SessionRow): SessionRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at, turns: row.turns, state: JSON.parse(row.state) as unknown, closed: row.closed === 1 };
}

function toEvent(row: EventRow): SessionEvent {
  return {
    sessionId: row.session_id,
    seq: row.seq,
    at: row.at,
    type: row.type,
    ...(row.turn === null ? {} : { turn: row.turn }),
    ...(row.run_id === null ? {} : { runId: row.run_id }),
    ...(row.data === null ? {} : { data: JSON.parse(row.data) as unknown }),
  };
}
