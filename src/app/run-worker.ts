import crypto from 'node:crypto';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { EXIT, UserError } from '../core/errors.js';
import type { RunResult, WorkerSummary } from '../core/results.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';
import type { PgWorkerRegistry } from '../ledger/postgres/pg-worker-registry.js';
import type { RunStore } from '../ledger/run-store.js';
import type { QueueClient, WorkerEngine } from '../queue/dbos-queue.js';
import { heartbeatMs, workerLeaseMs } from '../queue/worker-lease.js';
import { DRAINED } from '../runtime/step-journal.js';
import { loadProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForWriting, runStoreLocation } from './open-run-store.js';
import { projectSecrets } from './project-secrets.js';
import { DEFAULT_QUEUE } from '../core/queue-names.js';
import { shortRelease } from '../core/release.js';
import { workerEnv } from './env-release.js';
import { liveRunSummaries } from './release-runs.js';
import { chooseWorkerRelease, type ServedRelease } from './worker-release.js';
import { releaseOfDeployments } from '../deploy/release.js';
import type { Ledger } from '../ledger/ledger.js';
import { openLedgerForReading } from './open-project-ledger.js';
import { runQueued } from './run-node.js';
import { useTelemetry } from './telemetry.js';

export interface WorkerOptions extends ProjectOptions {
  /** The queue to serve; with `workerEnv`, the env's queue when not given. */
  queue?: string;
  /** `--env E` (SPEC §14): serve the release of a worker env that this code matches. */
  workerEnv?: string;
  /** `--drain`: stop once the served release is no longer current and none of its runs is left (queued, in flight, parked or interrupted). */
  drain?: boolean;
  /** `--allow-dirty`: a tree with uncommitted changes may serve (its own release when it matches none). */
  allowDirty?: boolean;
  /** Runs at once (DBOS keeps it per queue: the worker started last sets it for all). */
  concurrency: number;
  /** `--mock FILE`: model calls answered from it. */
  mock?: string;
  /** Aborted (SIGTERM, Ctrl-C): stop taking runs, let each run in flight finish its current step, queue the rest. */
  signal: AbortSignal;
  /** How long a stop waits for the steps in flight (default 5 minutes). */
  stopWaitMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Said once the worker serves the queue. */
  onReady?: (info: { executorId: string; queue: string; store: string; concurrency: number; leaseMs: number; release?: { env: string; id: string; how: ServedRelease['how'] } }) => void;
  /** `--drain`, once a newer release is current: how many runs of this one are left, said when the count changes. */
  onDrainCount?: (left: number, current: string) => void;
  onRunStarted?: (runId: string) => void;
  onRunEnded?: (result: RunResult) => void;
  /** Runs of a dead worker handed back to the queue; a heartbeat that failed; an export that failed (once). */
  onNote?: (message: string) => void;
  /** `--no-telemetry`: the runs are not exported over OTLP (SPEC §13). */
  telemetry?: boolean;
}

