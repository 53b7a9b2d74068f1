import { UserError } from '../core/errors.js';
import type { SelectionRequest } from '../core/selection-request.js';
import type { CaGraph } from '../graph/build-graph.js';

export type { SelectionRequest };

export interface SelectionResult {
  /** Names of the selected nodes. */
  selected: Set<string>;
  /** One line per criterion that matched nothing. */
  warnings: string[];
}

/** Splits repeated flag values on whitespace, as dbt does: `-s "a b" -s c` → [a, b, c]. */
export function splitCriteria(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(/\s+/)).filter((value) => value !== '');
}

/**
 * Exact node names, union of --select minus union of --exclude; no --select means every node.
 */
export function selectNodes(graph: CaGraph, request: SelectionRequest): SelectionResult {
  const warnings: string[] = [];
  const match = (criteria: string[]): Set<string> => {
    const names = new Set<string>();
    for (const criterion of criteria) {
      if (graph.hasNode(criterion)) names.add(criterion);
      else warnings.push(`the selection criterion '${criterion}' does not match any node`);
    }
    return names;
  };
  const select = splitCriteria(request.select);
  const selected = select.length === 0 ? new Set(graph.nodes()) : match(select);
  for (const name of match(splitCriteria(request.exclude))) selected.delete(name);
  if (request.strict && warnings.length > 0) {
    throw new UserError('selection-empty-criterion', warnings[0]!, { hint: 'Check the spelling with `ca ls`, or drop --strict.' });
  }
  return { selected, warnings };
}
