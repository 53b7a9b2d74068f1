import type { SelectorConfig } from '../config/config-schema.js';
import { isUserError } from '../core/errors.js';
import type { GraphPageData, PageSelection } from '../core/results.js';
import { buildGraph } from '../graph/build-graph.js';
import { planSelection, runSelection } from '../selection/select-nodes.js';

/**
 * The selector box of the graph page, in the browser: the CLI's own parser and evaluator over the
 * page's nodes (bundled by scripts/build-graph-page.js), so the page and `ca ls -s` cannot disagree.
 * `state:` uses the diff computed when the page was generated with --state, or says it has none;
 * `result:` uses the latest run statuses as they were when the page was made.
 */
export function pageSelector(data: Pick<GraphPageData, 'nodes' | 'selectors' | 'state' | 'results'>): (select: string, exclude: string) => PageSelection {
  const graph = buildGraph(data.nodes);
  const selectors = data.selectors as SelectorConfig[];
  const results = new Map(Object.entries(data.results.latest));
  return (select, exclude) => {
    if (select.trim() === '' && exclude.trim() === '') return { ok: true, selected: [], warnings: [], empty: true };
    try {
      // An empty box is a flag left out, not an empty flag (which the CLI refuses).
      const given = (text: string) => (text.trim() === '' ? [] : [text]);
      const plan = planSelection({ select: given(select), exclude: given(exclude), strict: false }, selectors);
      if (plan.needsState && !data.state) {
        return {
          ok: false,
          message: 'state: is not available in this page: it was generated without a baseline',
          detail: [],
          hint: 'Generate the page with --state (ca graph --format html --state git:origin/main, or a manifest), then state: works here.',
        };
      }
      // As app/select-project.ts does: result: over the latest runs, with the same warning when there are none.
      const { selected, warnings } = runSelection(plan, graph, data.nodes, data.state ?? undefined, plan.needsResults ? results : undefined);
      if (plan.needsResults && data.results.warning) warnings.unshift(data.results.warning);
      return { ok: true, selected: [...selected].sort(), warnings, empty: false };
    } catch (error) {
      if (!isUserError(error)) throw error;
      return { ok: false, message: error.message, detail: error.detail ?? [], hint: error.hint ?? null };
    }
  };
}
