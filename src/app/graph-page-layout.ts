import dagre from '@dagrejs/dagre';
import type { GraphPageLayout, GraphView } from '../core/results.js';

/** Room for a label in the page's 12px monospace font (about 0.6em a character), plus padding. */
const CHAR_WIDTH = 7.3;
const NODE_PADDING = 22;
const NODE_HEIGHT = 28;
const COMPONENT_GAP = 48;

/** One connected component laid out on its own, with coordinates relative to its top-left corner. */
interface ComponentLayout {
  width: number;
  height: number;
  nodes: Map<string, { x: number; y: number }>;
  edges: Map<string, number[]>;
}

/**
 * Laid-out components by shape (names, sizes, edges), so a watched project re-lays out only the
 * components an edit changed: a body edit changes none.
 */
export type LayoutCache = Map<string, ComponentLayout>;

export function nodeWidth(name: string): number {
  return Math.round(name.length * CHAR_WIDTH + NODE_PADDING);
}

/**
 * Positions for the page, computed once in Node so the browser only draws. Each connected
 * component goes through dagre left to right (the `tight-tree` ranker: network simplex took 9 s
 * on a 1,500-node component, tight-tree under 1 s), then the components are packed in rows,
 * largest first.
 */
export function layoutGraph(view: GraphView, cache: LayoutCache = new Map()): GraphPageLayout {
  const components = connectedComponents(view);
  const laidOut = components.map((component) => {
    const key = JSON.stringify(component);
    let layout = cache.get(key);
    if (!layout) {
      layout = layoutComponent(component.names, component.edges);
      cache.set(key, layout);
    }
    return layout;
  });
  // Only the components of this drawing stay cached.
  const keep = new Set(components.map((component) => JSON.stringify(component)));
  for (const key of cache.keys()) if (!keep.has(key)) cache.delete(key);
  return pack(view, laidOut);
}

interface Component {
  names: string[];
  edges: [string, string][];
}

function connectedComponents(view: GraphView): Component[] {
  const parent = new Map(view.nodes.map((node) => [node.name, node.name]));
  const root = (name: string): string => {
    let at = name;
    while (parent.get(at) !== at) at = parent.get(at)!;
    parent.set(name, at);
    return at;
  };
  for (const edge of view.edges) parent.set(root(edge.from), root(edge.to));
  const byRoot = new Map<string, Component>();
  for (const node of view.nodes) {
    const key = root(node.name);
    if (!byRoot.has(key)) byRoot.set(key, { names: [], edges: [] });
    byRoot.get(key)!.names.push(node.name);
  }
  for (const edge of view.edges) byRoot.get(root(edge.from))!.edges.push([edge.from, edge.to]);
  // Largest first, then by first name: the same project always gives the same picture.
  return [...byRoot.values()].sort((a, b) => b.names.length - a.names.length || (a.names[0]! < b.names[0]! ? -1 : 1));
}

function layoutComponent(names: string[], edges: [string, string][]): ComponentLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 56, edgesep: 8, ranker: 'tight-tree', marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const name of names) graph.setNode(name, { width: nodeWidth(name), height: NODE_HEIGHT });
  for (const [from, to] of edges) graph.setEdge(from, to);
  dagre.layout(graph);
  const label = graph.graph() as { width?: number; height?: number };
  const nodes = new Map<string, { x: number; y: number }>();
  for (const name of names) {
    const { x, y } = graph.node(name) as { x: number; y: number };
    nodes.set(name, { x, y });
  }
  const points = new Map<string, number[]>();
  for (const [from, to] of edges) {
    const edge = graph.edge(from, to) as { points?: { x: number; y: number }[] } | undefined;
    points.set(`${from}\0${to}`, (edge?.points ?? []).flatMap((p) => [p.x, p.y]));
  }
  return { width: label.width ?? 0, height: label.height ?? 0, nodes, edges: points };
}

/** Shelf packing: rows about as wide as the drawing is tall, but never narrower than the widest component. */
function pack(view: GraphView, components: ComponentLayout[]): GraphPageLayout {
  const area = components.reduce((sum, c) => sum + (c.width + COMPONENT_GAP) * (c.height + COMPONENT_GAP), 0);
  const rowWidth = Math.max(Math.sqrt(area * 1.6), ...components.map((c) => c.width));
  const offsets: { dx: number; dy: number }[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const component of components) {
    if (x > 0 && x + component.width > rowWidth) {
      y += rowHeight + COMPONENT_GAP;
      x = 0;
      rowHeight = 0;
    }
    offsets.push({ dx: x, dy: y });
    x += component.width + COMPONENT_GAP;
    width = Math.max(width, x - COMPONENT_GAP);
    rowHeight = Math.max(rowHeight, component.height);
  }
  const height = y + rowHeight;
  const placed = new Map<string, { x: number; y: number }>();
  const edgePoints = new Map<string, number[]>();
  components.forEach((component, index) => {
    const { dx, dy } = offsets[index]!;
    for (const [name, p] of component.nodes) placed.set(name, { x: round(p.x + dx), y: round(p.y + dy) });
    for (const [key, points] of component.edges) edgePoints.set(key, points.map((v, i) => round(v + (i % 2 === 0 ? dx : dy))));
  });
  return {
    width: round(width),
    height: round(height),
    nodes: view.nodes.map((node) => ({ ...placed.get(node.name)!, width: nodeWidth(node.name), height: NODE_HEIGHT })),
    edges: view.edges.map((edge) => edgePoints.get(`${edge.from}\0${edge.to}`) ?? []),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
