import type pg from 'pg';
import type { TraceEvent } from '../../core/trace.js';
import { PG_RUN_STORE, toPgError } from './pg-errors.js';
import { checkout } from './pg-transaction.js';

/** Which run's refusal an awaited write throws: its own run's (the journal), any run's (flush, close), or none. */
export const ANY_RUN = Symbol('any run');
export const NO_RUN = Symbol('no run');
export type Refusals = string | typeof ANY_RUN | typeof NO_RUN;

type Work = (client: pg.PoolClient) => Promise<void>;

/**
 * A write and whether it is one statement: a single statement is atomic by itself and goes alone
 * (one round trip); any other is wrapped in a transaction (BEGIN and COMMIT: two more).
 */
interface Step {
  work: Work;
  single: boolean;
  /** What the write is, for a later write that may take it over (`takeLast`). */
  tag?: unknown;
}

export interface WriteQueueOptions {
  /** Buffered events are written at most this long after they arrive… */
  flushIntervalMs: number;
  /** …or as soon as this many are waiting. */
  flushEvents: number;
  /** Writes buffered events in a transaction (the store fences them by owner, and refuses runs it was fenced out of). */
  writeEvents(client: pg.PoolClient, events: readonly TraceEvent[]): Promise<void>;
}

/** The lane of writes that are about no one run, or every run (opening, flush, close): it waits for every lane. */
export const ALL_LANES = Symbol('all lanes');
export type Lane = string | typeof ALL_LANES;

/**
 * The run store's writes to PostgreSQL, in call order per run: each run has its own lane (a
 * promise chain), so the runs a worker executes side by side write side by side, each one's
 * writes in order. Each write is one transaction; a run's span events wait in its buffer to go
 * in, in one statement, with its next write (or on a timer, or once enough wait). A write on
 * ALL_LANES waits for every lane, and every later write waits for it. See PgRunStore for what a
 * failed or refused write does.
 */
export class PgWriteQueue {
  private readonly buffers = new Map<string, TraceEvent[]>();
  private buffered = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Writes queued and not yet in a transaction, per run: they go in with the run's next awaited write, or at the next turn of the event loop. */
  private readonly pending = new Map<string, Step[]>();
  private soon: NodeJS.Immediate | undefined;
  /** The end of each run's lane; none rejects (each write's outcome goes to its caller, or to `failure`). */
  private readonly lanes = new Map<string, Promise<unknown>>();
  /** The end of the last ALL_LANES write: every lane starts behind it. */
  private barrier: Promise<unknown> = Promise.resolve();
  /** A queued write that failed: thrown by the next awaited call. */
  private failure: unknown;
  /** Why writes for a run were left out (taken over, started elsewhere, no such run): thrown by its next journal write, or by flush or close. */
  private readonly refused = new Map<string, Error>();
  private readonly toError = (error: unknown): unknown => toPgError(error, this.path, PG_RUN_STORE);

  constructor(
    private readonly pool: pg.Pool,
    private readonly path: string,
    private readonly options: WriteQueueOptions,
  ) {}

