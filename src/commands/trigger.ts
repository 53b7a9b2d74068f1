import { Args, Flags } from '@oclif/core';
import { triggerSession } from '../app/trigger-session.js';
import { createApprover } from '../cli/approver.js';
import { CaCommand } from '../cli/base-command.js';
import { mockFlag, telemetryFlag } from '../cli/runtime-flags.js';
import { TURN_APPROVAL_MODES, type ApprovalMode } from '../core/approval.js';
import { EXIT } from '../core/errors.js';
import type { TurnReport } from '../core/session.js';
import { exitWhenDone } from '../cli/exit-when-done.js';

export default class Trigger extends CaCommand<TurnReport> {
  static override summary = 'Send one message to a stored session and print the reply (runs project code).';
  static override description =
    'Runs one turn against the session\'s stored state, creating the session when needed, and exits: for webhooks, cron jobs and scripts. Another process can follow the session with `ca listen ID`. Exit 1 when the turn fails; the state stays the last good one.';
  static override examples = [
    '<%= config.bin %> trigger refund_desk "I need a refund on T-1042"',
    '<%= config.bin %> trigger refund_desk --session T-1042 "49.90" --mock mocks.yaml',
    '<%= config.bin %> trigger support_chat --session last "and the invoice?" --json',
  ];

  static override args = {
    name: Args.string({ description: 'The session (or agent) to talk to.', required: true }),
    message: Args.string({ description: 'The message for this turn.', required: true }),
  };

  static override flags = {
    session: Flags.string({ summary: 'Session id, unique prefix or `last`; an id of your own (e.g. T-1042) is created on first use. Default: a new session.' }),
    ...mockFlag,
    ...telemetryFlag,
    approve: Flags.string({ summary: 'Approvals in this turn: ask on a TTY (default; denied elsewhere), all, or none.', options: [...TURN_APPROVAL_MODES], default: 'ask' }),
  };

  async run(): Promise<TurnReport> {
    const { args, flags } = await this.parse(Trigger);
    const report = await triggerSession({
      project: flags.project,
      name: args.name,
      message: args.message,
      approve: createApprover(flags.approve as ApprovalMode),
      ...(flags.session === undefined ? {} : { session: flags.session }),
      ...(flags.mock === undefined ? {} : { mock: flags.mock }),
      ...(flags['no-telemetry'] ? { telemetry: false } : {}),
      onWarning: (message) => this.warnings([message]),
    });
    exitWhenDone();
    if (report.status !== 'succeeded') process.exitCode = EXIT.failed;
    if (this.jsonEnabled()) return report;
    if (report.reply !== undefined) this.log(report.reply);
    if (report.error) {
      const where = report.failedPath && report.failedPath.length > 0 ? ` at ${report.failedPath.join(' › ')}` : '';
      this.note(`${this.err.red('error')}: turn ${report.turn} ${report.status}${where}: ${report.error.message}`);
      if (report.error.hint) this.note(`  ${this.err.dim('hint:')} ${report.error.hint}`);
    }
    this.note(this.err.dim(`session ${report.sessionId} · turn ${report.turn} · ca trace ${report.runId}`));
    return report;
  }
}
