import { EXIT, UserError } from '../core/errors.js';
import type { ReplayResult, ReplaySelectionResult } from '../core/results.js';
import { loadDefinition } from '../runtime/load-definition.js';
import { findNode } from './find-node.js';
import { loadProject, type LoadedProject, type ProjectOptions } from './load-project.js';
import { loadAndSelect } from './select-project.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { openRunStoreForReading, noRunsYet, withRunStore } from './open-run-store.js';
import { observeReplays, replayJournal, type ReplayObserver, type ReplayTelemetryOptions } from './replay-journal.js';
import { fingerprintChanges } from '../deploy/release.js';
import { reachableFingerprints } from './plan-continuation.js';

/**
 * `ca replay RUN` (SPEC §9): the current code of the run's node, run against the run's journal.
 * Tools, reasoners, approvals and agents' model calls are answered from the journal, so nothing
 * outside the process is touched and no key is needed; flows and agents run their current code.
 * Identical when every step matches (key, order, input) and the output equals the recorded one;
 * otherwise the first divergence. The run store is only read.
 */
export async function replayRun(options: ProjectOptions & ReplayTelemetryOptions & { run: string }): Promise<ReplayResult> {
  const project = await loadProject(options);
  const { observer, exporting } = await observeReplays(project, options.telemetry);
  try {
    return await replayOne(project, options.run, observer);
  } finally {
    await exporting.finish(options.onWarning);
  }
}


/**
 * `ca replay -s SELECTION`: the latest succeeded run of each selected flow, agent, tool or reasoner,
 * replayed in name order. A selected node with no succeeded run is listed as not replayed (nothing
 * to compare with), never a failure; sessions are left out (their turns are not replayed yet).
 */
export async function replaySelection(options: ProjectOptions & ReplayTelemetryOptions & { selection: SelectionRequest }): Promise<ReplaySelectionResult> {
  const project = await loadAndSelect(options);
  const { observer, exporting } = await observeReplays(project, options.telemetry);
  try {
    return await replaySelected(project, observer);
  } finally {
    await exporting.finish(options.onWarning);
  }
}

async function replaySelected(project: Awaited<ReturnType<typeof loadAndSelect>>, observer: ReplayObserver): Promise<ReplaySelectionResult> {
  const runnable = [...project.selection.selected].filter((name) => REPLAYABLE.has(project.graph.node(name).kind) && project.graph.node(name).framework === undefined).sort();
  const latest = await withRunStore(await openRunStoreForReading(project.config), async (store) => {
    const found: { name: string; run: string | undefined }[] = [];
    for (const name of runnable) found.push({ name, run: (await store?.listRuns({ name, status: 'succeeded', limit: 1 }))?.[0]?.id });
    return found;
  });
  const replays: ReplayResult[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const { name, run } of latest) {
    if (run === undefined) {
      skipped.push({ name, reason: 'no succeeded run recorded' });
      continue;
    }
    try {
      replays.push(await replayOne(project, run, observer));
    } catch (error) {
      // A run recorded before the journal: said, and the others still replayed.
      if (error instanceof UserError && error.code === 'no-journal') skipped.push({ name, reason: `run ${run} has no journal` });
      else throw error;
    }
  }
  return { selected: project.selection.selected.size, replays, skipped, warnings: project.selection.warnings };
}

const REPLAYABLE = new Set(['flow', 'agent', 'tool', 'reasoner']);

async function replayOne(project: LoadedProject, runRef: string, observer: ReplayObserver): Promise<ReplayResult> {
  const { run, steps, fingerprints } = await withRunStore(await openRunStoreForReading(project.config), async (store) => {
    if (!store) {
      throw noRunsYet(project.config, 'run a flow with ca run NAME first');
    }
    const found = await store.getRun(runRef);
    return { run: found, steps: await store.journal.readSteps(found.id), fingerprints: await store.readFingerprints(found.id) };
  });
  const root = steps[0];
  if (!root || root.key !== run.name) {
    throw new UserError('no-journal', `run ${run.id} has no journal to replay: it was recorded before ca journaled runs`, { hint: 'replay a run recorded by this version of ca', exitCode: EXIT.usage });
  }
  if (root.status === 'started') {
    throw new UserError('run-unfinished', `run ${run.id} did not finish (${run.status}): there is no recorded outcome to compare with`, { hint: 'replay a finished run (ca runs)', exitCode: EXIT.failed });
  }
  const node = findNode(project.graph, run.name);
  if (node.kind === 'session') {
    throw new UserError('not-replayable', `run ${run.id} is a turn of session ${run.name}: replaying session turns is not supported yet`, { hint: 'replay runs of flows and agents (ca run NAME)', exitCode: EXIT.usage });
  }
  // A tool, reasoner or agent whose code changed since the run cannot be answered from the journal (as with --runs):
  // its step is where the replay diverges. A run recorded before ca kept fingerprints is replayed without comparing them.
  const changed = fingerprints ? fingerprintChanges(fingerprints, reachableFingerprints(project.graph, run.name)).map((change) => change.name) : [];
  return replayJournal(await loadDefinition(project.config.root, node), run, steps, new Set(changed), observer);
}
