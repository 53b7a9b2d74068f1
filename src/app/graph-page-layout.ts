import dagre from '@dagrejs/dagre';
import { groupByPackage, type PackageGroup } from '../core/group-by-package.js';
import { packageLabel } from '../core/node-package-label.js';
import type { GraphPageLayout, GraphView, PackageFrame } from '../core/results.js';
import { type BlockLayout, framed, pack, round } from './graph-page-pack.js';

/** Room for a label in the page's 12px monospace font (about 0.6em a character), plus padding. */
const CHAR_WIDTH = 7.3;
const NODE_PADDING = 22;
const NODE_HEIGHT = 28;

/**
 * Laid-out components by shape (names, sizes, edges), so a watched project re-lays out only the
 * components an edit changed: a body edit changes none.
 */
export type LayoutCache = Map<string, BlockLayout>;

export function nodeWidth(name: string): number {
  return Math.round(name.length * CHAR_WIDTH + NODE_PADDING);
}

/**
 * Positions for the page, computed once in Node so the browser only draws. Each connected
 * component goes through dagre left to right (the `tight-tree` ranker: network simplex took 9 s
 * on a 1,500-node component, tight-tree under 1 s), then the components are packed in rows,
 * largest first. Nodes from more than one package are laid out package by package, each in a
 * labelled frame, and the frames packed in rows.
 */
export function layoutGraph(view: GraphView, cache: LayoutCache = new Map()): GraphPageLayout {
  const used = new Set<string>();
  const groups = groupByPackage(view.nodes);
  const { whole, packages } = groups.length > 1 ? layoutPackages(view, groups, cache, used) : { whole: pack(layoutComponents(view, cache, used)).layout, packages: undefined };
  // Only the components of this drawing stay cached.
  for (const key of cache.keys()) if (!used.has(key)) cache.delete(key);
  const box = (name: string) => ({ ...whole.nodes.get(name)!, width: nodeWidth(name), height: NODE_HEIGHT });
  const layout: GraphPageLayout = {
    width: round(whole.width),
    height: round(whole.height),
    nodes: view.nodes.map((node) => box(node.name)),
    // dagre routes the edges inside a component; only an edge between packages is not among them.
    edges: view.edges.map((edge) => whole.edges.get(`${edge.from}\0${edge.to}`) ?? straightEdge(box(edge.from), box(edge.to))),
  };
  if (packages) layout.packages = packages;
  return layout;
}

/** Each package's nodes laid out and packed on their own, inside a frame; then the frames packed. */
function layoutPackages(view: GraphView, groups: PackageGroup<GraphView['nodes'][number]>[], cache: LayoutCache, used: Set<string>) {
  const blocks = groups.map((group) => {
    const names = new Set(group.items.map((node) => node.name));
    const edges = view.edges.filter((edge) => names.has(edge.from) && names.has(edge.to));
    const inner = pack(layoutComponents({ nodes: group.items, edges }, cache, used)).layout;
    return group.package ? framed(inner, nodeWidth(packageLabel(group.package))) : inner;
  });
  const { layout, offsets } = pack(blocks);
  const packages = groups.flatMap((group, index): PackageFrame[] => {
    if (!group.package) return [];
    const { width, height } = blocks[index]!;
    const frame: PackageFrame = { name: group.package.name, label: packageLabel(group.package), x: offsets[index]!.dx, y: offsets[index]!.dy, width, height };
    if (group.package.external) frame.external = true;
    return [frame];
  });
  return { whole: layout, packages };
}

/** The connected components of a view, each laid out by dagre, or taken from the cache when that shape was laid out before. */
function layoutComponents(view: GraphView, cache: LayoutCache, used: Set<string>): BlockLayout[] {
  return connectedComponents(view).map((component) => {
    const key = JSON.stringify(component);
    used.add(key);
    let layout = cache.get(key);
    if (!layout) {
      layout = layoutComponent(component.names, component.edges);
      cache.set(key, layout);
    }
    return layout;
  });
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

function layoutComponent(names: string[], edges: [string, string][]): BlockLayout {
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

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge between packages: from border to border of its two nodes, along the line between their centres. */
function straightEdge(from: Box, to: Box): number[] {
  return [...leaving(from, to), ...leaving(to, from)];
}

/** Where the line from the centre of `box` to the centre of `other` leaves `box`. */
function leaving(box: Box, other: Box): number[] {
  const dx = other.x - box.x;
  const dy = other.y - box.y;
  const t = Math.min(dx === 0 ? 1 : box.width / 2 / Math.abs(dx), dy === 0 ? 1 : box.height / 2 / Math.abs(dy), 1);
  return [round(box.x + dx * t), round(box.y + dy * t)];
}