/**
 * `ca worker` (SPEC §10): serves one queue of the run store's PostgreSQL database with DBOS
 * Transact. Each run executes here through the same interpreter and journal as `ca run`. ca's own
 * lease (ledger/postgres/pg-worker-registry.ts) decides when a worker is dead: the first live
 * worker to notice claims it and hands the DBOS workflows it had started back to their queue,
 * where they run again from the top and the journal restores every completed step.
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const loaded = await loadProject(options);
  const env = options.env ?? process.env;
  const location = runStoreLocation(loaded.config, env);
  if (!isPostgresUrl(location)) {
    throw new UserError('worker-needs-postgres', `ca worker serves a queue in PostgreSQL, and the run store is ${location}`, {
      hint: 'set runs: in ca.yaml (or CA_RUNS_URL) to a postgres:// URL; without one, run flows with ca run NAME',
      exitCode: EXIT.usage,
    });
  }
  const target = options.workerEnv === undefined ? undefined : workerEnv(loaded.config, options.workerEnv);
  if (target && options.queue !== undefined && options.queue !== target.queue) {
    throw new UserError('queue-not-env', `--queue ${options.queue}: the runs of env ${target.name} go to queue ${target.queue}`, { hint: 'drop --queue, or name the env whose queue that is', exitCode: EXIT.usage });
  }
  if (options.drain && !target) throw new UserError('drain-needs-env', '--drain waits for the runs of a release: it needs --env', { hint: 'ca worker --env ENV --drain', exitCode: EXIT.usage });
  const queueName = target?.queue ?? options.queue ?? DEFAULT_QUEUE;
  const leaseMs = workerLeaseMs(env);
  const scrubber = projectSecrets(loaded.config, env, loaded.scan.nodes);
  // One export for all the worker's runs: a collector that is away is said once, when it first fails.
  const exporting = await useTelemetry(loaded.config, env, options.telemetry, (message) => options.onNote?.(message));
  const { PgWorkerRegistry } = await import('../ledger/postgres/pg-worker-registry.js');
  const queueModule = await import('../queue/dbos-queue.js');
  const registry = await PgWorkerRegistry.open(location);
  let store: RunStore | undefined;
  let client: QueueClient | undefined;
  let ledger: Ledger | undefined;
  const summary: WorkerSummary = { executorId: executorId(), queue: queueName, runs: {}, requeued: 0, recovered: 0 };
  try {
    await queueModule.migrateQueue(location, registry);
    const runs = (store = await openRunStoreForWriting(loaded.config, scrubber));
    const served = target ? await chooseWorkerRelease(loaded, target.name, runs, { allowDirty: options.allowDirty ?? false }) : undefined;
    const release = served?.release.id;
    if (served) summary.release = { env: target!.name, id: served.release.id, how: served.how };
    const appVersion = release ?? queueModule.QUEUE_APP_VERSION;
    const queue = (client = await queueModule.QueueClient.open(location));
    const drain = new AbortController();
    const engine = new queueModule.WorkerEngine({
      url: location,
      executorId: summary.executorId,
      queue: queueName,
      concurrency: options.concurrency,
      appVersion,
      execute: async (runId) => {
        const record = await runs.getRun(runId);
        // A second workflow of a run that a live worker is running (two approvals of one run answered, say): taking
        // it over would run its step in flight twice. Only a run whose worker is gone (claimed, or silent) is taken over.
        if (record.status === 'running' && (await registry.isLive(record.pid, record.host, leaseMs))) {
          options.onNote?.(`run ${runId} is in flight on a live worker (pid ${record.pid} on ${record.host}): left to it`);
          return 'in-flight';
        }
        const pinned = record.release;
        if (pinned !== release) {
          // Moved to another release meanwhile (ca run --resume --upgrade): its workers take it, under a workflow of their own.
          options.onNote?.(`run ${runId} is pinned to ${pinned === undefined ? 'no release' : `release ${shortRelease(pinned)}`} now, not to this worker's: left for its workers`);
          return 'skipped';
        }
        options.onRunStarted?.(runId);
        const base = {
          runId,
          approve: async () => 'park' as const,
          drain: drain.signal,
          env,
          telemetry: exporting.telemetry ?? false,
          ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        };
        const result = await runQueued({ ...base, ...(options.mock === undefined ? {} : { mock: options.mock }) }, loaded, runs, scrubber);
        if (result.status === 'interrupted' && result.error?.code === DRAINED) {
          // Left for the next worker: the same run, its next segment, on the same queue.
          await queue.enqueue(runId, queueName, `${runId}.${(result.resumed?.segment ?? 1) + 1}`, appVersion);
          summary.requeued++;
        } else {
          summary.runs[result.status] = (summary.runs[result.status] ?? 0) + 1;
        }
        options.onRunEnded?.(result);
        return result.status;
      },
    });
    await registry.register(summary.executorId, queueName, summary.release ? { env: summary.release.env, release: summary.release.id } : undefined);
    await engine.launch();
    options.onReady?.({ executorId: summary.executorId, queue: queueName, store: maskUrl(location), concurrency: options.concurrency, leaseMs, ...(summary.release ? { release: summary.release } : {}) });
    // The lease is kept until the worker has stopped: a stop that waits on a long step must not look like death.
    const stopped = new AbortController();
    const beating = keepLease(registry, engine, summary, leaseMs, stopped.signal, options);
    const stopAsked = new Promise<void>((resolve) => (options.signal.aborted ? resolve() : options.signal.addEventListener('abort', () => resolve(), { once: true })));
    if (options.drain && served) {
      ledger = await openLedgerForReading(loaded.config);
      if (ledger) await Promise.race([stopAsked, drained(runs, ledger, target!.name, served.release.id, stopped.signal, options)]);
      else await stopAsked;
    } else {
      await stopAsked;
    }
    drain.abort();
    try {
      await engine.shutdown(options.stopWaitMs ?? 5 * 60_000);
    } finally {
      stopped.abort();
      await beating;
    }
    await registry.stop(summary.executorId);
    return summary;
  } finally {
    await client?.close().catch(() => undefined);
    await ledger?.close().catch(() => undefined);
    await store?.close();
    await registry.close();
    await exporting.finish();
  }
}

/**
 * `--drain`: resolves once the worker's release is no longer the env's current one (a newer deploy)
 * and the env has no run of it left (queued, in flight, parked at an approval, or interrupted and
 * about to be handed on), checking every second. Start every worker with it, and an old release's
 * workers stop by themselves once its last run is done.
 */
