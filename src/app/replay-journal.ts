import { isDeepStrictEqual } from 'node:util';
import type { JournalEntry } from '../core/journal.js';
import type { ReplayDivergence, ReplayResult, ReplayStepSide } from '../core/results.js';
import { newRunId } from '../core/trace.js';
import { JournalReplay } from '../runtime/journal-replay.js';
import type { ModelClient } from '../runtime/models/model-client.js';
import { runDefinition } from '../runtime/run-definition.js';
import { RunError } from '../runtime/run-errors.js';
import type { Definition } from '../sdk/definition.js';

/** Replay never reaches a model: a model call the journal cannot answer is a divergence, not a request. */
const NO_MODEL: ModelClient = {
  generate: () => Promise.reject(new RunError('replay-diverged', 'the code asked a model for something the recorded run did not')),
};

/**
 * The current code of a run's node (`definition`) against the run's finished journal (`steps`, its
 * root first), offline: tools, reasoners, approvals and model calls answered from the journal, flows
 * and agents running their code. Identical when every step matches (key, order, input) and the
 * outcome and output are the recorded ones; otherwise the first divergence. `changed`: nodes whose
 * recorded answers no longer stand (journal-replay.ts).
 */
export async function replayJournal(definition: Definition, run: { id: string; name: string }, steps: readonly JournalEntry[], changed?: ReadonlySet<string>): Promise<ReplayResult> {
  const root = steps[0]!;
  const replay = new JournalReplay(steps, changed ? { changed } : {});
  const { ended, output } = await runDefinition(definition, root.input, {
    runId: newRunId(),
    models: NO_MODEL,
    approve: async () => false,
    onEvent: () => {},
    recorded: replay,
  });
  const base = { runId: run.id, name: run.name, steps: steps.length - 1 };
  const diverged = (divergence: ReplayDivergence): ReplayResult => ({ ...base, verdict: 'diverged', divergence });
  if (ended.error?.code === 'replay-diverged') {
    const at = replay.divergedAt;
    return diverged({
      step: ended.error.path ?? (ended.failedPath ?? []).join('/'),
      message: ended.error.message,
      ...(at ? { at: { ...(at.recorded ? { recorded: recordedSide(at.recorded) } : {}), now: at.now } } : {}),
    });
  }
  const missing = replay.untaken(new Set([root.key]));
  if (missing.length > 0) {
    const first = missing[0]!;
    return diverged({ step: first.key, message: `the run made ${first.kind} ${first.name} (${first.key}); the code no longer does`, at: { recorded: recordedSide(first) } });
  }
  const recordedStatus = root.status === 'succeeded' ? 'succeeded' : 'failed';
  const nowStatus = ended.status === 'succeeded' ? 'succeeded' : 'failed';
  if (recordedStatus !== nowStatus || !isDeepStrictEqual(output ?? null, root.output ?? null)) {
    return diverged({
      step: run.name,
      message: recordedStatus !== nowStatus ? `the run ${recordedStatus}; the code now ${nowStatus}${ended.error ? `: ${ended.error.message}` : ''}` : 'every step matched, but the final output differs',
      ...(recordedStatus === nowStatus ? { recorded: root.output ?? null, now: output ?? null } : {}),
    });
  }
  return { ...base, verdict: 'identical' };
}

function recordedSide(entry: JournalEntry): ReplayStepSide {
  return {
    key: entry.key,
    name: entry.name,
    kind: entry.kind,
    ...(entry.output === undefined ? {} : { output: entry.output }),
    ...(entry.error === undefined ? {} : { error: entry.error }),
  };
}
