import { isDeepStrictEqual } from 'node:util';
import type { JournalEntry } from '../core/journal.js';
import type { ReplayDivergence, ReplayResult, ReplayStepSide } from '../core/results.js';
import { newRunId } from '../core/trace.js';
import { JournalReplay } from '../runtime/journal-replay.js';
import type { ModelClient } from '../runtime/models/model-client.js';
import { runDefinition } from '../runtime/run-definition.js';
import { RunError } from '../runtime/run-errors.js';
import type { Definition } from '../sdk/definition.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import type { LoadedProject } from './load-project.js';
import { projectSecrets } from './project-secrets.js';
import { useTelemetry, type TelemetryUse, type TraceTelemetry } from './telemetry.js';

/** Where a replay's events go besides nowhere: an OTLP export (SPEC §13), with the project's secrets scrubbed from them. */
export interface ReplayObserver {
  telemetry?: TraceTelemetry;
  scrubber?: SecretScrubber;
}

/** `--no-telemetry` (false), and where a line goes when the replays' spans could not all be exported. */
export interface ReplayTelemetryOptions {
  telemetry?: boolean;
  onWarning?: (message: string) => void;
}

/** The export of a verb's replays (`ca replay`), unless `--no-telemetry` (option false) or nothing asks for one. */
export async function observeReplays(project: Pick<LoadedProject, 'config' | 'scan'>, option: boolean | undefined): Promise<{ observer: ReplayObserver; exporting: TelemetryUse }> {
  const exporting = await useTelemetry(project.config, process.env, option);
  if (!exporting.telemetry) return { observer: {}, exporting };
  return { observer: { telemetry: exporting.telemetry, scrubber: projectSecrets(project.config, process.env, project.scan.nodes) }, exporting };
}

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
export async function replayJournal(definition: Definition, run: { id: string; name: string }, steps: readonly JournalEntry[], changed?: ReadonlySet<string>, observer: ReplayObserver = {}): Promise<ReplayResult> {
  const root = steps[0]!;
  const replay = new JournalReplay(steps, changed ? { changed } : {});
  const runId = newRunId();
  // Exported as a run of its own, which says which recorded run it replayed.
  observer.telemetry?.annotate(runId, { 'ca.replay.of': run.id });
  const { ended, output } = await runDefinition(definition, root.input, {
    runId,
    models: NO_MODEL,
    approve: async () => false,
    onEvent: observer.telemetry ? (event) => observer.telemetry!.record(event) : () => {},
    recorded: replay,
    ...(observer.scrubber ? { scrubber: observer.scrubber } : {}),
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
