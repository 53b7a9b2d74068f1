/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { GraphPageData } from '../../../core/results.js';
import { drawGraphSvg } from '../draw-graph.js';
import { renderDetails } from './details-panel.js';
import { byId } from './element.js';
import { listenForUpdates } from './live-updates.js';
import { panZoom } from './pan-zoom.js';
import { searchBox } from './search-box.js';
import { type PageSelector, selectorBox } from './selector-box.js';

/**
 * The page's script: reads the data the HTML carries, draws it, and wires search, the selector
 * box, the details panel and (when served with --watch) live updates. The selector comes from the
 * caller so this folder stays free of the selection code (src/app/graph-page-client.ts joins them).
 */
export function startGraphPage(makeSelector: (data: GraphPageData) => PageSelector): void {
  let data = JSON.parse(byId('ca-graph-data').textContent ?? '{}') as GraphPageData;
  let index = new Map<string, number>();
  let nodeElements: SVGGElement[] = [];
  let edgeElements: SVGPathElement[] = [];
  let active: string | undefined;
  let selected: ReadonlySet<string> | null = null;
  let found: number[] = [];

  const svg = byId<SVGSVGElement>('graph');
  const panel = byId('details');
  const view = panZoom(svg, (target) => {
    const node = target?.closest<SVGGElement>('.node');
    if (node) activate(Number(node.dataset.index));
    else deactivate();
  });

  const draw = () => {
    index = new Map(data.nodes.map((node, i) => [node.name, i]));
    svg.innerHTML = drawGraphSvg(data);
    nodeElements = [...svg.querySelectorAll<SVGGElement>('.node')];
    edgeElements = [...svg.querySelectorAll<SVGPathElement>('.edge')];
    view.apply();
    summary();
  };

  const summary = () => {
    const parts = [`${data.nodes.length} nodes · ${data.edges.length} edges`];
    if (data.nodes.length !== data.total) parts.push(`of ${data.total} nodes (${data.selection || 'selection'})`);
    if (data.state) parts.push(`state: against ${data.state.baseline}`);
    const problems = data.diagnostics.length;
    if (problems > 0) parts.push(`${problems} diagnostic${problems === 1 ? '' : 's'} (run ca ls)`);
    byId('summary').textContent = parts.join(' · ');
    document.title = `${data.project} · ca graph`;
  };

  const highlightSelection = () => {
    svg.classList.toggle('selecting', selected !== null);
    nodeElements.forEach((element, i) => element.classList.toggle('match', selected?.has(data.nodes[i]!.name) ?? false));
    edgeElements.forEach((element, i) => {
      const edge = data.edges[i]!;
      element.classList.toggle('match', (selected?.has(edge.from) && selected.has(edge.to)) ?? false);
    });
  };

  const highlightFound = () => {
    for (const element of svg.querySelectorAll('.node.found')) element.classList.remove('found');
    for (const i of found) nodeElements[i]?.classList.add('found');
  };

  const activate = (i: number, center = false) => {
    const node = data.nodes[i];
    if (!node) return;
    active = node.name;
    for (const element of svg.querySelectorAll('.active, .upstream, .downstream')) element.classList.remove('active', 'upstream', 'downstream');
    nodeElements[i]?.classList.add('active');
    data.edges.forEach((edge, e) => {
      if (edge.to === node.name) edgeElements[e]?.classList.add('upstream');
      if (edge.from === node.name) edgeElements[e]?.classList.add('downstream');
    });
    renderDetails(panel, data, i, (name) => {
      const next = index.get(name);
      if (next !== undefined) activate(next, true);
    });
    if (center) {
      const box = data.layout.nodes[i]!;
      view.centerOn(box.x, box.y);
    }
  };

  const deactivate = () => {
    active = undefined;
    for (const element of svg.querySelectorAll('.active, .upstream, .downstream')) element.classList.remove('active', 'upstream', 'downstream');
    panel.hidden = true;
  };

  draw();
  view.fit(data.layout.width, data.layout.height);
  byId('fit').addEventListener('click', () => view.fit(data.layout.width, data.layout.height));

  const search = searchBox({
    input: byId<HTMLInputElement>('search'),
    list: byId<HTMLUListElement>('search-results'),
    nodes: () => data.nodes,
    onFound(indices) {
      found = indices;
      highlightFound();
    },
    onPick: (i) => activate(i, true),
  });

  const selectorInput = selectorBox({
    form: byId<HTMLFormElement>('selector'),
    select: byId<HTMLInputElement>('select'),
    exclude: byId<HTMLInputElement>('exclude'),
    status: byId('select-status'),
    error: byId('select-error'),
    selector: makeSelector(data),
    onResult(names) {
      selected = names;
      highlightSelection();
    },
  });

  if (data.live && location.protocol.startsWith('http')) {
    const badge = byId('live');
    badge.hidden = false;
    const banner = byId('banner');
    listenForUpdates({
      onData(next) {
        data = next;
        draw();
        search.refresh();
        selectorInput.refresh(makeSelector(data));
        const still = active !== undefined ? index.get(active) : undefined;
        if (still !== undefined) activate(still);
        else deactivate();
        document.body.dataset.updates = String(Number(document.body.dataset.updates ?? '0') + 1);
      },
      onProblem(message) {
        banner.hidden = message === null;
        banner.className = 'problem';
        banner.textContent = message ?? '';
      },
      onConnection(open) {
        badge.textContent = open ? 'live' : 'reconnecting…';
      },
    });
  }
  document.body.dataset.ready = 'true';
  // For load-time measurements (docs/performance.md): navigation start to a drawn, usable page.
  performance.mark('ca-graph-ready');
}
