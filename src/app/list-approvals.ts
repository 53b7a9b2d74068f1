import type { ProjectConfig } from '../config/project-config.js';
import type { JournalEntry } from '../core/journal.js';
import type { ApprovalsResult, NextNode, ParkedApproval } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { maskUrl } from '../core/store-location.js';
import { nodeOf, type CaGraph } from '../graph/build-graph.js';
import { ancestors } from '../graph/traverse.js';
import type { RunStore } from '../ledger/run-store.js';
import { approvalPrompt, openApprovals } from './approve-run.js';
import { earlierNodeCosts, type EarlierCosts } from './earlier-node-costs.js';
import type { ProjectOptions } from './load-project.js';
import { checkEnv } from './open-project-ledger.js';
import { openRunStoreForReading, runStoreLocation, withRunStore } from './open-run-store.js';
import { loadAndSelect } from './select-project.js';

export interface ListApprovalsOptions extends ProjectOptions {
  selection: SelectionRequest;
  /** Only runs queued for this worker env (one of ca.yaml's `envs:`). */
  env?: string;
  /** The time ages are measured to (ms since the epoch); now by default. */
  now?: number;
}

/** How many of the latest succeeded runs of a node the cost of what comes after an approval is the mean of. */
export const COST_SAMPLE = 5;

/** `ca approvals` (SPEC §14): the open approvals of the waiting runs of the selected nodes. */
export async function listApprovals(options: ListApprovalsOptions): Promise<ApprovalsResult> {
  return (await readApprovals(options)).listing;
}

/**
 * The listing, and the config it was read with (`ca approve -s` decides on the same store). Static:
 * the selection is discovery's, the runs and their costs the run store's; no project code is loaded.
 * An approval is selected when its run's node is; with every node selected (no selection), runs of
 * nodes no longer in the code are listed too.
 */
export async function readApprovals(options: ListApprovalsOptions): Promise<{ config: ProjectConfig; listing: ApprovalsResult }> {
  const env = options.env;
  const project = await loadAndSelect({ ...options, ...(env === undefined ? {} : { checkConfig: (config: ProjectConfig) => checkEnv(config, env) }) });
  const { config, scan, selection } = project;
  const everything = selection.selected.size === scan.nodes.length;
  const inProject = new Set(scan.nodes.map((node) => node.name));
  const now = options.now ?? Date.now();
  const approvals = await withRunStore(await openRunStoreForReading(config), async (store) => {
    if (!store) return [];
    const runs = (await store.listRuns({ status: 'waiting', limit: 0, ...(env === undefined ? {} : { env }) })).filter(
      (run) => selection.selected.has(run.name) || (everything && !inProject.has(run.name)),
    );
    const costs = new Map<string, EarlierCosts>();
    const found: ParkedApproval[] = [];
    for (const run of runs) {
      const steps = await store.journal.readSteps(run.id);
      const open = openApprovals(steps);
      if (open.length === 0) continue;
      const inCode = selection.selected.has(run.name);
      if (inCode && !costs.has(run.name)) costs.set(run.name, await earlierNodeCosts(store, run.name, COST_SAMPLE));
      const earlier = costs.get(run.name) ?? { runs: 0, byNode: new Map() };
      const next = inCode ? nextNodes(project.graph, run.name, steps, earlier) : [];
      for (const step of open) {
        found.push({
          runId: run.id,
          name: run.name,
          step: step.key,
          prompt: approvalPrompt(step),
          since: step.startedAt,
          ageMs: Math.max(0, now - step.startedAt),
          ...(run.env === undefined ? {} : { env: run.env }),
          ...(run.release === undefined ? {} : { release: run.release }),
          next,
          inCode,
          earlierRuns: earlier.runs,
          costUsd: earlier.runs === 0 ? null : next.reduce((sum, node) => sum + (node.costUsd ?? 0), 0),
        });
      }
    }
    return found.sort((a, b) => a.since - b.since || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  });
  return {
    config,
    listing: { path: maskUrl(runStoreLocation(config)), approvals, costSample: COST_SAMPLE, diagnostics: scan.diagnostics, warnings: selection.warnings },
  };
}

/**
 * What the run can still execute, known from the graph alone: the nodes its node reaches through
 * `uses` (breadth-first, in `uses` order) minus those whose step already succeeded in its journal
 * (a resume restores them rather than running them again).
 */
function nextNodes(graph: CaGraph, name: string, steps: readonly JournalEntry[], earlier: EarlierCosts): NextNode[] {
  const done = new Set(steps.filter((step) => step.status === 'succeeded').map((step) => step.name));
  return [...ancestors(graph, [name])]
    .filter((used) => !done.has(used))
    .map((used) => {
      const seen = earlier.byNode.get(used);
      return { name: used, kind: nodeOf(graph, used).kind, ranIn: seen?.ranIn ?? 0, costUsd: seen ? seen.costUsd / seen.ranIn : null };
    });
}
