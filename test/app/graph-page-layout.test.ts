import { describe, expect, it } from 'vitest';
import type { CaNode, NodePackage } from '../../src/core/node.js';
import type { GraphPageLayout } from '../../src/core/results.js';
import { layoutGraph } from '../../src/app/graph-page-layout.js';
import { buildGraph } from '../../src/graph/build-graph.js';
import { viewOf } from '../../src/graph/graph-view.js';
import { drawGraphSvg } from '../../src/ui/graph-page/draw-graph.js';
import { caNode } from '../helpers/ca-node.js';

const SUPPORT: NodePackage = { name: '@acme/support', folder: 'packages/support' };
const BILLING: NodePackage = { name: '@acme/billing', folder: 'packages/billing' };
const SHARED: NodePackage = { name: '@acme/shared-tools', folder: 'node_modules/@acme/shared-tools', version: '1.2.0', external: true };

const viewOfAll = (nodes: CaNode[]) => viewOf(buildGraph(nodes), new Set(nodes.map((node) => node.name)));

const desk = (packages: { support?: NodePackage; billing?: NodePackage; shared?: NodePackage }) => [
  caNode('lookup_customer', { package: packages.shared }),
  caNode('lookup_ticket', { package: packages.support }),
  caNode('support/triage', { kind: 'flow', package: packages.support, uses: ['lookup_ticket', 'lookup_customer'] }),
  caNode('issue_refund', { package: packages.billing }),
  caNode('refund_flow', { kind: 'flow', package: packages.billing, uses: ['issue_refund', 'lookup_customer', 'support/triage'] }),
];

const inside = (box: GraphPageLayout['nodes'][number], frame: NonNullable<GraphPageLayout['packages']>[number]) =>
  box.x - box.width / 2 >= frame.x && box.x + box.width / 2 <= frame.x + frame.width && box.y - box.height / 2 >= frame.y && box.y + box.height / 2 <= frame.y + frame.height;

describe('graph page layout by package', () => {
  it('puts the nodes of each package inside a frame of its own, frames apart', () => {
    const view = viewOfAll(desk({ support: SUPPORT, billing: BILLING, shared: SHARED }));
    const layout = layoutGraph(view);
    expect(layout.packages?.map((frame) => frame.label)).toEqual(['@acme/billing', '@acme/shared-tools@1.2.0 (registry)', '@acme/support']);
    for (const frame of layout.packages!) {
      view.nodes.forEach((node, index) => expect(inside(layout.nodes[index]!, frame)).toBe(node.package?.name === frame.name));
      expect(frame.x + frame.width).toBeLessThanOrEqual(layout.width);
      expect(frame.y + frame.height).toBeLessThanOrEqual(layout.height);
    }
    // An edge between packages runs from the border of one node to the border of the other.
    const cross = view.edges.findIndex((edge) => edge.from === 'support/triage' && edge.to === 'refund_flow');
    const [x0, y0, x1, y1] = layout.edges[cross]!;
    const from = layout.nodes[view.nodes.findIndex((node) => node.name === 'support/triage')]!;
    const to = layout.nodes[view.nodes.findIndex((node) => node.name === 'refund_flow')]!;
    expect(Math.abs(x0! - from.x) === from.width / 2 || Math.abs(y0! - from.y) === from.height / 2).toBe(true);
    expect(Math.abs(x1! - to.x) === to.width / 2 || Math.abs(y1! - to.y) === to.height / 2).toBe(true);
  });

  it('draws each frame with its label, a registry one dashed', () => {
    const view = viewOfAll(desk({ support: SUPPORT, billing: BILLING, shared: SHARED }));
    const svg = drawGraphSvg({ nodes: view.nodes as CaNode[], edges: view.edges, layout: layoutGraph(view) });
    expect(svg).toContain('<g class="package" data-package="@acme/support">');
    expect(svg).toMatch(/<g class="package external" data-package="@acme\/shared-tools"><rect [^>]+\/><text [^>]+>@acme\/shared-tools@1\.2\.0 \(registry\)<\/text><\/g>/);
  });

  it('with one package, lays out and draws as for a project without packages', () => {
    const plain = viewOfAll(desk({}));
    const one = viewOfAll(desk({ support: SUPPORT, billing: SUPPORT, shared: SUPPORT }));
    expect(layoutGraph(one)).toEqual(layoutGraph(plain));
    expect(layoutGraph(one)).not.toHaveProperty('packages');
    const svg = drawGraphSvg({ nodes: one.nodes as CaNode[], edges: one.edges, layout: layoutGraph(one) });
    expect(svg).not.toContain('class="package');
  });
});
