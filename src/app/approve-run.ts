import os from 'node:os';
import { EXIT, UserError } from '../core/errors.js';
import type { JournalEntry } from '../core/journal.js';
import type { ApproveResult } from '../core/results.js';
import type { RunRecord } from '../core/trace.js';
import type { RunStore } from '../ledger/run-store.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForWriting, openRunStoreForReading, runStoreLocation, noRunsYet, withRunStore } from './open-run-store.js';

export interface ApproveRunOptions extends ProjectOptions {
  run: string;
  deny?: boolean;
  /** The approval to answer when the run waits on more than one (its step key). */
  step?: string;
  note?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/**
 * `ca approve RUN` (SPEC §9): a person's answer to the approval a parked run waits on, written into
 * the run's journal with who answered, when and why. Nothing runs: `ca run --resume RUN` goes on
 * past it (the approved path, or the denied one). Reads the store, writes one journal row.
 */
export async function approveRun(options: ApproveRunOptions): Promise<ApproveResult> {
  const config = await openProject(options);
  // Reading first: no store yet is "nothing ran", not a new empty file.
  await withRunStore(await openRunStoreForReading(config), (store) => {
    if (!store) throw noRunsYet(config, 'park a run with ca run NAME --approve park');
  });
  return withRunStore(await openRunStoreForWriting(config), async (store) => {
    const run = await store!.getRun(options.run);
    if (run.status !== 'waiting') {
      throw new UserError('run-not-waiting', `run ${run.id} (${run.name}) is ${run.status}, not waiting for an approval`, {
        hint: 'ca runs --status waiting lists the runs that wait for one',
        exitCode: EXIT.usage,
      });
    }
    const step = pick(run.id, openApprovals(await store!.journal.readSteps(run.id)), options.step);
    return answerApprovalStep(runStoreLocation(config), store!, run, step, options);
  });
}

/** What a person answers: approve or deny, a note, and who and when (from the environment and the clock by default). */
export type ApprovalAnswer = Pick<ApproveRunOptions, 'deny' | 'note' | 'env' | 'now'>;

/**
 * The one path every answer takes (`ca approve RUN`, `ca approve -s SEL`): the decision written as
 * the output of the open approval step, with who gave it and when; a queued run's next segment
 * queued. The write only lands on a step still open, so an approval is decided once however many
 * processes answer it: the later ones get `approval-answered`.
 */
export async function answerApprovalStep(location: string, store: RunStore, run: Pick<RunRecord, 'id' | 'name' | 'queue' | 'env' | 'release'>, step: JournalEntry, options: ApprovalAnswer): Promise<ApproveResult> {
  const env = options.env ?? process.env;
  const by = env['CA_ACTOR'] || env['GITHUB_ACTOR'] || os.userInfo().username;
  const at = (options.now ?? Date.now)();
  const approved = !options.deny;
  const decision = { approved, by, at: new Date(at).toISOString(), ...(options.note === undefined ? {} : { note: options.note }) };
  if (!(await store.answerApproval(run.id, step.key, decision, at))) {
    throw new UserError('approval-answered', `the approval ${step.key} of run ${run.id} was answered by someone else just now`, { hint: `see ca trace ${run.id} --steps`, exitCode: EXIT.usage });
  }
  // A queued run goes on in a worker: its next segment is queued where it ran (from any machine).
  if (run.queue !== undefined) await queueNextSegment(location, run.id, run.queue, step.key, run.release);
  const next =
    run.queue === undefined
      ? `ca run --resume ${run.id}`
      : run.release !== undefined
        ? `a worker of release ${run.release.slice(0, 12)} of ${run.env} goes on with it (ca trace ${run.id})`
        : `a worker of queue ${run.queue} goes on with it (ca trace ${run.id})`;
  return { runId: run.id, name: run.name, step: step.key, prompt: approvalPrompt(step), ...decision, next };
}

/** The approval steps of a journal still waiting for an answer (a parked run's). */
export function openApprovals(steps: readonly JournalEntry[]): JournalEntry[] {
  return steps.filter((step) => step.kind === 'approval' && (step.status === 'started' || step.status === 'cancelled'));
}

/** `release`: the run's (SPEC §14): only a worker of it goes on with the run, whatever was deployed since. */
export async function queueNextSegment(location: string, runId: string, queue: string, step: string, release: string | undefined): Promise<void> {
  const { QueueClient, QUEUE_APP_VERSION } = await import('../queue/dbos-queue.js');
  const client = await QueueClient.open(location);
  try {
    // One workflow per answered approval: answering twice cannot queue the run twice.
    await client.enqueue(runId, queue, `${runId}.approval.${step}`, release ?? QUEUE_APP_VERSION);
  } finally {
    await client.close();
  }
}

function pick(runId: string, open: readonly JournalEntry[], wanted: string | undefined): JournalEntry {
  const keys = open.map((step) => `${step.key} ("${approvalPrompt(step)}")`).join(', ');
  if (wanted !== undefined) {
    const step = open.find((entry) => entry.key === wanted);
    if (step) return step;
    throw new UserError('unknown-step', `--step ${wanted}: run ${runId} does not wait on that approval`, { hint: open.length > 0 ? `it waits on ${keys}` : 'it waits on no approval', exitCode: EXIT.usage });
  }
  if (open.length === 1) return open[0]!;
  if (open.length === 0) {
    throw new UserError('no-open-approval', `run ${runId} waits, but its journal has no unanswered approval`, { hint: `go on with ca run --resume ${runId}`, exitCode: EXIT.usage });
  }
  throw new UserError('approval-ambiguous', `run ${runId} waits on ${open.length} approvals: say which with --step`, { hint: `one of ${keys}`, exitCode: EXIT.usage });
}

/** The question an approval step asked (kept as its input); its key when it has none. */
export function approvalPrompt(step: JournalEntry): string {
  const input = step.input as { prompt?: unknown } | undefined;
  return typeof input?.prompt === 'string' ? input.prompt : step.key;
}
