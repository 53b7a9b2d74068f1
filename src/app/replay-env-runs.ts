import { EXIT, UserError } from '../core/errors.js';
import type { JournalEntry } from '../core/journal.js';
import type { CaNode } from '../core/node.js';
import { nodesRunThrough } from '../core/nodes-run-through.js';
import { hasEnded } from '../core/recorded-run.js';
import type { EnvRunReplay, ReplayRunsResult } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { maskUrl } from '../core/store-location.js';
import type { TimedRunSummary } from '../core/run-timing.js';
import { loadDefinition } from '../runtime/load-definition.js';
import type { Definition } from '../sdk/definition.js';
import type { ProjectOptions } from './load-project.js';
import { checkEnv } from './open-project-ledger.js';
import { openNamedRunStore, openRunStoreForReading, shownRunStore, withRunStore } from './open-run-store.js';
import { observeReplays, replayJournal, type ReplayObserver, type ReplayTelemetryOptions } from './replay-journal.js';
import { loadAndSelect } from './select-project.js';

export interface ReplayEnvRunsOptions extends ProjectOptions, ReplayTelemetryOptions {
  selection: SelectionRequest;
  env: string;
  /** Only runs started at or after this time (ms since the epoch). */
  since?: number;
  /** At most this many runs of the env, newest first (0 or none: all). */
  limit?: number;
  /** Read the runs from this run store (a file `ca runs pull` wrote, or a URL) instead of the project's. */
  from?: string;
}

/** A run of the env as read from the store: what judging it needs. */
interface EnvRun {
  run: TimedRunSummary;
  steps: JournalEntry[];
  fingerprints: Record<string, string> | undefined;
}

/**
 * `ca replay -s SELECTION --runs env:E` (SPEC §14): the recorded runs of env E, against the working
 * tree, offline. Every run of the env is read once (row, journal, fingerprints); the project is
 * scanned once and each node's code loaded once, however many runs replay it.
 *
 * A run is replayed when it went through a selected node (its own node, or a step of its journal)
 * and something it went through changed since it was recorded (its fingerprint then and now
 * differ). A step of a changed tool, reasoner or agent cannot be answered from the journal: the
 * replay diverges there. A run that went through no selected node, or through nothing that
 * changed, is `not-affected`: its replay could only be identical, so it is listed, not replayed.
 * A run recorded before ca kept fingerprints is replayed without that comparison.
 */
export async function replayEnvRuns(options: ReplayEnvRunsOptions): Promise<ReplayRunsResult> {
  // A mistyped env fails before the scan.
  const project = await loadAndSelect({ ...options, checkConfig: (config) => checkEnv(config, options.env) });
  const { observer, exporting } = await observeReplays(project, options.telemetry);
  try {
    return await replayEnvRunsOf(options, project, observer);
  } finally {
    await exporting.finish(options.onWarning);
  }
}

