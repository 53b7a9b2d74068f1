import type { GraphPageData, PackageFrame } from '../../core/results.js';

/**
 * The graph as SVG markup, from the positions computed at generation time: one string, set once,
 * which is the cheapest way to put a few thousand elements into the page. Nodes and edges carry
 * their index, so the page finds them again without searching by name.
 */
export function drawGraphSvg(data: Pick<GraphPageData, 'nodes' | 'edges' | 'layout'>): string {
  const { layout } = data;
  const edges = data.edges.map((edge, index) => {
    return `<path class="edge${edge.kind === 'handoff' ? ' handoff' : ''}" data-index="${index}" d="${edgePath(layout.edges[index] ?? [])}" marker-end="url(#arrow)"/>`;
  });
  const nodes = data.nodes.map((node, index) => {
    const box = layout.nodes[index]!;
    const x = round(box.x - box.width / 2);
    const y = round(box.y - box.height / 2);
    return (
      `<g class="node kind-${node.kind}" data-index="${index}" data-name="${escapeXml(node.name)}" transform="translate(${x} ${y})">` +
      `<title>${escapeXml(`${node.displayName ?? node.name} (${node.framework ? `${node.framework} ` : ''}${node.kind})`)}</title>` +
      `<rect width="${box.width}" height="${box.height}" rx="6"/>` +
      `<text x="11" y="${round(box.height / 2 + 4)}">${escapeXml(node.name)}</text></g>`
    );
  });
  return (
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">' +
    '<path d="M0 0L10 5L0 10z" fill="#9ca3af"/></marker>' +
    '<marker id="arrow-active" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">' +
    '<path d="M0 0L10 5L0 10z" fill="#2563eb"/></marker></defs>' +
    `<g id="viewport">${packageFrames(layout.packages ?? [])}<g class="edges">${edges.join('')}</g><g class="nodes">${nodes.join('')}</g></g>`
  );
}

/** A labelled box behind the nodes of each package (only when they come from more than one); a registry dependency's is dashed. */
function packageFrames(frames: readonly PackageFrame[]): string {
  if (frames.length === 0) return '';
  const drawn = frames.map(
    (frame) =>
      `<g class="package${frame.external ? ' external' : ''}" data-package="${escapeXml(frame.name)}">` +
      `<rect x="${frame.x}" y="${frame.y}" width="${frame.width}" height="${frame.height}" rx="10"/>` +
      `<text x="${round(frame.x + 12)}" y="${round(frame.y + 18)}">${escapeXml(frame.label)}</text></g>`,
  );
  return `<g class="packages">${drawn.join('')}</g>`;
}

/** dagre's polyline, smoothed: a quadratic curve through each bend, towards the middle of the next segment. */
function edgePath(points: readonly number[]): string {
  const count = points.length / 2;
  if (count < 2) return '';
  const at = (i: number) => [points[2 * i]!, points[2 * i + 1]!] as const;
  let d = `M${at(0).join(' ')}`;
  for (let i = 1; i < count - 1; i++) {
    const [x, y] = at(i);
    const [nx, ny] = at(i + 1);
    d += `Q${x} ${y} ${round((x + nx) / 2)} ${round((y + ny) / 2)}`;
  }
  return `${d}L${at(count - 1).join(' ')}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
