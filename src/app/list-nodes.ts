import type { ListResult } from '../core/results.js';
import { allNodes } from '../graph/build-graph.js';
import { selectNodes, type SelectionRequest } from '../selection/select-nodes.js';
import { loadProject, type ProjectOptions } from './load-project.js';


export async function listNodes(options: ProjectOptions & { selection: SelectionRequest }): Promise<ListResult> {
  const { scan, graph } = await loadProject(options);
  const { selected, warnings } = selectNodes(graph, options.selection);
  return {
    nodes: allNodes(graph).filter((node) => selected.has(node.name)),
    total: scan.nodes.length,
    diagnostics: scan.diagnostics,
    warnings,
  };
}
