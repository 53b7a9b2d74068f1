import { Args, Flags } from '@oclif/core';
import { readRunInput } from '../app/read-run-input.js';
import { runNode } from '../app/run-node.js';
import { createApprover } from '../cli/approver.js';
import { CaCommand } from '../cli/base-command.js';
import { mockFlag } from '../cli/runtime-flags.js';
import { APPROVAL_MODES } from '../core/approval.js';
import { EXIT } from '../core/errors.js';
import type { RunResult } from '../core/results.js';
import { traceEventJson } from '../core/trace.js';
import { renderRunFooter, renderRunOutput } from '../ui/run-outcome.js';
import { createLiveTrace } from '../ui/trace/live-trace.js';
import { exitWhenDone } from '../cli/exit-when-done.js';

export default class Run extends CaCommand<RunResult | undefined> {
  static override summary = 'Run a flow or agent locally, with a live trace tree (runs project code).';
  static override description =
    'Loads the project (TypeScript, ESM, tsconfig paths), runs NAME in-process and streams its trace. Every call outside a `uses` list is denied. The run and its events are kept in .ca/runs.db for `ca runs` and `ca trace`. Exit 1 when the run fails or is cancelled.';
  static override examples = [
    `<%= config.bin %> run triage --input '"T-1042"'`,
    '<%= config.bin %> run concierge --input \'"Where is my refund?"\' --mock mocks.yaml',
    '<%= config.bin %> run refund_flow --input @refund.json --approve all',
    'echo \'{"sku":"A-1"}\' | <%= config.bin %> run restock_check --input - --json',
  ];

  static override args = {
    name: Args.string({ description: 'The flow, agent, tool or reasoner to run.', required: true }),
  };

  static override flags = {
    input: Flags.string({ char: 'i', summary: "The input as JSON, @file.json, or - to read stdin (a string needs quotes: '\"T-1042\"')." }),
    ...mockFlag,
    approve: Flags.string({
      summary: 'ctx.approve and agent approvals: ask on a TTY (default; denied elsewhere), all, or none.',
      options: [...APPROVAL_MODES],
      default: 'ask',
    }),
    'max-parallel': Flags.integer({ summary: 'Default bound of ctx.map when the flow gives none.', min: 1 }),
  };

  async run(): Promise<RunResult | undefined> {
    const { args, flags } = await this.parse(Run);
    const json = this.jsonEnabled();
    const input = await readRunInput(flags.input, { cwd: process.cwd() });
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
        name: args.name,
        input,
        approve: createApprover(flags.approve as (typeof APPROVAL_MODES)[number], live),
        signal: controller.signal,
        // oclif silences this.log under --json; the event lines are the JSON output.
        onEvent: (event) => (json ? process.stdout.write(`${traceEventJson(event)}\n`) : live!.push(event)),
        ...(flags.mock === undefined ? {} : { mock: flags.mock }),
        ...(flags['max-parallel'] === undefined ? {} : { maxParallel: flags['max-parallel'] }),
      });
    } finally {
      process.off('SIGINT', onInterrupt);
      live?.done();
      exitWhenDone();
    }
    if (result.status !== 'succeeded') process.exitCode = EXIT.failed;
    if (json) return undefined;
    const output = renderRunOutput(result);
    if (output !== undefined && result.status === 'succeeded') this.log(output);
    for (const line of renderRunFooter(result, this.err)) this.note(line);
    return result;
  }
}
