import { Args, Flags } from '@oclif/core';
import { readRunInput } from '../app/read-run-input.js';
import { runNode } from '../app/run-node.js';
import { createApprover } from '../cli/approver.js';
import { CaCommand } from '../cli/base-command.js';
import { mockFlag, telemetryFlag } from '../cli/runtime-flags.js';
import { APPROVAL_MODES } from '../core/approval.js';
import { EXIT, UserError } from '../core/errors.js';
import type { JsonValue } from '../core/json-value.js';
import type { RunResult } from '../core/results.js';
import { traceEventJson } from '../core/trace.js';
import { renderRunFooter, renderRunOutput } from '../ui/run-outcome.js';
import { createLiveTrace } from '../ui/trace/live-trace.js';
import { exitWhenDone } from '../cli/exit-when-done.js';
import { enqueueRun, type EnqueueRunOptions } from '../app/enqueue-run.js';
import { followRun } from '../app/follow-run.js';
import { openProject } from '../app/load-project.js';
import { DEFAULT_QUEUE } from '../core/queue-names.js';
import type { EnqueueResult, UpgradeResult } from '../core/results.js';
import { upgradeRun } from '../app/upgrade-run.js';
import { renderEnqueued, renderUpgrade } from '../ui/worker-report.js';

export default class Run extends CaCommand<RunResult | EnqueueResult | UpgradeResult | undefined> {
  static override summary = 'Run a flow or agent locally, with a live trace tree (runs project code).';
  static override description =
    'Loads the project (TypeScript, ESM, tsconfig paths), runs NAME in-process and streams its trace. Every call outside a `uses` list is denied. The run, its events and the journal of its steps are kept in .ca/runs.db for `ca runs`, `ca trace`, `ca replay` and `--resume`. Exit 1 when the run fails or is cancelled, 4 when it waits for an approval.';
  static override examples = [
    `<%= config.bin %> run triage --input '"T-1042"'`,
    '<%= config.bin %> run concierge --input \'"Where is my refund?"\' --mock mocks.yaml',
    '<%= config.bin %> run refund_flow --input @refund.json --approve all',
    'echo \'{"sku":"A-1"}\' | <%= config.bin %> run restock_check --input - --json',
    '<%= config.bin %> run --resume last',
    '<%= config.bin %> run --resume r_mhq3k2x0 --skip-step checkout/charge_card#1 --output \'{"charge":"ch_1"}\'',
    '<%= config.bin %> run refund_flow --input @refund.json --approve park',
    '<%= config.bin %> run --fork r_mhq3k2x0 --from triage/classify#1',
    '<%= config.bin %> run refund_flow --queue refunds --input @refund.json',
    '<%= config.bin %> run triage --queue --wait --input \'"T-1042"\'',
  ];

  static override args = {
    name: Args.string({ description: 'The flow, agent, tool or reasoner to run (with --resume or --fork: optional, and must be the run\'s).' }),
  };

