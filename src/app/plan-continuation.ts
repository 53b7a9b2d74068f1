import type { Awaitable } from '../core/awaitable.js';
import { EXIT, UserError } from '../core/errors.js';
import type { JournalEntry } from '../core/journal.js';
import type { JsonValue } from '../core/json-value.js';
import type { CaNode } from '../core/node.js';
import type { RunSegment } from '../core/trace.js';
import type { CaGraph } from '../graph/build-graph.js';
import type { FingerprintChange } from '../core/release.js';
import { fingerprintChanges } from '../deploy/release.js';
import { ancestors } from '../graph/traverse.js';
import type { RunStore } from '../ledger/run-store.js';
import { JournalResume } from '../runtime/journal-resume.js';
import type { RecordedSteps } from '../runtime/recorded-steps.js';

/** `ca run --resume RUN` and its choices (SPEC §9). */
export interface ResumeRequest {
  run: string;
  retryStep?: string;
  skipStep?: { key: string; output: JsonValue };
  fromDivergence?: boolean;
  /** A worker taking over a run whose worker died: its row still reads `running` (run-store.ts ReopenOptions). */
  takeOver?: boolean;
  /**
   * A worker going on with a run of its release (SPEC §14): journaled steps of nodes whose code
   * differs from the run's start run live from the first of them (only a run moved with
   * `--upgrade --from-divergence` has any).
   */
  liveFromChanged?: boolean;
}

/** `ca run --fork RUN --from STEP`. */
export interface ForkRequest {
  run: string;
  from: string;
}

/** A node whose code differs from when the run started: its fingerprint then and now (undefined: not there). */
export type ChangedNode = FingerprintChange;

/** How a resumed or forked run starts: which node, with what input, in which run, answered by which journal. */
export interface Continuation {
  node: CaNode;
  input: unknown;
  /** The recorded run it continues (resume) or forks from. */
  from: string;
  recorded: RecordedSteps;
  /** Resume: reopens the run in the store (status running again) and says where its new segment starts. Called last, just before the run goes on. */
  reopen?: () => Awaitable<RunSegment>;
  /** Fork: where the new run came from. */
  forkOf?: { runId: string; step: string };
  /** Nodes the run could reach whose code changed since it started. */
  changed: ChangedNode[];
  /** A session turn: the session it belongs to (it resumes inside it, SessionRunner.resumeTurn). */
  sessionId?: string;
}

/** The `self` fingerprint of `name` and of every node it can reach: what a run of it depends on. */
export function reachableFingerprints(graph: CaGraph, name: string): Record<string, string> {
  const names = [name, ...ancestors(graph, [name])].sort();
  return Object.fromEntries(names.map((node) => [node, (graph.node(node) as CaNode).fingerprints.self]));
}

/**
 * Reads the run and its journal, checks the request against them (one line and exit 2 for what a
 * user typed wrong, exit 1 for a run that cannot continue). Reads nothing but the store and the
 * graph; project code has not been loaded yet, and a resumed run is only reopened by `reopen`.
 */
