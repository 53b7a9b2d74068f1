/** Space between packed blocks (components, package frames). */
const GAP = 48;
/** Inside a package's frame: room around its nodes, and above them for its name. */
const FRAME_PADDING = 16;
const FRAME_LABEL_HEIGHT = 24;

/** Laid-out nodes (centres) and edges (polylines as x0, y0, x1, y1, …), relative to the block's top-left corner. */
export interface BlockLayout {
  width: number;
  height: number;
  nodes: Map<string, { x: number; y: number }>;
  edges: Map<string, number[]>;
}

export interface Offset {
  dx: number;
  dy: number;
}

/**
 * Shelf packing into one block: rows about as wide as the drawing is tall, but never narrower
 * than the widest block. Coordinates are rounded to a tenth.
 */
export function pack(blocks: readonly BlockLayout[]): { layout: BlockLayout; offsets: Offset[] } {
  const area = blocks.reduce((sum, c) => sum + (c.width + GAP) * (c.height + GAP), 0);
  const rowWidth = Math.max(Math.sqrt(area * 1.6), ...blocks.map((c) => c.width));
  const offsets: Offset[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const block of blocks) {
    if (x > 0 && x + block.width > rowWidth) {
      y += rowHeight + GAP;
      x = 0;
      rowHeight = 0;
    }
    offsets.push({ dx: x, dy: y });
    x += block.width + GAP;
    width = Math.max(width, x - GAP);
    rowHeight = Math.max(rowHeight, block.height);
  }
  return { layout: { width, height: y + rowHeight, ...moved(blocks, offsets) }, offsets };
}

/** A block with room around it for a frame and, above, a label of `labelWidth`. */
export function framed(inner: BlockLayout, labelWidth: number): BlockLayout {
  const offset = { dx: FRAME_PADDING, dy: FRAME_LABEL_HEIGHT + FRAME_PADDING / 2 };
  return {
    width: Math.max(inner.width, labelWidth) + 2 * FRAME_PADDING,
    height: inner.height + offset.dy + FRAME_PADDING,
    ...moved([inner], [offset]),
  };
}

function moved(blocks: readonly BlockLayout[], offsets: readonly Offset[]): Pick<BlockLayout, 'nodes' | 'edges'> {
  const nodes = new Map<string, { x: number; y: number }>();
  const edges = new Map<string, number[]>();
  blocks.forEach((block, index) => {
    const { dx, dy } = offsets[index]!;
    for (const [name, p] of block.nodes) nodes.set(name, { x: round(p.x + dx), y: round(p.y + dy) });
    for (const [key, points] of block.edges) edges.set(key, points.map((v, i) => round(v + (i % 2 === 0 ? dx : dy))));
  });
  return { nodes, edges };
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