  static override flags = {
    input: Flags.string({ char: 'i', summary: "The input as JSON, @file.json, or - to read stdin (a string needs quotes: '\"T-1042\"')." }),
    ...mockFlag,
    ...telemetryFlag,
    approve: Flags.string({
      summary: 'ctx.approve and agent approvals: ask on a TTY (default; denied elsewhere), all, none, or park (the run waits, exit 4, until `ca approve`).',
      options: [...APPROVAL_MODES],
      default: 'ask',
    }),
    'max-parallel': Flags.integer({ summary: 'Default bound of ctx.map when the flow gives none.', min: 1 }),
    resume: Flags.string({
      summary: 'Go on with a run that did not succeed (id, prefix or last): completed steps are restored from its journal, the rest runs live.',
      exclusive: ['fork', 'input'],
    }),
    'retry-step': Flags.string({ summary: 'With --resume: run this write step again, after checking the outside world (it may have happened).', dependsOn: ['resume'] }),
    'skip-step': Flags.string({ summary: 'With --resume and --output: take this write step as done, with the output you give.', dependsOn: ['resume', 'output'] }),
    output: Flags.string({ summary: 'The output of --skip-step: JSON, @file.json or - for stdin.', dependsOn: ['skip-step'] }),
    'from-divergence': Flags.boolean({ summary: 'With --resume: a step called with another input than recorded runs live, and so does everything after it.', dependsOn: ['resume'] }),
    upgrade: Flags.boolean({
      summary: "With --resume: move a worker env's run to the env's current release (only if no node it executed changed; with --from-divergence, from the first that did); a worker of that release goes on with it.",
      dependsOn: ['resume'],
      exclusive: ['retry-step', 'skip-step', 'fork', 'queue', 'mock'],
    }),
    fork: Flags.string({ summary: 'Start a new run that reuses this run\'s journal up to --from STEP and runs live from there.', dependsOn: ['from'], exclusive: ['input'] }),
    from: Flags.string({ summary: 'With --fork: the step key to run live from (ca trace RUN --steps lists them).', dependsOn: ['fork'] }),
    queue: Flags.string({
      summary: `Put the run on a queue (named right after the flag; default ${DEFAULT_QUEUE}) for a ca worker instead of running it here; prints its id. Needs runs: on PostgreSQL.`,
      exclusive: ['resume', 'fork', 'mock', 'approve'],
    }),
    wait: Flags.boolean({ summary: 'With --queue: stream the run\'s trace as a worker runs it, and end as ca run would.', dependsOn: ['queue'] }),
    env: Flags.string({ char: 'e', summary: "With --queue: a worker env's run, on its queue, pinned to its current release (only workers of that release run it).", dependsOn: ['queue'] }),
    release: Flags.string({ summary: 'With --env: pin to this recorded release (id or a unique prefix) instead of the current one.', dependsOn: ['env'] }),
  };

  async run(): Promise<RunResult | EnqueueResult | UpgradeResult | undefined> {
    const implied = withQueueDefault(this.argv);
    this.argv = implied.argv;
    const { args, flags } = await this.parse(Run);
    const json = this.jsonEnabled();
    if (args.name === undefined && flags.resume === undefined && flags.fork === undefined) {
      throw new UserError('missing-name', 'ca run needs the name of the node to run', { hint: 'ca run NAME (ca ls lists them), or ca run --resume RUN to go on with a run' });
    }
    if (flags.upgrade) return this.upgrade(flags.resume!, flags['from-divergence'], flags.project);
    const input = await readRunInput(flags.input, { cwd: process.cwd() });
    if (flags.queue !== undefined) {
      // `--env prod --queue`: the env's queue, unless one is named.
      const queue = implied.named || flags.env === undefined ? flags.queue : undefined;
      return this.enqueue({ project: flags.project, name: args.name!, input, ...(queue === undefined ? {} : { queue }), ...(flags.env === undefined ? {} : { workerEnv: flags.env }), ...(flags.release === undefined ? {} : { release: flags.release }) }, flags.wait);
    }
    const skipOutput = flags['skip-step'] === undefined ? undefined : ((await readRunInput(flags.output, { cwd: process.cwd(), flag: '--output' })) as JsonValue);
    const live = json ? undefined : createLiveTrace(process.stderr, this.err);
    const controller = new AbortController();
    const onInterrupt = () => {
      // The first Ctrl-C cancels cleanly (the run is recorded as cancelled); a second one quits.
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
    };
    process.on('SIGINT', onInterrupt);
    let result: RunResult;
    try {
      result = await runNode({
        project: flags.project,
        ...(args.name === undefined ? {} : { name: args.name }),
        input,
        ...(flags.resume === undefined
          ? {}
          : {
              resume: {
                run: flags.resume,
                ...(flags['retry-step'] === undefined ? {} : { retryStep: flags['retry-step'] }),
                ...(flags['skip-step'] === undefined ? {} : { skipStep: { key: flags['skip-step'], output: skipOutput ?? null } }),
                ...(flags['from-divergence'] ? { fromDivergence: true } : {}),
              },
            }),
        ...(flags.fork === undefined || flags.from === undefined ? {} : { fork: { run: flags.fork, from: flags.from } }),
        onWarning: (message) => this.warnings([message]),
        onEarlierEvents: (events) => events.forEach((event) => live?.push(event)),
        approve: createApprover(flags.approve as (typeof APPROVAL_MODES)[number], live),
        signal: controller.signal,
        // oclif silences this.log under --json; the event lines are the JSON output.
        onEvent: (event) => (json ? process.stdout.write(`${traceEventJson(event)}\n`) : live!.push(event)),
        ...(flags.mock === undefined ? {} : { mock: flags.mock }),
        ...(flags['max-parallel'] === undefined ? {} : { maxParallel: flags['max-parallel'] }),
        ...(flags['no-telemetry'] ? { telemetry: false } : {}),
      });
    } finally {
      process.off('SIGINT', onInterrupt);
      live?.done();
      exitWhenDone();
    }
    if (result.status === 'waiting') process.exitCode = EXIT.waiting;
    else if (result.status !== 'succeeded') process.exitCode = EXIT.failed;
    if (json) return undefined;
    const output = renderRunOutput(result);
    if (output !== undefined && result.status === 'succeeded') this.log(output);
    for (const line of renderRunFooter(result, this.err)) this.note(line);
    return result;
  }