export async function planContinuation(store: RunStore, graph: CaGraph, request: { resume?: ResumeRequest; fork?: ForkRequest; name?: string }): Promise<Continuation> {
  const wanted = (request.resume ?? request.fork)!;
  const run = await store.getRun(wanted.run);
  if (request.name !== undefined && request.name !== run.name) {
    throw new UserError('run-name-mismatch', `run ${run.id} is a run of ${run.name}, not ${request.name}`, { hint: `drop the name, or give ${run.name}`, exitCode: EXIT.usage });
  }
  if (request.fork && run.sessionId !== undefined) {
    throw new UserError('not-forkable', `run ${run.id} is a turn of session ${run.name}: a turn cannot be forked out of its conversation`, {
      hint: 'fork runs of flows and agents (ca run NAME); a session turn that did not succeed can be resumed with ca run --resume',
      exitCode: EXIT.usage,
    });
  }
  if (!graph.hasNode(run.name)) {
    throw new UserError('node-gone', `run ${run.id} is a run of ${run.name}, which is no longer in the project`, {
      hint: 'restore its definition to go on, or start a run of another node',
      exitCode: EXIT.failed,
    });
  }
  const node = graph.node(run.name) as CaNode;
  const steps = await store.journal.readSteps(run.id);
  const root = steps.find((step) => step.key === run.name);
  if (!root) {
    throw new UserError('no-journal', `run ${run.id} has no journal: it was recorded before ca journaled runs, so there is nothing to ${request.fork ? 'fork' : 'resume'} from`, {
      hint: `start a new run with ca run ${run.name}`,
      exitCode: EXIT.usage,
    });
  }
  const then = await store.readFingerprints(run.id);
  const changed = then ? fingerprintChanges(then, reachableFingerprints(graph, run.name)) : [];
  if (request.fork) {
    const from = steps.find((step) => step.key === request.fork!.from);
    if (!from || from.key === root.key) throw noSuchStep(run.id, request.fork.from, '--from', steps.filter((step) => step !== root));
    // Steps that completed and began before STEP, except the flows STEP runs inside (they run their code again).
    const before = steps.indexOf(from);
    const reused = steps.filter((step, index) => index < before && step.status === 'succeeded' && !from.key.startsWith(`${step.key}/`));
    return {
      node,
      input: root.input,
      from: run.id,
      recorded: new JournalResume(reused, { runId: run.id, fork: true }),
      forkOf: { runId: run.id, step: from.key },
      changed,
    };
  }
  const resume = request.resume!;
  for (const [flag, key] of [['--retry-step', resume.retryStep], ['--skip-step', resume.skipStep?.key]] as const) {
    if (key === undefined) continue;
    const step = steps.find((entry) => entry.key === key);
    const inDoubt = steps.filter(isInDoubt);
    if (!step) throw noSuchStep(run.id, key, flag, inDoubt);
    if (!isInDoubt(step)) {
      throw new UserError('step-not-in-doubt', `${flag} ${key}: that step ${step.status === 'succeeded' ? 'succeeded' : step.status === 'failed' ? 'failed, and runs again on resume anyway' : 'is not a write that may have happened'}`, {
        hint: inDoubt.length > 0 ? `steps in doubt in run ${run.id}: ${inDoubt.map((entry) => entry.key).join(', ')}` : `run ${run.id} has no step in doubt: ca run --resume ${run.id}`,
        exitCode: EXIT.usage,
      });
    }
  }
  return {
    node,
    input: root.input,
    from: run.id,
    recorded: new JournalResume(steps, {
      runId: run.id,
      ...(resume.retryStep === undefined ? {} : { retryStep: resume.retryStep }),
      ...(resume.skipStep === undefined ? {} : { skipStep: resume.skipStep }),
      ...(resume.fromDivergence ? { fromDivergence: true } : {}),
      ...(resume.liveFromChanged && changed.length > 0 ? { liveFromNodes: new Set(changed.map((change) => change.name)) } : {}),
    }),
    reopen: () => store.reopenRun(run.id, undefined, resume.takeOver ? { takeOver: true } : {}),
    changed,
    ...(run.sessionId === undefined ? {} : { sessionId: run.sessionId }),
  };
}

/** A write that started and did not finish: what `--retry-step` and `--skip-step` decide about. */
function isInDoubt(step: JournalEntry): boolean {
  return step.kind === 'tool' && (step.status === 'started' || step.status === 'cancelled') && (step.effect ?? 'write') !== 'read' && step.idempotent !== true;
}

function noSuchStep(runId: string, key: string, flag: string, candidates: readonly JournalEntry[]): UserError {
  const shown = candidates.slice(0, 8).map((step) => step.key);
  return new UserError('unknown-step', `${flag} ${key}: run ${runId} has no such step`, {
    hint: shown.length > 0 ? `its steps include: ${shown.join(', ')}${candidates.length > 8 ? ', …' : ''} (ca trace ${runId} --steps)` : `see ca trace ${runId} --steps`,
    exitCode: EXIT.usage,
  });
}
