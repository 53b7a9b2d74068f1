import { EXIT, UserError, isUserError } from '../core/errors.js';
import type { JournalEntry } from '../core/journal.js';
import type { ApprovalsResult, BulkApproveResult, BulkDecision, ParkedApproval } from '../core/results.js';
import type { RunStatus } from '../core/trace.js';
import type { RunStore } from '../ledger/run-store.js';
import { answerApprovalStep, openApprovals, type ApprovalAnswer } from './approve-run.js';
import { readApprovals, type ListApprovalsOptions } from './list-approvals.js';
import { openRunStoreForWriting, runStoreLocation, withRunStore } from './open-run-store.js';

export interface ApproveSelectedOptions extends ListApprovalsOptions {
  /** The decision given to every approval listed (approve unless `deny`), with its note. */
  answer: ApprovalAnswer;
  /** Decide without asking (scripts, CI). */
  yes?: boolean;
  /** Asks the person at the terminal once the approvals are listed; absent when there is no terminal. */
  confirm?: (listing: ApprovalsResult) => Promise<boolean>;
  /** The approvals about to be decided, before anything is asked or written. */
  onListed?: (listing: ApprovalsResult) => void;
}

/**
 * `ca approve -s SELECTION` (SPEC §14): the approvals `ca approvals` lists for the same selection,
 * shown, confirmed (on a terminal, or by --yes), then each one answered through the same path as
 * `ca approve RUN`. Each is checked again just before its answer: one answered by someone else, or
 * whose run is no longer waiting (cancelled, finished, resumed), is skipped and said, and the others
 * go on. The answer lands only on a step still open, so processes racing on the same approvals
 * decide each one once between them.
 */
export async function approveSelected(options: ApproveSelectedOptions): Promise<BulkApproveResult> {
  const { config, listing } = await readApprovals(options);
  const approved = !options.answer.deny;
  if (listing.approvals.length === 0) return { approved, decisions: [], decided: 0, skipped: 0, warnings: listing.warnings };
  options.onListed?.(listing);
  if (!options.yes) {
    const count = `${listing.approvals.length} approval${listing.approvals.length === 1 ? '' : 's'}`;
    if (!options.confirm) {
      throw new UserError('approve-needs-confirmation', `${count} to ${approved ? 'approve' : 'deny'} and no terminal to confirm on: nothing was decided`, {
        hint: 'Pass --yes to decide them without asking, once the list above is what you mean to decide.',
        exitCode: EXIT.usage,
      });
    }
    if (!(await options.confirm(listing))) throw new UserError('approve-cancelled', 'cancelled: nothing was decided', { exitCode: EXIT.failed });
  }
  const location = runStoreLocation(config);
  return withRunStore(await openRunStoreForWriting(config), async (store) => {
    const decisions: BulkDecision[] = [];
    for (const approval of listing.approvals) decisions.push(await decide(store!, location, approval, options.answer));
    const skipped = decisions.filter((decision) => decision.outcome === 'skipped').length;
    return { approved, decisions, decided: decisions.length - skipped, skipped, warnings: listing.warnings };
  });
}

/** One approval, checked again and answered; why it was skipped when it could not be. */
async function decide(store: RunStore, location: string, approval: ParkedApproval, answer: ApprovalAnswer): Promise<BulkDecision> {
  const skip = (reason: string): BulkDecision => ({ outcome: 'skipped', runId: approval.runId, name: approval.name, step: approval.step, prompt: approval.prompt, reason });
  const stepNow = async () => (await store.journal.readSteps(approval.runId)).find((step) => step.key === approval.step);
  try {
    const run = await store.getRun(approval.runId);
    if (run.status !== 'waiting') return skip(movedOn(run.status));
    const step = await stepNow();
    if (!step) return skip('its journal no longer holds this approval');
    if (openApprovals([step]).length === 0) return skip(answeredMeanwhile(step));
    const result = await answerApprovalStep(location, store, run, step, answer);
    return { outcome: result.approved ? 'approved' : 'denied', ...result };
  } catch (error) {
    if (!isUserError(error)) throw error;
    if (error.code !== 'approval-answered') return skip(error.message);
    const step = await stepNow();
    return skip(step ? answeredMeanwhile(step) : error.message);
  }
}

/** Why a run listed as waiting cannot take the answer any more. */
function movedOn(status: RunStatus): string {
  if (status === 'succeeded' || status === 'failed') return `the run ${status} meanwhile`;
  if (status === 'cancelled') return 'the run was cancelled meanwhile';
  return `the run is ${status} now, no longer waiting`;
}

/** "denied by sam meanwhile (amount over the limit)": who answered first, as the journal says. */
function answeredMeanwhile(step: JournalEntry): string {
  const output = step.output as { approved?: unknown; by?: unknown; note?: unknown } | undefined;
  if (typeof output?.approved !== 'boolean') return `answered by someone else meanwhile (${step.status})`;
  const who = typeof output.by === 'string' ? ` by ${output.by}` : '';
  const note = typeof output.note === 'string' ? ` (${output.note})` : '';
  return `${output.approved ? 'approved' : 'denied'}${who} meanwhile${note}`;
}