async function drained(store: RunStore, ledger: Ledger, env: string, release: string, stopped: AbortSignal, options: Pick<WorkerOptions, 'onDrainCount' | 'onNote'>): Promise<void> {
  let last = -1;
  while (!stopped.aborted) {
    try {
      // The chain was checked at start-up; from here on only the latest rows are read.
      const current = releaseOfDeployments(env, await ledger.latestSucceeded(env)).id;
      if (current !== release) {
        const left = (await liveRunSummaries(store, env)).filter((run) => run.release === release).length;
        if (left !== last) options.onDrainCount?.(left, current);
        last = left;
        if (left === 0) return;
      }
    } catch (error) {
      options.onNote?.(`could not count the runs left: ${(error as Error).message.split('\n')[0]}`);
    }
    await delay(1000, undefined, { signal: stopped }).catch(() => undefined);
  }
}

/** Beats until `stopped`; claims dead workers and hands their runs back to their queues. */
async function keepLease(
  registry: PgWorkerRegistry,
  engine: WorkerEngine,
  summary: WorkerSummary,
  leaseMs: number,
  stopped: AbortSignal,
  options: Pick<WorkerOptions, 'onNote'>,
): Promise<void> {
  const every = heartbeatMs(leaseMs);
  while (!stopped.aborted) {
    try {
      if (!(await registry.beat(summary.executorId))) {
        // Declared dead (no beat within the lease) and its runs handed on: going on would run their steps twice.
        process.stderr.write(`ca worker: ${summary.executorId} lost its lease (no heartbeat within ${leaseMs} ms) and its runs went to other workers; stopping at once\n`);
        process.exit(EXIT.failed);
      }
      for (const dead of await registry.claimDead(summary.executorId, leaseMs)) {
        const handed = await engine.recover(dead.executorId, dead.queue);
        summary.recovered++;
        options.onNote?.(`worker ${dead.executorId} (pid ${dead.pid} on ${dead.host}) stopped beating: ${handed.length} of its run(s) went back to queue ${dead.queue}`);
      }
    } catch (error) {
      // The database away for a moment: said, and tried again at the next beat (the lease is longer than several beats).
      options.onNote?.(`heartbeat failed: ${(error as Error).message.split('\n')[0]}`);
    }
    await delay(every, undefined, { signal: stopped }).catch(() => undefined);
  }
}

/** Unique per process (notes/dbos.md §3), and readable in the workers table. */
function executorId(): string {
  return `w_${os.hostname().slice(0, 24)}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
}
