import { Args } from '@oclif/core';
import { replayRun, replaySelection } from '../app/replay-run.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { CaCommand } from '../cli/base-command.js';
import { exitWhenDone } from '../cli/exit-when-done.js';
import { EXIT } from '../core/errors.js';
import type { ReplayResult, ReplaySelectionResult } from '../core/results.js';
import { renderReplay, renderReplaySelection } from '../ui/trace/render-replay.js';
import { UserError } from '../core/errors.js';

export default class Replay extends CaCommand<ReplayResult | ReplaySelectionResult> {
  static override summary = "Run the current code against a recorded run's journal, offline: exit 0 same steps and output, 1 the first divergent step (loads project code).";
  static override description =
    "Tools, reasoners, approvals and model calls are answered from the run's journal, so nothing outside the process is touched and no API key is needed; flows and agents run their current code. A regression check for a change: `ca replay last` after editing a flow.";
  static override examples = [
    '<%= config.bin %> replay last',
    '<%= config.bin %> replay r_mxcoq2yz --json',
    '<%= config.bin %> replay -s state:modified+ --state git:origin/main',
  ];

  static override args = {
    run: Args.string({ description: 'Run id, a unique prefix of one, or `last` (the default without -s).' }),
  };

  static override flags = { ...selectionFlags };

  async run(): Promise<ReplayResult | ReplaySelectionResult> {
    const { args, flags } = await this.parse(Replay);
    if (flags.select !== undefined || flags.selector !== undefined) {
      if (args.run !== undefined) throw new UserError('replay-run-and-selection', 'ca replay takes a run or a selection (-s), not both', { hint: 'ca replay RUN, or ca replay -s SELECTION for the latest succeeded run of each selected node' });
      const many = await replaySelection({ project: flags.project, selection: selectionRequest(flags) });
      exitWhenDone();
      this.warnings(many.warnings);
      if (many.replays.some((replay) => replay.verdict !== 'identical')) process.exitCode = EXIT.failed;
      if (!this.jsonEnabled()) this.log(renderReplaySelection(many, this.out));
      return many;
    }
    const result = await replayRun({ project: flags.project, run: args.run ?? 'last' });
    exitWhenDone();
    if (result.verdict !== 'identical') process.exitCode = EXIT.failed;
    if (!this.jsonEnabled()) this.log(renderReplay(result, this.out));
    return result;
  }
}