  /** `--resume RUN --upgrade`: the run moves to the current release; nothing runs here. */
  private async upgrade(run: string, fromDivergence: boolean, project: string | undefined): Promise<UpgradeResult> {
    const result = await upgradeRun({ project, run, ...(fromDivergence ? { fromDivergence: true } : {}) });
    for (const line of renderUpgrade(result, this.err)) this.note(line);
    return result;
  }

  /** `--queue`: recorded and queued for a worker; `--wait` follows it to its end from the run store. */
  private async enqueue(request: EnqueueRunOptions, wait: boolean): Promise<EnqueueResult | RunResult | undefined> {
    const json = this.jsonEnabled();
    const { project } = request;
    const queued = await enqueueRun(request);
    const queue = queued.queue;
    const shown = renderEnqueued(queued, this.err);
    if (!wait) {
      if (!json) this.log(shown.stdout);
      for (const line of shown.notes) this.note(line);
      return queued;
    }
    for (const line of shown.notes) this.note(line);
    const live = json ? undefined : createLiveTrace(process.stderr, this.err);
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once('SIGINT', onInterrupt);
    try {
      const config = await openProject({ project });
      const { run, output: exact } = await followRun(config, queued.runId, {
        signal: controller.signal,
        onEvent: (event) => (json ? process.stdout.write(`${traceEventJson(event)}\n`) : live!.push(event)),
      });
      if (run.status === 'waiting') process.exitCode = EXIT.waiting;
      else if (run.status !== 'succeeded') process.exitCode = EXIT.failed;
      if (json) return undefined;
      live?.done();
      const output = renderRunOutput({ output: exact } as RunResult);
      if (output !== undefined) this.log(output);
      this.note(this.err.dim(`run ${run.id} · ${run.status} on queue ${queue} · ca trace ${run.id}`));
      return undefined;
    } catch (error) {
      if (controller.signal.aborted) {
        this.note(this.err.dim(`stopped waiting: run ${queued.runId} goes on in its worker (ca trace ${queued.runId})`));
        process.exitCode = 130;
        return undefined;
      }
      throw error;
    } finally {
      process.off('SIGINT', onInterrupt);
      live?.done();
    }
  }
}

/** `--queue` with no name after it (the end, or another flag next) means the default queue; `named` says whether one was given. */
function withQueueDefault(argv: string[]): { argv: string[]; named: boolean } {
  const at = argv.indexOf('--queue');
  if (at === -1) return { argv, named: argv.some((arg) => arg.startsWith('--queue=')) };
  const next = argv[at + 1];
  if (next !== undefined && !next.startsWith('-')) return { argv, named: true };
  return { argv: [...argv.slice(0, at + 1), DEFAULT_QUEUE, ...argv.slice(at + 1)], named: false };
}
