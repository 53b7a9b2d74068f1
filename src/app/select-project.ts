import type { ProjectConfig } from '../config/project-config.js';
import type { SelectionRequest } from '../core/selection-request.js';
import type { StateDiff } from '../core/state-diff.js';
import { UserError } from '../core/errors.js';
import { planSelection, runSelection } from '../selection/select-nodes.js';
import { compareWithBaseline } from '../state/compare-with-baseline.js';
import { readEvalStanding } from '../eval/eval-standing.js';
import { openProject, type LoadedProject, type ProjectOptions, scanProject } from './load-project.js';

export interface ProjectSelection {
  selected: Set<string>;
  warnings: string[];
  /** The named selector in use, if any. */
  selector?: string;
  /** The baseline comparison, when the selection used state:. */
  state?: StateDiff;
}

/**
 * Config → selection parsed and checked (mistakes fail before any scanning) → discovery and graph
 * → a baseline if state: needs one, the latest run statuses if result: does → the selected node names.
 */
export async function loadAndSelect(
  options: ProjectOptions & { selection: SelectionRequest; checkConfig?: (config: ProjectConfig) => void },
): Promise<LoadedProject & { selection: ProjectSelection }> {
  const config = options.loaded?.config ?? (await openProject(options));
  options.checkConfig?.(config);
  const plan = planSelection(options.selection, config.selectors);
  const baseline = options.selection.state ?? config.state;
  if (plan.needsState && !baseline) {
    throw new UserError('state-without-baseline', 'state: needs a baseline to compare with', {
      hint: 'Pass --state git:origin/main (or a manifest from `ca manifest`), or set state: in ca.yaml.',
    });
  }
  const project = options.loaded ?? (await scanProject(config, options));
  const state = plan.needsState ? await compareWithBaseline(config, project.scan.nodes, baseline!, options.cwd) : undefined;
  // result: reads the run store (never creating it): no runs yet selects nothing, with a warning.
  // Loaded only then: the run store module brings better-sqlite3, which no other selection needs.
  const results = plan.needsResults ? await (await import('./open-run-store.js')).latestRunResults(config) : undefined;
  // No selection means every node: no need for the graph, which is then never built.
  const selection: ProjectSelection = plan.spec
    ? runSelection(plan, project.graph, project.scan.nodes, state, results?.results, plan.needsEvals ? readEvalStanding(config.root) : undefined)
    : { selected: new Set(project.scan.nodes.map((node) => node.name)), warnings: [] };
  if (results?.warning) selection.warnings.unshift(results.warning);
  if (plan.selector !== undefined) selection.selector = plan.selector;
  if (state) selection.state = state;
  // Not a spread: that would read `graph` and build it.
  return {
    config: project.config,
    scan: project.scan,
    selection,
    get graph() {
      return project.graph;
    },
  };
}
