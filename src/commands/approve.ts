import { Args, Flags } from '@oclif/core';
import { approveRun } from '../app/approve-run.js';
import { approveSelected } from '../app/approve-selected.js';
import { CaCommand } from '../cli/base-command.js';
import { terminalConfirm } from '../cli/confirm.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { EXIT, UserError } from '../core/errors.js';
import type { ApproveResult, BulkApproveResult } from '../core/results.js';
import { narrowsSelection } from '../core/selection-request.js';
import { emptyInboxLine, renderApprovals } from '../ui/approvals/render-approvals.js';
import { decisionSummary, renderDecisions } from '../ui/approvals/render-decisions.js';

export default class Approve extends CaCommand<ApproveResult | BulkApproveResult> {
  static override summary = 'Answer the approval a parked run waits on, or every approval of a selection (never runs project code).';
  static override description =
    'A run started with `--approve park` stops at its first unanswered approval with status `waiting` (exit 4). `ca approve RUN` records the answer in its journal, with who gave it ($CA_ACTOR, $GITHUB_ACTOR or the OS user), when and an optional note; `ca run --resume RUN` then goes on past it. `ca approve -s SELECTION` lists the approvals `ca approvals` shows for that selection, asks (or takes --yes), and answers each one the same way: exit 1 when any was skipped because someone answered it first or its run moved on.';
  static override examples = [
    '<%= config.bin %> approve last',
    '<%= config.bin %> approve r_mhq3k2x0 --deny -m "amount over the limit"',
    '<%= config.bin %> approve r_mhq3k2x0 --step refund_flow/approve#2',
    '<%= config.bin %> approve -s tag:billing -m "month-end credits, checked"',
    '<%= config.bin %> approve -s write_off --env prod --deny -m "collections first" --yes',
  ];

  static override args = {
    run: Args.string({ description: 'Run id, a unique prefix of one, or `last` (or, instead, a selection with -s).' }),
  };

  static override flags = {
    ...selectionFlags,
    env: Flags.string({ char: 'e', summary: 'With a selection: only runs queued for this worker env.' }),
    deny: Flags.boolean({ summary: 'Deny instead of approving: the run takes its denied path.' }),
    step: Flags.string({ summary: 'The approval to answer, when the run waits on more than one (its step key).' }),
    message: Flags.string({ char: 'm', summary: 'A note kept with the answer (why).' }),
    yes: Flags.boolean({ char: 'y', summary: 'With a selection: decide without asking (needed where there is no terminal).' }),
  };

  async run(): Promise<ApproveResult | BulkApproveResult> {
    const { args, flags } = await this.parse(Approve);
    const answer = { ...(flags.deny ? { deny: true } : {}), ...(flags.message === undefined ? {} : { note: flags.message }) };
    const selection = selectionRequest(flags);
    if (!narrowsSelection(selection) && flags.env === undefined) {
      if (args.run === undefined) throw usage('say which run to answer (ca approve RUN) or which approvals (ca approve -s SELECTION)');
      const result = await approveRun({ project: flags.project, run: args.run, ...answer, ...(flags.step === undefined ? {} : { step: flags.step }) });
      const verdict = result.approved ? this.out.green('approved') : this.out.red('denied');
      this.log(`${verdict} ${result.step}: "${result.prompt}" (run ${result.runId}, by ${result.by})`);
      this.note(this.err.dim(result.next.startsWith('ca ') ? `go on with: ${result.next}` : result.next));
      return result;
    }
    if (args.run !== undefined) throw usage(`a run (${args.run}) and a selection together: answer one run, or every approval of the selection`);
    if (flags.step !== undefined) throw usage('--step goes with one run (ca approve RUN --step KEY), not with a selection');
    if (flags.message === undefined) throw usage('a decision in bulk needs a note saying why: -m NOTE (it is kept with each answer)');
    const result = await approveSelected({
      project: flags.project,
      selection,
      ...(flags.env === undefined ? {} : { env: flags.env }),
      answer,
      yes: flags.yes,
      // Under --json the list goes to stderr when a question follows: nobody is asked about a list they cannot see.
      onListed: (listing) => {
        if (!this.jsonEnabled()) this.log(renderApprovals(listing, this.out));
        else if (!flags.yes) this.note(renderApprovals(listing, this.err));
      },
      ...bulkConfirm(flags.deny),
    });
    this.warnings(result.warnings);
    if (result.decisions.length === 0) {
      this.note(this.err.dim(`${emptyInboxLine({ selected: narrowsSelection(selection), ...(flags.env === undefined ? {} : { env: flags.env }) })}: nothing to decide`));
      return result;
    }
    if (!this.jsonEnabled()) this.log(`\n${renderDecisions(result, this.out)}`);
    this.note(result.skipped > 0 ? this.err.yellow(decisionSummary(result)) : this.err.dim(decisionSummary(result)));
    if (result.skipped > 0) process.exitCode = EXIT.failed;
    return result;
  }
}

/** The question on a terminal, asked once the approvals are listed; none without a terminal. */
function bulkConfirm(deny: boolean): { confirm?: () => Promise<boolean> } {
  const ask = terminalConfirm(`${deny ? 'Deny' : 'Approve'} every approval listed above?`);
  return ask ? { confirm: ask } : {};
}

function usage(message: string): UserError {
  return new UserError('approve-usage', message, { hint: 'see `ca approve --help`', exitCode: EXIT.usage });
}