  /** Buffers a span event: it goes in with its run's next write, within `flushIntervalMs`, or at once when `flushEvents` wait. */
  push(event: TraceEvent): void {
    let buffer = this.buffers.get(event.runId);
    if (!buffer) this.buffers.set(event.runId, (buffer = []));
    buffer.push(event);
    this.buffered++;
    if (this.buffered >= this.options.flushEvents) this.flushBuffers();
    if (this.buffered > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flushBuffers();
      }, this.options.flushIntervalMs);
      // A run that ends without finishRun still lets the process exit.
      this.timer.unref();
    }
  }

  /**
   * Queues a write behind every write of its run before it. It is not awaited: it goes in the
   * transaction of the run's next awaited write (a journal step's start, say) or, at the latest, in
   * one of its own at the next turn of the event loop, with the run's buffered events. Behind a
   * failed write it is dropped; its own failure is kept for the next awaited call.
   */
  enqueue(lane: string, work?: Work, options: { single?: boolean; leaveEvents?: boolean; tag?: unknown } = {}): void {
    let works = this.pending.get(lane);
    if (!works) this.pending.set(lane, (works = []));
    // The run's events buffered so far go in before a write of the run's row (its end is written
    // after them); a write of the journal (`leaveEvents`) leaves them to their timer.
    const events = options.leaveEvents ? [] : this.takeEvents(lane);
    if (events.length > 0) works.push(this.eventsStep(events));
    if (work) works.push({ work, single: options.single ?? false, ...(options.tag === undefined ? {} : { tag: options.tag }) });
    this.soon ??= setImmediate(() => {
      this.soon = undefined;
      for (const key of [...this.pending.keys()]) this.writeLane(key);
    });
  }

  /**
   * The lane's last pending write, when `accept` takes its tag: out of the queue, for the caller to
   * write within its own statement (a step's end with the next step's start: one round trip).
   */
  takeLast<T>(lane: string, accept: (tag: unknown) => tag is T): T | undefined {
    const works = this.pending.get(lane);
    const last = works?.at(-1);
    if (!works || !last || !accept(last.tag)) return undefined;
    works.pop();
    return last.tag;
  }

  /** One transaction, now, behind the lane: its buffered events and pending writes. */
  private writeLane(lane: string): void {
    const { events, works } = this.take(lane);
    if (events.length === 0 && works.length === 0) return;
    void this.schedule(lane, async () => {
      if (this.failure !== undefined) return;
      try {
        await this.steps([...works, this.eventsStep(events)]);
      } catch (error) {
        this.failure = error;
      }
    });
  }

  /**
   * A write the caller awaits, behind every queued one of its lane: a queued write's failure is
   * thrown first, and so is a refusal of the run it writes (`refusalOf`: a run id, `ANY_RUN`, or
   * `NO_RUN` for a write that reports none). Its lane is the run it writes (`refusalOf`, or
   * `options.lane`); without one it waits for every lane. The run's buffered events go in its
   * transaction, or, `alone`, in one of their own ahead of it (for work that may throw: its error
   * must not take the events with it). Should its transaction fail, they go back to the buffer.
   */
  awaited(refusalOf: Refusals): Promise<void>;
  awaited<T>(refusalOf: Refusals, work: (client: pg.PoolClient) => Promise<T>, options?: { alone?: boolean; lane?: string; single?: boolean }): Promise<T>;
  awaited<T>(refusalOf: Refusals, work?: (client: pg.PoolClient) => Promise<T>, options: { alone?: boolean; lane?: string; single?: boolean } = {}): Promise<T | undefined> {
    const lane: Lane = typeof refusalOf === 'string' ? refusalOf : (options.lane ?? ALL_LANES);
    if (lane === ALL_LANES) this.flushBuffers();
    else if (options.alone) this.writeLane(lane);
    // A single statement (a journal step) takes the run's pending writes along but leaves its span
    // events to their timer: the journal is the record a resume needs; the trace may follow a moment later.
    const { events, works } = lane === ALL_LANES ? { events: [], works: [] } : options.single ? { events: [], works: this.takeWorks(lane) } : this.take(lane);
    let eventsIn = false;
    return this.schedule(lane, async () => {
      // The writes queued before this one are its own, in its transaction: a failure before them all drops them too.
      if (this.failure !== undefined) works.length = 0;
      this.rethrowFailure();
      this.rethrowRefusal(refusalOf);
      if (events.length === 0 && works.length === 0 && !work) return undefined;
      try {
        let result: T | undefined;
        const own: Step[] = work ? [{ work: async (client) => void (result = await work(client)), single: options.single ?? false }] : [];
        const written: Step = {
          work: async (client) => {
            await this.eventsStep(events).work(client);
            eventsIn = true;
          },
          single: true,
        };
        await this.steps([...works, written, ...own]);
        return result;
      } catch (error) {
        // Events that did not go in wait for the next write; those that did must not go in twice.
        if (lane !== ALL_LANES && events.length > 0 && !eventsIn) {
          this.buffers.set(lane, [...events, ...(this.buffers.get(lane) ?? [])]);
          this.buffered += events.length;
        }
        // The queued writes went down with it: like any queued write that failed, the next awaited call hears of it.
        if (works.length > 0) this.failure ??= error;
        throw error;
      }
    });
  }

  /** A read that sees the writes queued before it (of `lane` only, when given): buffers are written and lanes awaited (a failure there is left for the writer). */
  async read<T>(work: (db: pg.Pool) => Promise<T>, lane?: string): Promise<T> {
    // About one run: its own writes are enough (a worker's other runs go on writing meanwhile).
    if (lane === undefined) {
      this.flushBuffers();
      await this.settled();
    } else {
      this.writeLane(lane);
      await Promise.all([this.barrier, this.lanes.get(lane)]);
    }
    try {
      return await work(this.pool);
    } catch (error) {
      throw this.toError(error);
    }
  }

  /** Leaves the run's later writes out, and keeps why for its next journal write (or flush, or close); the first reason stays. */
  refuse(runId: string, error: Error): void {
    if (!this.refused.has(runId)) this.refused.set(runId, error);
  }

  /** Forgets a refusal of the run: this store runs it again. */
  forgive(runId: string): void {
    this.refused.delete(runId);
  }

  /** Throws the failure of a queued write, once. */
  rethrowFailure(): void {
    if (this.failure === undefined) return;
    const failure = this.failure;
    this.failure = undefined;
    throw failure;
  }

  /** Stops the flush timer; what is buffered waits for the next write. */
  stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Events go in one statement (insertEvents). */
  private eventsStep(events: readonly TraceEvent[]): Step {
    return { work: (client) => (events.length === 0 ? Promise.resolve() : this.options.writeEvents(client, events)), single: true };
  }

  /**
   * The steps in order on one connection: each single statement on its own, each other step in a
   * transaction. A failure stops there: the steps before it are in, like a process that died then.
   */
  private async steps(steps: readonly Step[]): Promise<void> {
    const { client } = await checkout(this.pool, this.toError);
    let broken: Error | undefined;
    try {
      for (const step of steps) {
        if (step.single) {
          await step.work(client);
          continue;
        }
        await client.query('BEGIN');
        try {
          await step.work(client);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
          throw error;
        }
      }
    } catch (error) {
      throw this.toError(error);
    } finally {
      client.release(broken);
    }
  }

  /** Every lane as it stands now, and the last barrier. */
  private settled(): Promise<unknown> {
    return Promise.all([this.barrier, ...this.lanes.values()]);
  }

  private schedule<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
    if (lane === ALL_LANES) {
      const run = this.settled().then(work);
      this.barrier = run.catch(() => undefined);
      // Every lane now starts behind this write.
      for (const key of this.lanes.keys()) this.lanes.set(key, this.barrier);
      return run;
    }
    const run = (this.lanes.get(lane) ?? this.barrier).then(work);
    const tail = run.catch(() => undefined);
    this.lanes.set(lane, tail);
    // A lane whose last write is done is forgotten: a worker's store serves runs without end.
    void tail.then(() => {
      if (this.lanes.get(lane) === tail) this.lanes.delete(lane);
    });
    return run;
  }

  /** Writes every run's buffered events and pending writes, each run in a transaction of its own. */
  private flushBuffers(): void {
    this.stopTimer();
    for (const lane of new Set([...this.buffers.keys(), ...this.pending.keys()])) this.writeLane(lane);
  }

  /** The run's pending writes and the events buffered after them (in that order), taken for one transaction. */
  private take(lane: string): { events: TraceEvent[]; works: Step[] } {
    const works = this.takeWorks(lane);
    return { events: this.takeEvents(lane), works };
  }

  private takeWorks(lane: string): Step[] {
    const works = this.pending.get(lane) ?? [];
    this.pending.delete(lane);
    return works;
  }

  private takeEvents(lane: string): TraceEvent[] {
    const events = this.buffers.get(lane) ?? [];
    this.buffers.delete(lane);
    this.buffered -= events.length;
    if (this.buffered === 0) this.stopTimer();
    return events;
  }

  private rethrowRefusal(refusalOf: Refusals): void {
    if (refusalOf === NO_RUN) return;
    const key = refusalOf === ANY_RUN ? this.refused.keys().next().value : refusalOf;
    const error = key === undefined ? undefined : this.refused.get(key);
    if (key === undefined || error === undefined) return;
    this.refused.delete(key);
    throw error;
  }
}
