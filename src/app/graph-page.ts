import path from 'node:path';
import type { GraphPageData, GraphResult } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { nodeOf } from '../graph/build-graph.js';
import { viewOf } from '../graph/graph-view.js';
import { childrenOf } from '../graph/traverse.js';
import { compareWithBaseline } from '../state/compare-with-baseline.js';
import { renderGraphPageHtml } from '../ui/graph-page/render-graph-page.js';
import { CA_VERSION } from './ca-version.js';
import { pageDeployments } from './graph-page-deployments.js';
import { type LayoutCache, layoutGraph } from './graph-page-layout.js';
import { loadGraphPageScript } from './graph-page-script.js';
import type { ProjectOptions } from './load-project.js';
import { latestRunResults } from './open-run-store.js';
import { loadAndSelect } from './select-project.js';

export interface GraphPageOptions extends ProjectOptions {
  selection: SelectionRequest;
  /** Served with --watch: the page listens for updates. */
  live?: boolean;
  /** Kept across rebuilds by --serve --watch, so unchanged components keep their layout. */
  layoutCache?: LayoutCache;
}

/** The page's data and the GraphResult around it (its `text` is the whole page). */
export interface GraphPage {
  data: GraphPageData;
  result: GraphResult;
}

/**
 * `ca graph --format html`: the selected subgraph laid out with dagre, every drawn node whole (so
 * the page's selector box can run the real selection code over it), who uses each node, its
 * deployments, and the --state comparison when one was given; then one self-contained HTML file.
 */
export async function buildGraphPage(options: GraphPageOptions): Promise<GraphPage> {
  const { config, scan, graph, selection } = await loadAndSelect(options);
  const view = viewOf(graph, selection.selected);
  const names = view.nodes.map((node) => node.name);
  const baseline = options.selection.state;
  // The page's `state:` needs the diff; an explicit --state is loaded even when -s did not use it.
  const state = selection.state ?? (baseline !== undefined ? await compareWithBaseline(config, scan.nodes, baseline, options.cwd) : undefined);
  const data: GraphPageData = {
    schemaVersion: 1,
    caVersion: CA_VERSION,
    project: path.basename(config.root),
    generatedAt: new Date().toISOString(),
    selection: describeSelection(options.selection),
    total: scan.nodes.length,
    nodes: names.map((name) => nodeOf(graph, name)),
    edges: view.edges,
    layout: layoutGraph(view, options.layoutCache),
    usedBy: Object.fromEntries(names.map((name) => [name, childrenOf(graph, name)])),
    envs: Object.keys(config.envs),
    deployments: await pageDeployments(config, graph, names),
    selectors: config.selectors,
    state: state ?? null,
    results: await pageResults(config),
    diagnostics: scan.diagnostics,
    live: options.live ?? false,
  };
  const text = renderGraphPageHtml(data, await loadGraphPageScript());
  return { data, result: { ...view, format: 'html', text, diagnostics: scan.diagnostics, warnings: selection.warnings } };
}

/** The run store is read (never created) only when it exists: no SQLite for a project that never ran. */
async function pageResults(config: Parameters<typeof latestRunResults>[0]): Promise<GraphPageData['results']> {
  const { results, warning } = await latestRunResults(config);
  return { latest: Object.fromEntries(results), warning: warning ?? null };
}

function describeSelection(request: SelectionRequest): string {
  const parts = [
    ...request.select.map((value) => `-s ${value}`),
    ...request.exclude.map((value) => `--exclude ${value}`),
    ...(request.selector !== undefined ? [`--selector ${request.selector}`] : []),
  ];
  return parts.join(' ');
}
