import type { ListResult } from '../core/results.js';
import { byName } from '../graph/build-graph.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { loadAndSelect } from './select-project.js';
import type { ProjectOptions } from './load-project.js';


export async function listNodes(options: ProjectOptions & { selection: SelectionRequest }): Promise<ListResult> {
  const { scan, selection } = await loadAndSelect(options);
  const { selected, warnings } = selection;
  return {
    // From the scan, not the graph: listing everything then never builds one.
    nodes: scan.nodes.filter((node) => selected.has(node.name)).sort(byName),
    total: scan.nodes.length,
    diagnostics: scan.diagnostics,
    warnings,
  };
}
