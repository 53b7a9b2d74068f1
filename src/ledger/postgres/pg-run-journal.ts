import type pg from 'pg';
import type { JournalEntry, RunJournal, StepEnd, StepStart } from '../../core/journal.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { type StepRow, stepJson, toJournalEntry } from '../journal-rows.js';
import { PG_RUN_SCHEMA } from './pg-run-schema.js';

const STEPS = `${PG_RUN_SCHEMA}.steps`;
const RUNS = `${PG_RUN_SCHEMA}.runs`;

/** Which process runs a run, as the store that started (or reopened) it recorded it. */
export interface RunOwner {
  pid: number;
  host: string;
}

/** A step's end still queued: the next step's start of its run may write it in its own statement. */
export interface PendingEnd {
  pendingEnd: true;
  key: string;
  owner: RunOwner | undefined;
  /** status, attempts, ended_at, output, error */
  values: unknown[];
}

export function isPendingEnd(tag: unknown): tag is PendingEnd {
  return typeof tag === 'object' && tag !== null && (tag as PendingEnd).pendingEnd === true;
}

/** What the journal needs of its run store (pg-run-store.ts). */
export interface PgJournalHost {
  readonly path: string;
  readonly scrubber: SecretScrubber;
  /**
   * One transaction for `runId` behind every write the store queued before it (so the run's row is
   * there before its first step). The error `work` returns is thrown once the transaction is in: a
   * refusal must not undo the other runs' events that went with it.
   */
  write(runId: string, work: (client: pg.PoolClient) => Promise<Error | undefined>): Promise<void>;
  /**
   * The same, queued rather than awaited: it goes in with the run's next awaited write (the next
   * step's start) or at the next turn of the event loop; a refusal is thrown by the run's next write.
   */
  queue(runId: string, work: (client: pg.PoolClient) => Promise<Error | undefined>, tag?: PendingEnd): void;
  /** The run's last queued write, when it is a step's end that `accept` takes: out of the queue, to go in with a start. */
  takePendingEnd(runId: string, accept: (end: PendingEnd) => boolean): PendingEnd | undefined;
  /** A read once the store's queued writes are in. */
  read<T>(work: (db: pg.Pool) => Promise<T>, runId?: string): Promise<T>;
  /** The owner this store recorded for a run it is running; undefined for any other run. */
  owner(runId: string): RunOwner | undefined;
  /** The error for a run whose row now names another owner (a worker took it over). */
  takenOver(runId: string, client: pg.PoolClient): Promise<Error>;
}

/**
 * The journal (SPEC §9) in `ca_runs.steps`, with SqliteRunJournal's semantics: a step's start is
 * committed before the step runs; its end before the next step starts (it goes in the transaction
 * of that step's start, or on its own at the next turn of the event loop, whichever is first:
 * half the round trips of a run); outputs are kept exactly (JSON text, known secrets removed).
 *
 * Fenced: a step of a run this store is running is written only while the run's row still names
 * this store's process (a `FOR KEY SHARE` lock on the row, so a take-over's `FOR UPDATE` waits for
 * it, or it sees the take-over). A process whose run a worker took over (its lease ran out: a long
 * pause, a network cut) gets `run-taken-over` at its next step instead of running that step beside
 * the new owner.
 */
export class PgRunJournal implements RunJournal {
  constructor(private readonly host: PgJournalHost) {}