async function replayEnvRunsOf(options: ReplayEnvRunsOptions, project: Awaited<ReturnType<typeof loadAndSelect>>, observer: ReplayObserver): Promise<ReplayRunsResult> {
  const shown = options.from !== undefined ? maskUrl(options.from) : shownRunStore(project.config, options.cwd);
  const opened = options.from !== undefined ? await openNamedRunStore(options.from, options.cwd) : await openRunStoreForReading(project.config);
  const recorded = await withRunStore(opened, async (store) => {
    const found: EnvRun[] = [];
    if (!store) return found;
    for (const run of await store.listRuns({ env: options.env, limit: options.limit ?? 0, ...(options.since === undefined ? {} : { since: options.since }) })) {
      found.push({ run, steps: await store.journal.readSteps(run.id), fingerprints: await store.readFingerprints(run.id) });
    }
    return found;
  });

  const nodes = new Map(project.scan.nodes.map((node) => [node.name, node]));
  const selected = project.selection.selected;
  const definitions = new Map<string, Promise<Definition>>();
  const definitionOf = (node: CaNode) => {
    let loading = definitions.get(node.name);
    if (!loading) definitions.set(node.name, (loading = loadDefinition(project.config.root, node)));
    return loading;
  };

  const runs: EnvRunReplay[] = [];
  for (const { run, steps, fingerprints } of recorded) {
    const went = nodesRunThrough(run.name, steps);
    const judged: EnvRunReplay = {
      runId: run.id,
      name: run.name,
      status: run.status,
      startedAt: run.startedAt,
      ...(run.release === undefined ? {} : { release: run.release }),
      verdict: 'not-affected',
      through: [...went].filter((name) => selected.has(name)).sort(),
      changed: fingerprints ? [...went].filter((name) => fingerprints[name] !== nodes.get(name)?.fingerprints.self).sort() : [],
    };
    runs.push(judged);
    const root = steps[0];
    const node = nodes.get(run.name);
    if (judged.through.length === 0) judged.reason = 'went through no selected node';
    else if (!root || root.key !== run.name) notComparable(judged, 'recorded before ca journaled runs: there is no journal to replay');
    else if (!hasEnded(run.status) || root.status === 'started') notComparable(judged, `did not finish (${run.status}): there is no recorded outcome to compare with`);
    else if (fingerprints && judged.changed.length === 0) judged.reason = 'nothing it went through changed since it was recorded';
    else if (!node) diverged(judged, { step: run.name, message: `${run.name} is no longer in the project` });
    else if (node.kind === 'session') notComparable(judged, `a turn of session ${run.name}: replaying session turns is not supported yet`);
    else if (node.kind === 'tool' || node.kind === 'reasoner') {
      // A run of a lone tool or reasoner is one step: its answer stands only while the node is unchanged.
      if (fingerprints) diverged(judged, { step: run.name, message: `${node.kind} ${run.name} changed since this run: its recorded ${node.kind === 'tool' ? 'output' : 'answer'} does not stand for it now` });
      else notComparable(judged, `a run of ${node.kind} ${run.name} recorded before ca kept fingerprints: nothing to compare offline`);
    } else {
      const replay = await replayJournal(await definitionOf(node), run, steps, new Set(judged.changed), observer);
      judged.verdict = replay.verdict;
      judged.steps = replay.steps;
      if (replay.divergence) judged.divergence = replay.divergence;
      if (!fingerprints) judged.reason = 'recorded before ca kept fingerprints: replayed without comparing them (a changed tool or reasoner still answers from the journal)';
    }
  }
  const count = (verdict: EnvRunReplay['verdict']) => runs.filter((run) => run.verdict === verdict).length;
  // Runs an older ca recorded are said once on stderr too: the verdicts of the others are the stronger ones.
  const warnings = [...project.selection.warnings];
  const older = (prefix: string) => runs.filter((run) => run.reason?.startsWith(prefix)).length;
  const unfingerprinted = older('recorded before ca kept fingerprints');
  const unjournaled = older('recorded before ca journaled runs');
  const runsOf = (n: number) => `${n} run${n === 1 ? '' : 's'} of env ${options.env} ${n === 1 ? 'was' : 'were'}`;
  if (unfingerprinted > 0) warnings.push(`${runsOf(unfingerprinted)} recorded before ca kept fingerprints: replayed without comparing them (a changed tool or reasoner still answers from the journal)`);
  if (unjournaled > 0) warnings.push(`${runsOf(unjournaled)} recorded before ca journaled runs: not comparable`);
  return {
    env: options.env,
    store: shown,
    ...(options.since === undefined ? {} : { since: options.since }),
    selected: selected.size,
    counts: { identical: count('identical'), diverged: count('diverged'), notAffected: count('not-affected'), notComparable: count('not-comparable') },
    runs,
    warnings,
  };
}

function notComparable(run: EnvRunReplay, reason: string): void {
  run.verdict = 'not-comparable';
  run.reason = reason;
}

function diverged(run: EnvRunReplay, divergence: { step: string; message: string }): void {
  run.verdict = 'diverged';
  run.divergence = divergence;
}

/** `--runs env:NAME` → NAME; anything else is a usage error. */
export function runsOfEnv(text: string): string {
  const match = /^env:(.+)$/.exec(text.trim());
  if (match) return match[1]!.trim();
  throw new UserError('runs-invalid', `--runs ${JSON.stringify(text)}: say whose runs, as env:NAME`, {
    hint: 'ca replay -s state:modified+ --runs env:prod',
    exitCode: EXIT.usage,
  });
}
