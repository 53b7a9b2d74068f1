import { EXIT, UserError } from '../core/errors.js';
import type { EnqueueResult } from '../core/results.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';
import { newRunId, type SpanKind } from '../core/trace.js';
import { workerLeaseMs } from '../queue/worker-lease.js';
import { findNode } from './find-node.js';
import { loadProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForWriting, runStoreLocation } from './open-run-store.js';
import { projectSecrets } from './project-secrets.js';
import { assertRunnable } from './run-node.js';
import type { ProjectConfig } from '../config/project-config.js';
import { DEFAULT_QUEUE } from '../core/queue-names.js';
import { shortRelease, type Release } from '../core/release.js';
import type { Ledger } from '../ledger/ledger.js';
import { readRelease, recordRelease, requireCurrentRelease, workerEnv } from './env-release.js';
import { openLedgerForReading, openLedgerForWriting, withLedger } from './open-project-ledger.js';

export interface EnqueueRunOptions extends ProjectOptions {
  name: string;
  input: unknown;
  /** The queue; with `workerEnv`, the env's queue when not given. */
  queue?: string;
  /** `--env E` (SPEC §14): a worker env's run, pinned to its current release (or to `release`). */
  workerEnv?: string;
  /** `--release ID`: pin to this recorded release (an id or a unique prefix) instead of the current one. */
  release?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * `ca run NAME --queue [Q]` (SPEC §10): the run is recorded `queued` in the run store on
 * PostgreSQL, then put on the DBOS queue under its run id; a `ca worker` of that queue runs it.
 * Static up to here: the node is found by discovery, no project code is loaded in this process.
 */
export async function enqueueRun(options: EnqueueRunOptions): Promise<EnqueueResult> {
  const loaded = await loadProject(options);
  const node = findNode(loaded.graph, options.name);
  assertRunnable(node);
  const env = options.env ?? process.env;
  const target = options.workerEnv === undefined ? undefined : workerEnv(loaded.config, options.workerEnv);
  if (target && options.queue !== undefined && options.queue !== target.queue) {
    throw new UserError('queue-not-env', `--queue ${options.queue}: the runs of env ${target.name} go to queue ${target.queue}`, { hint: 'drop the queue name, or name the env whose queue that is', exitCode: EXIT.usage });
  }
  const queue = target?.queue ?? options.queue ?? DEFAULT_QUEUE;
  const location = runStoreLocation(loaded.config, env);
  if (!isPostgresUrl(location)) throw queueNeedsPostgres(location);
  // Pinned before anything is written: a node its release does not hold never becomes a queued run.
  const release = target ? await pinRelease(loaded.config, target.name, node.name, options.release) : undefined;
  const { PgWorkerRegistry } = await import('../ledger/postgres/pg-worker-registry.js');
  const { QueueClient, migrateQueue, QUEUE_APP_VERSION } = await import('../queue/dbos-queue.js');
  const registry = await PgWorkerRegistry.open(location);
  try {
    await migrateQueue(location, registry, { onlyIfMissing: true });
    const runId = newRunId();
    const store = await openRunStoreForWriting(loaded.config, projectSecrets(loaded.config, env));
    try {
      // The row first: a worker that takes the run a moment later finds it.
      await store.enqueueRun({ runId, name: node.name, kind: node.kind as SpanKind, input: options.input, queue, at: Date.now(), ...(release ? { env: target!.name, release: release.id } : {}) });
    } finally {
      await store.close();
    }
    const client = await QueueClient.open(location);
    try {
      await client.enqueue(runId, queue, runId, release?.id ?? QUEUE_APP_VERSION);
    } finally {
      await client.close();
    }
    const workers = await registry.liveWorkers(queue, workerLeaseMs(env), release ? release.id : undefined);
    return { runId, name: node.name, queue, store: maskUrl(location), workers, ...(release ? { env: target!.name, release: release.id } : {}) };
  } finally {
    await registry.close();
  }
}

/**
 * The release a new run of a worker env is pinned to: the env's current one (its record written
 * if the deploy that made it predates records), or the recorded one `--release` names; it must hold the node.
 */
async function pinRelease(config: ProjectConfig, env: string, node: string, wanted: string | undefined): Promise<Release> {
  return withLedger(await openLedgerForReading(config), async (ledger) => {
    const release = wanted === undefined ? await requireCurrentRelease(ledger, env) : await releaseByPrefix(ledger, env, wanted);
    if (!(node in release.manifest.nodes)) {
      throw new UserError('node-not-released', `${node} is not part of release ${shortRelease(release.id)} of env ${env}, so no worker of it can run ${node}`, {
        hint: `deploy it: ca deploy --env ${env} -s ${node}`,
        exitCode: EXIT.usage,
      });
    }
    if ((await ledger!.artifact(release.id)) === undefined) await withLedger(await openLedgerForWriting(config), (writable) => recordRelease(writable!, release));
    return release;
  });
}

async function releaseByPrefix(ledger: Ledger | undefined, env: string, wanted: string): Promise<Release> {
  const ids = ledger ? (await ledger.artifactHashes()).filter((id) => id.startsWith(wanted.toLowerCase())) : [];
  const releases = [];
  for (const id of ids) {
    const release = await readRelease(ledger!, id).catch(() => undefined);
    if (release?.manifest.env === env) releases.push(release);
  }
  if (releases.length === 1) return releases[0]!;
  throw new UserError(releases.length === 0 ? 'unknown-release' : 'release-ambiguous', `--release ${wanted}: ${releases.length === 0 ? `no recorded release of env ${env} has that id` : `${releases.length} releases of env ${env} start with it`}`, {
    hint: releases.length === 0 ? `ca status --env ${env} shows its releases` : `give more of the id: ${releases.map((release) => shortRelease(release.id)).join(', ')}`,
    exitCode: EXIT.usage,
  });
}

function queueNeedsPostgres(location: string): UserError {
  return new UserError('queue-needs-postgres', `cannot queue a run: the run store ${location} is a SQLite file on this machine, and queues are shared through PostgreSQL`, {
    hint: 'set runs: in ca.yaml (or CA_RUNS_URL) to a postgres:// URL and start ca worker there, or run it here without --queue',
    exitCode: EXIT.usage,
  });
}
