import { describe, expect, it } from 'vitest';
import type { CaNode, NodePackage } from '../../src/core/node.js';
import { buildGraph } from '../../src/graph/build-graph.js';
import { viewOf } from '../../src/graph/graph-view.js';
import { renderDot } from '../../src/graph/render-dot.js';
import { renderMermaid } from '../../src/graph/render-mermaid.js';
import { caNode } from '../helpers/ca-node.js';

const SUPPORT: NodePackage = { name: '@acme/support', folder: 'packages/support', version: '0.3.0' };
const BILLING: NodePackage = { name: '@acme/billing', folder: 'packages/billing' };
const SHARED: NodePackage = { name: '@acme/shared-tools', folder: 'node_modules/@acme/shared-tools', version: '1.2.0', external: true };

const viewOfAll = (nodes: CaNode[]) => viewOf(buildGraph(nodes), new Set(nodes.map((node) => node.name)));

const workspace = viewOfAll([
  caNode('lookup_customer', { package: SHARED }),
  caNode('refund_flow', { kind: 'flow', package: BILLING, uses: ['lookup_customer'] }),
  caNode('support/triage', { kind: 'flow', localName: 'triage', package: SUPPORT, uses: ['lookup_customer'] }),
  caNode('audit_log'),
]);

describe('graph outputs of a workspace', () => {
  it('carry each node package in the view (--format json)', () => {
    expect(workspace.nodes.find((node) => node.name === 'lookup_customer')?.package).toEqual(SHARED);
  });

  it('DOT: one cluster per package, labelled with it; nodes without a package outside', () => {
    expect(renderDot(workspace).split('\n')).toEqual([
      'digraph ca {',
      '  rankdir=LR;',
      '  node [fontname="Helvetica", style="filled,rounded"];',
      '  subgraph "cluster_0" {',
      '    label="@acme/billing"; style="rounded"; color="#9ca3af"; fontname="Helvetica";',
      '    "refund_flow" [label="refund_flow\\nflow", shape=box, fillcolor="#dcfce7", tooltip="src/refund_flow.ts:3"];',
      '  }',
      '  subgraph "cluster_1" {',
      '    label="@acme/shared-tools@1.2.0 (registry)"; style="rounded"; color="#9ca3af"; fontname="Helvetica";',
      '    "lookup_customer" [label="lookup_customer\\ntool", shape=box, fillcolor="#e0f2fe", tooltip="src/lookup_customer.ts:3"];',
      '  }',
      '  subgraph "cluster_2" {',
      '    label="@acme/support"; style="rounded"; color="#9ca3af"; fontname="Helvetica";',
      '    "support/triage" [label="support/triage\\nflow", shape=box, fillcolor="#dcfce7", tooltip="src/triage.ts:3"];',
      '  }',
      '  "audit_log" [label="audit_log\\ntool", shape=box, fillcolor="#e0f2fe", tooltip="src/audit_log.ts:3"];',
      '  "lookup_customer" -> "refund_flow";',
      '  "lookup_customer" -> "support/triage";',
      '}',
      '',
    ]);
  });

  it('Mermaid: one subgraph per package with a quoted title', () => {
    const lines = renderMermaid(workspace).split('\n');
    expect(lines.slice(1, 12)).toEqual([
      '  subgraph pkg0 ["@acme/billing"]',
      '    n2[["refund_flow<br/><small>flow</small>"]]:::flow',
      '  end',
      '  subgraph pkg1 ["@acme/shared-tools@1.2.0 (registry)"]',
      '    n1["lookup_customer<br/><small>tool</small>"]:::tool',
      '  end',
      '  subgraph pkg2 ["@acme/support"]',
      '    n3[["support/triage<br/><small>flow</small>"]]:::flow',
      '  end',
      '  n0["audit_log<br/><small>tool</small>"]:::tool',
      '  n1 --> n2',
    ]);
  });

  it('with a single package, DOT and Mermaid are those of a project without packages', () => {
    const nodes = [caNode('lookup_ticket', { package: SUPPORT }), caNode('triage', { kind: 'flow', tags: ['support'], package: SUPPORT, uses: ['lookup_ticket'] })];
    const view = viewOfAll(nodes);
    expect(renderDot(view)).toBe(
      'digraph ca {\n  rankdir=LR;\n  node [fontname="Helvetica", style="filled,rounded"];\n' +
        '  "lookup_ticket" [label="lookup_ticket\\ntool", shape=box, fillcolor="#e0f2fe", tooltip="src/lookup_ticket.ts:3"];\n' +
        '  "triage" [label="triage\\nflow", shape=box, fillcolor="#dcfce7", tooltip="src/triage.ts:3"];\n' +
        '  "lookup_ticket" -> "triage";\n}\n',
    );
    expect(renderMermaid(view).split('\n').slice(0, 4)).toEqual([
      'flowchart LR',
      '  n0["lookup_ticket<br/><small>tool</small>"]:::tool',
      '  n1[["triage<br/><small>flow</small>"]]:::flow',
      '  n0 --> n1',
    ]);
  });
});
