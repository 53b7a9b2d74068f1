import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { NodePackage } from '../../src/core/node.js';
import { renderNodeTable } from '../../src/ui/node-table.js';
import { caNode } from '../helpers/ca-node.js';

const plain = pc.createColors(false);
const SUPPORT: NodePackage = { name: '@acme/support', folder: 'packages/support', version: '0.3.0' };
const BILLING: NodePackage = { name: '@acme/billing', folder: 'packages/billing' };
const SHARED: NodePackage = { name: '@acme/shared-tools', folder: 'node_modules/@acme/shared-tools', version: '1.2.0', external: true };

describe('ca ls table', () => {
  it('has a package column when the nodes come from more than one package, marking registry ones', () => {
    const lines = renderNodeTable(
      [
        caNode('lookup_customer', { package: SHARED }),
        caNode('refund_flow', { kind: 'flow', package: BILLING }),
        caNode('support/triage', { kind: 'flow', localName: 'triage', package: SUPPORT }),
      ],
      plain,
    ).split('\n');
    expect(lines[0]).toMatch(/^name\s+kind\s+package\s+tags\s+location$/);
    expect(lines[1]).toMatch(/^lookup_customer\s+tool\s+@acme\/shared-tools@1\.2\.0 \(registry\)\s+-\s+src\/lookup_customer\.ts:3$/);
    expect(lines[3]).toMatch(/^support\/triage\s+flow\s+@acme\/support\s+-/);
  });

  it('has none when every node comes from one package: the table of a project without packages', () => {
    const nodes = [caNode('lookup_ticket'), caNode('triage', { kind: 'flow' })];
    const table = renderNodeTable(nodes, plain);
    expect(renderNodeTable(nodes.map((node) => ({ ...node, package: SUPPORT })), plain)).toBe(table);
    expect(table.split('\n')[0]).toMatch(/^name\s+kind\s+tags\s+location$/);
  });
});
