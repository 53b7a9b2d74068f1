import { Args, Flags } from '@oclif/core';
import { approveRun } from '../app/approve-run.js';
import { CaCommand } from '../cli/base-command.js';
import type { ApproveResult } from '../core/results.js';

export default class Approve extends CaCommand<ApproveResult> {
  static override summary = 'Answer the approval a parked run waits on (never runs project code).';
  static override description =
    'A run started with `--approve park` stops at its first unanswered approval with status `waiting` (exit 4). `ca approve` records the answer in its journal, with who gave it ($CA_ACTOR, $GITHUB_ACTOR or the OS user), when and an optional note; `ca run --resume RUN` then goes on past it.';
  static override examples = [
    '<%= config.bin %> approve last',
    '<%= config.bin %> approve r_mhq3k2x0 --deny -m "amount over the limit"',
    '<%= config.bin %> approve r_mhq3k2x0 --step refund_flow/approve#2',
  ];

  static override args = {
    run: Args.string({ description: 'Run id, a unique prefix of one, or `last`.', required: true }),
  };

  static override flags = {
    deny: Flags.boolean({ summary: 'Deny instead of approving: the run takes its denied path.' }),
    step: Flags.string({ summary: 'The approval to answer, when the run waits on more than one (its step key).' }),
    message: Flags.string({ char: 'm', summary: 'A note kept with the answer (why).' }),
  };

  async run(): Promise<ApproveResult> {
    const { args, flags } = await this.parse(Approve);
    const result = await approveRun({
      project: flags.project,
      run: args.run,
      ...(flags.deny ? { deny: true } : {}),
      ...(flags.step === undefined ? {} : { step: flags.step }),
      ...(flags.message === undefined ? {} : { note: flags.message }),
    });
    const verdict = result.approved ? this.out.green('approved') : this.out.red('denied');
    this.log(`${verdict} ${result.step}: "${result.prompt}" (run ${result.runId}, by ${result.by})`);
    this.note(this.err.dim(result.next.startsWith('ca ') ? `go on with: ${result.next}` : result.next));
    return result;
  }
}
