import type { GraphFormat, GraphResult, GraphView } from '../core/results.js';
import { viewOf } from '../graph/graph-view.js';
import { renderDot } from '../graph/render-dot.js';
import { renderMermaid } from '../graph/render-mermaid.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { loadAndSelect } from './select-project.js';
import type { ProjectOptions } from './load-project.js';


const RENDERERS: Record<GraphFormat, (view: GraphView) => string> = {
  dot: renderDot,
  mermaid: renderMermaid,
  json: (view) => `${JSON.stringify(view, null, 2)}\n`,
};

export async function renderGraph(options: ProjectOptions & { selection: SelectionRequest; format: GraphFormat }): Promise<GraphResult> {
  const { scan, graph, selection } = await loadAndSelect(options);
  const { selected, warnings } = selection;
  const view = viewOf(graph, selected);
  return { ...view, format: options.format, text: RENDERERS[options.format](view), diagnostics: scan.diagnostics, warnings };
}
