import { Flags } from '@oclif/core';
import { listApprovals } from '../app/list-approvals.js';
import { CaCommand } from '../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import type { ApprovalsResult } from '../core/results.js';
import { narrowsSelection } from '../core/selection-request.js';
import { costFootnote, emptyInboxLine, renderApprovals } from '../ui/approvals/render-approvals.js';

export default class Approvals extends CaCommand<ApprovalsResult> {
  static override summary = 'The approvals parked runs wait on, and what each run goes on to execute (never runs project code).';
  static override description =
    'Every open approval of a waiting run (`ca run NAME --approve park`, or a worker’s run): the run, its node, the approval’s step key and question, how long it has waited, and the nodes the run will go on to execute (what its node reaches through `uses` and its journal has not done yet) with what they cost in the last succeeded runs of the same node. An approval is selected when its run’s node is. Answer them with `ca approve RUN` or in bulk with `ca approve -s SELECTION`.';
  static override examples = [
    '<%= config.bin %> approvals',
    '<%= config.bin %> approvals -s tag:billing',
    '<%= config.bin %> approvals --env prod --json',
  ];

  static override flags = {
    ...selectionFlags,
    env: Flags.string({ char: 'e', summary: 'Only runs queued for this worker env (from ca.yaml envs:).' }),
  };

  async run(): Promise<ApprovalsResult> {
    const { flags } = await this.parse(Approvals);
    const selection = selectionRequest(flags);
    const result = await listApprovals({ project: flags.project, selection, ...(flags.env === undefined ? {} : { env: flags.env }) });
    this.warnings(result.warnings);
    this.diagnostics(result.diagnostics, true);
    if (result.approvals.length === 0) {
      this.note(this.err.dim(emptyInboxLine({ selected: narrowsSelection(selection), ...(flags.env === undefined ? {} : { env: flags.env }) })));
    } else if (!this.jsonEnabled()) {
      this.log(renderApprovals(result, this.out));
      this.note(this.err.dim(costFootnote(result)));
    }
    return result;
  }
}
