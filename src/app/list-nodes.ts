import type { ListResult } from '../core/results.js';
import { allNodes } from '../graph/build-graph.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { loadAndSelect } from './select-project.js';
import type { ProjectOptions } from './load-project.js';


export async function listNodes(options: ProjectOptions & { selection: SelectionRequest }): Promise<ListResult> {
  const { scan, graph, selection } = await loadAndSelect(options);
  const { selected, warnings } = selection;
  return {
    nodes: allNodes(graph).filter((node) => selected.has(node.name)),
    total: scan.nodes.length,
    diagnostics: scan.diagnostics,
    warnings,
  };
}
