import { DBOS, DBOSClient, type DLogger } from '@dbos-inc/dbos-sdk';
import type { PgWorkerRegistry } from '../ledger/postgres/pg-worker-registry.js';

/**
 * The run queue on DBOS Transact (SPEC §10; ../shared/notes/dbos.md has what it does and does not
 * guarantee). DBOS gives ca the queue in PostgreSQL, one execution per workflow id, and a way to
 * hand a dead executor's workflows to a live one. Everything else stays ca's: the journal (each
 * step's start and end, so a write that may have happened is never re-run blindly), the lease that
 * says which worker is dead, the run store that `ca runs` reads.
 *
 * One workflow, `ca_run(runId)`, with no DBOS steps inside: when DBOS runs it again on another
 * worker it starts from the top, and ca's journal restores every step that completed.
 */

const APP = 'ca';
/**
 * The DBOS application version of runs queued without a worker env: every worker started without
 * `--env` serves them (a fixed version, never DBOS's default hash of the sources, which strands work
 * queued by another build). A worker env's runs carry their release id instead (SPEC §14), so DBOS
 * itself hands them only to workers of that release, also when it recovers them.
 */
export const QUEUE_APP_VERSION = 'ca-1';
const RUN_WORKFLOW = 'ca_run';


/** DBOS's own warnings and errors go to stderr, one line each; its info lines are dropped (stdout is ca's result). */
const STDERR_LOGGER: DLogger = {
  info: () => undefined,
  debug: () => undefined,
  warn: (entry) => process.stderr.write(`dbos: ${text(entry)}\n`),
  error: (entry) => process.stderr.write(`dbos: ${text(entry)}\n`),
};

function text(entry: unknown): string {
  return (entry instanceof Error ? entry.message : String(entry)).split('\n')[0]!;
}

/**
 * Creates or upgrades DBOS's tables (schema `dbos`), one process at a time: concurrent first
 * launches deadlock (notes/dbos.md §5). `DBOS.migrate` prints progress with console.log; it goes to
 * stderr here, since stdout carries a verb's result.
 */
export async function migrateQueue(url: string, registry: PgWorkerRegistry, options: { onlyIfMissing?: boolean } = {}): Promise<void> {
  await registry.exclusive('ca_queue.dbos-migrate', async () => {
    if (options.onlyIfMissing && (await registry.hasSchema('dbos'))) return;
    const { log, info } = console;
    console.log = console.info = (...args: unknown[]) => process.stderr.write(`dbos: ${args.map(String).join(' ')}\n`);
    try {
      await DBOS.migrate(url);
    } finally {
      console.log = log;
      console.info = info;
    }
  });
}

/** Puts runs on a queue from any process (`ca run --queue`, `ca approve`), without becoming a worker. */
export class QueueClient {
  private constructor(private readonly client: DBOSClient) {}

  static async open(url: string): Promise<QueueClient> {
    return new QueueClient(await DBOSClient.create({ systemDatabaseUrl: url, applicationName: APP, logger: STDERR_LOGGER, systemDatabaseIdleTransactionTimeoutMs: 0 }));
  }

  /**
   * Enqueues `ca_run(runId)` under `workflowId` (the run id, or one per later segment): the same id
   * twice is one execution. `appVersion`: the run's release, or QUEUE_APP_VERSION for a run of no env.
   */
  async enqueue(runId: string, queue: string, workflowId = runId, appVersion = QUEUE_APP_VERSION): Promise<void> {
    await this.client.enqueue({ workflowName: RUN_WORKFLOW, queueName: queue, workflowID: workflowId, appVersion }, runId);
  }

  /** Cancels the run's queued workflows that are still waiting (a run moved to another release gets a new one). */
  async cancelQueued(workflowIds: readonly string[]): Promise<void> {
    for (const id of workflowIds) await this.client.cancelWorkflow(id).catch(() => undefined);
  }

  /** The ids of the run's DBOS workflows still queued, whatever their version. */
  async queuedWorkflows(runId: string): Promise<string[]> {
    const found = await this.client.listWorkflows({ workflow_id_prefix: runId, status: 'ENQUEUED' });
    return found.map((workflow) => workflow.workflowID).filter((id) => id === runId || id.startsWith(`${runId}.`));
  }

  async close(): Promise<void> {
    await this.client.destroy();
  }
}

export interface WorkerEngineOptions {
  url: string;
  /** Unique per worker process (notes/dbos.md §3): DBOS recovers only its own executor's workflows. */
  executorId: string;
  queue: string;
  /** Runs at once per worker. DBOS keeps it per queue: the worker started last sets it for every worker of the queue. */
  concurrency: number;
  /** The release it serves (SPEC §14), or QUEUE_APP_VERSION: DBOS gives it only workflows of this version. */
  appVersion: string;
  pollMs?: number;
  /** The body of `ca_run`: executes (or goes on with) one run; what it returns is DBOS's record of the workflow. */
  execute: (runId: string) => Promise<string>;
}

/** A launched DBOS executor serving one queue. DBOS is a process-wide singleton: one per process. */
export class WorkerEngine {
  private workflow: ((runId: string) => Promise<string>) | undefined;

  constructor(private readonly options: WorkerEngineOptions) {}

  async launch(): Promise<void> {
    const { url, executorId, queue, concurrency } = this.options;
    DBOS.setConfig({
      name: APP,
      systemDatabaseUrl: url,
      logLevel: 'warn',
      logger: STDERR_LOGGER,
      executorID: executorId,
      applicationVersion: this.options.appVersion,
      runMigrations: false,
      listenQueues: [queue],
      systemDatabaseIdleTransactionTimeoutMs: 0,
    });
    this.workflow = DBOS.registerWorkflow(async (runId: string) => this.options.execute(runId), { name: RUN_WORKFLOW });
    await DBOS.launch();
    await DBOS.registerQueue(queue, { workerConcurrency: concurrency, minPollingIntervalMs: this.options.pollMs ?? 100 });
  }

  /** Queues a later segment of a run (after a drain or an approval) on this worker's queue. */
  async enqueue(runId: string, workflowId: string): Promise<void> {
    await DBOS.startWorkflow(this.workflow!, { workflowID: workflowId, queueName: this.options.queue })(runId);
  }

  /**
   * Hands the workflows a dead executor had started back to its queue, where a live worker takes
   * them. Only for an executor ca's lease declared dead: resuming a live one's work runs it twice.
   */
  async recover(executorId: string, queue: string): Promise<string[]> {
    const pending = await DBOS.listWorkflows({ status: 'PENDING', executorId });
    const ids = pending.map((workflow) => workflow.workflowID);
    if (ids.length > 0) await DBOS.resumeWorkflows(ids, { queueName: queue });
    return ids;
  }

  /** Stops taking work, waits up to `waitMs` for the runs in flight, and closes DBOS. */
  async shutdown(waitMs: number): Promise<void> {
    await DBOS.shutdown({ workflowCompletionTimeoutMS: waitMs });
  }
}
