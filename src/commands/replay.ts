import { Args } from '@oclif/core';
import { replayRun } from '../app/replay-run.js';
import { CaCommand } from '../cli/base-command.js';
import { exitWhenDone } from '../cli/exit-when-done.js';
import { EXIT } from '../core/errors.js';
import type { ReplayResult } from '../core/results.js';
import { renderReplay } from '../ui/trace/render-replay.js';

export default class Replay extends CaCommand<ReplayResult> {
  static override summary = "Run the current code against a recorded run's journal, offline: exit 0 same steps and output, 1 the first divergent step (loads project code).";
  static override description =
    "Tools, reasoners, approvals and model calls are answered from the run's journal, so nothing outside the process is touched and no API key is needed; flows and agents run their current code. A regression check for a change: `ca replay last` after editing a flow.";
  static override examples = ['<%= config.bin %> replay last', '<%= config.bin %> replay r_mxcoq2yz --json'];

  static override args = {
    run: Args.string({ description: 'Run id, a unique prefix of one, or `last` (the default).', default: 'last' }),
  };

  async run(): Promise<ReplayResult> {
    const { args, flags } = await this.parse(Replay);
    const result = await replayRun({ project: flags.project, run: args.run });
    exitWhenDone();
    if (result.verdict !== 'identical') process.exitCode = EXIT.failed;
    if (!this.jsonEnabled()) this.log(renderReplay(result, this.out));
    return result;
  }
}