  stepStarted(runId: string, step: StepStart): Promise<void> {
    const { scrubber } = this.host;
    const owner = this.host.owner(runId);
    const values: unknown[] = [
      runId,
      step.key,
      step.name,
      step.kind,
      step.inputHash,
      stepJson(step.input, scrubber),
      step.effect ?? null,
      step.idempotent ?? null,
      step.idempotencyKey,
      step.attempt,
      step.at,
    ];
    const columns = `$1::text, $2::text, (SELECT COALESCE(MAX(seq), -1) + 1 FROM ${STEPS} WHERE run_id = $1), $3::text, $4::text, $5::text, $6::text, $7::text, $8::boolean, $9::text, 'started', $10::int, $11::bigint`;
    // A step that starts again (a retry, a resume) keeps its first place and start time.
    const upsert = `ON CONFLICT (run_id, key) DO UPDATE SET status = 'started', attempts = EXCLUDED.attempts, input_hash = EXCLUDED.input_hash, ended_at = NULL, output = NULL, error = NULL`;
    const insert = `INSERT INTO ${STEPS} (run_id, key, seq, name, kind, input_hash, input, effect, idempotent, idempotency_key, status, attempts, started_at)`;
    // The previous step's end, when it is still queued (another step's, written by this owner): in this statement, one round trip for both.
    const end = this.host.takePendingEnd(runId, (pending) => pending.key !== step.key && pending.owner === owner);
    const ctes: string[] = [];
    const params = [...values];
    if (owner) {
      ctes.push(`owner AS (${ownerRow(12)})`);
      params.push(owner.pid, owner.host);
    }
    if (end) {
      const at = params.length + 1;
      const set = `status = $${at}, attempts = $${at + 1}, ended_at = $${at + 2}, output = $${at + 3}, error = $${at + 4}`;
      ctes.push(`ended AS (UPDATE ${STEPS} SET ${set}${owner ? ' FROM owner' : ''} WHERE run_id = $1 AND key = $${at + 5})`);
      params.push(...end.values, end.key);
    }
    const withClause = ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : '';
    return this.host.write(runId, async (client) => {
      if (!owner) {
        await client.query(`${withClause}${insert} VALUES (${columns}) ${upsert}`, params);
        return undefined;
      }
      const { rowCount } = await client.query(`${withClause}${insert} SELECT ${columns} FROM owner ${upsert}`, params);
      return rowCount === 0 ? this.host.takenOver(runId, client) : undefined;
    });
  }

  stepEnded(runId: string, key: string, end: StepEnd): void {
    const { scrubber } = this.host;
    const owner = this.host.owner(runId);
    const values: unknown[] = [
      runId,
      key,
      end.status,
      end.attempts,
      end.at,
      stepJson(end.output, scrubber),
      stepJson(end.error, scrubber),
    ];
    const update = `UPDATE ${STEPS} SET status = $3, attempts = $4, ended_at = $5, output = $6, error = $7`;
    // In the statement of the next step's start (one round trip for both), or on its own at the next turn of the event loop.
    const pending: PendingEnd = { pendingEnd: true, key, owner, values: values.slice(2) };
    this.host.queue(runId, async (client) => {
      if (!owner) {
        await client.query(`${update} WHERE run_id = $1 AND key = $2`, values);
        return undefined;
      }
      const { rowCount } = await client.query(`WITH owner AS (${ownerRow(8)}) ${update} FROM owner WHERE run_id = $1 AND key = $2`, [...values, owner.pid, owner.host]);
      // Nothing updated: no such step (ignored, as in SQLite), or the run is someone else's now.
      if (rowCount === 0 && (await client.query(ownerRow(2), [runId, owner.pid, owner.host])).rowCount === 0) return this.host.takenOver(runId, client);
      return undefined;
    }, pending);
  }

  readSteps(runId: string): Promise<JournalEntry[]> {
    return this.host.read(async (db) => (await db.query<StepRow>(`SELECT * FROM ${STEPS} WHERE run_id = $1 ORDER BY seq`, [runId])).rows.map((row) => toJournalEntry(row)), runId);
  }
}

/** The run's row while it names the owner ($1 the run, $n and $n+1 its pid and host), locked against a take-over. */
function ownerRow(n: number): string {
  return `SELECT 1 FROM ${RUNS} WHERE id = $1 AND pid = $${n} AND host = $${n + 1} FOR KEY SHARE`;
}
