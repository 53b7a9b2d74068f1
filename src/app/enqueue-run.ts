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

export interface EnqueueRunOptions extends ProjectOptions {
  name: string;
  input: unknown;
  queue: string;
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
  const location = runStoreLocation(loaded.config, env);
  if (!isPostgresUrl(location)) throw queueNeedsPostgres(location);
  const { PgWorkerRegistry } = await import('../ledger/postgres/pg-worker-registry.js');
  const { QueueClient, migrateQueue } = await import('../queue/dbos-queue.js');
  const registry = await PgWorkerRegistry.open(location);
  try {
    await migrateQueue(location, registry, { onlyIfMissing: true });
    const runId = newRunId();
    const store = await openRunStoreForWriting(loaded.config, projectSecrets(loaded.config, env));
    try {
      // The row first: a worker that takes the run a moment later finds it.
      await store.enqueueRun({ runId, name: node.name, kind: node.kind as SpanKind, input: options.input, queue: options.queue, at: Date.now() });
    } finally {
      await store.close();
    }
    const client = await QueueClient.open(location);
    try {
      await client.enqueue(runId, options.queue);
    } finally {
      await client.close();
    }
    const workers = await registry.liveWorkers(options.queue, workerLeaseMs(env));
    return { runId, name: node.name, queue: options.queue, store: maskUrl(location), workers };
  } finally {
    await registry.close();
  }
}

function queueNeedsPostgres(location: string): UserError {
  return new UserError('queue-needs-postgres', `cannot queue a run: the run store ${location} is a SQLite file on this machine, and queues are shared through PostgreSQL`, {
    hint: 'set runs: in ca.yaml (or CA_RUNS_URL) to a postgres:// URL and start ca worker there, or run it here without --queue',
    exitCode: EXIT.usage,
  });
}
