import { Flags } from '@oclif/core';
import { runWorker } from '../app/run-worker.js';
import { CaCommand } from '../cli/base-command.js';
import { mockFlag, telemetryFlag } from '../cli/runtime-flags.js';
import type { WorkerSummary } from '../core/results.js';
import { DEFAULT_QUEUE } from '../core/queue-names.js';
import { shortRelease } from '../core/release.js';
import { renderWorkerReady, renderWorkerRun, renderWorkerSummary } from '../ui/worker-report.js';

export default class Worker extends CaCommand<WorkerSummary> {
  static override summary = 'Execute queued runs from PostgreSQL, durably (runs project code).';
  static override description =
    'Serves a queue of the run store on PostgreSQL (runs: or CA_RUNS_URL) with DBOS Transact: each run queued with `ca run NAME --queue` executes here, step by step through the journal. Start as many workers as you like, on any machine: a worker that dies (no heartbeat within CA_WORKER_LEASE_MS, 15 s by default) has its runs taken over by another, which restores every completed step and never re-runs a write that may have happened blindly. SIGTERM or Ctrl-C: no new runs, each run in flight finishes its current step and is queued again for the next worker.';
  static override examples = [
    '<%= config.bin %> worker',
    '<%= config.bin %> worker --queue refunds --concurrency 4',
    '<%= config.bin %> worker --env prod',
    '<%= config.bin %> worker --env prod --drain',
    'CA_RUNS_URL=postgres://ca@db:5432/agents <%= config.bin %> worker --mock mocks.yaml',
  ];

  static override flags = {
    queue: Flags.string({ char: 'q', summary: `The queue to serve (default: ${DEFAULT_QUEUE}, or the env's queue with --env).` }),
    env: Flags.string({ char: 'e', summary: "Serve a worker env's release that this code matches (its queue; runs pinned to that release only)." }),
    drain: Flags.boolean({ summary: 'With --env: stop once a newer release is deployed and no run of the served one is left (blue/green).' }),
    'allow-dirty': Flags.boolean({ summary: 'With --env: start from a tree with uncommitted changes (its own release when it matches none).' }),
    concurrency: Flags.integer({ char: 'c', summary: 'Runs at once on each worker of the queue (the worker started last sets it for all).', default: 4, min: 1, max: 1000 }),
    ...mockFlag,
    ...telemetryFlag,
  };

  async run(): Promise<WorkerSummary> {
    const { flags } = await this.parse(Worker);
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals) => {
      // The first signal stops gently; a second Ctrl-C quits at once (the lease hands the runs on).
      if (controller.signal.aborted && signal === 'SIGINT') process.exit(130);
      if (!controller.signal.aborted) this.note(this.err.dim(`${signal}: no new runs; the runs in flight finish their current step and go back to the queue`));
      controller.abort();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    try {
      const summary = await runWorker({
        project: flags.project,
        ...(flags.queue === undefined ? {} : { queue: flags.queue }),
        ...(flags.env === undefined ? {} : { workerEnv: flags.env }),
        ...(flags.drain ? { drain: true } : {}),
        ...(flags['allow-dirty'] ? { allowDirty: true } : {}),
        concurrency: flags.concurrency,
        signal: controller.signal,
        ...(flags.mock === undefined ? {} : { mock: flags.mock }),
        ...(flags['no-telemetry'] ? { telemetry: false } : {}),
        onReady: (info) => this.note(renderWorkerReady(info, this.err)),
        onDrainCount: (left, current) =>
          this.note(this.err.dim(left === 0 ? `drained: release ${shortRelease(current)} is current and no run of this one is left` : `draining: release ${shortRelease(current)} is current; ${left} run(s) of this one left`)),
        onRunEnded: (result) => this.note(renderWorkerRun(result, this.err)),
        onNote: (message) => this.warnings([message]),
      });
      this.note(renderWorkerSummary(summary, this.err));
      return summary;
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
  }
}
