import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { CaNode } from '../../src/core/node.js';
import { renderShow } from '../../src/ui/show-report.js';
import { caNode } from '../helpers/ca-node.js';

const plain = pc.createColors(false);
const show = (node: CaNode) => renderShow({ node, source: '', usedBy: [], diagnostics: [], deployments: [] }, plain).split('\n');

describe('ca show', () => {
  it('says which package a node is defined in, and its own name when its id is qualified', () => {
    const lines = show(caNode('support/triage', { kind: 'flow', localName: 'triage', package: { name: '@acme/support', folder: 'packages/support', version: '0.3.0' } }));
    expect(lines[0]).toBe('support/triage (flow)');
    expect(lines).toContain('  package      @acme/support@0.3.0 (packages/support)');
    expect(lines).toContain('  local name   triage');
  });

  it('marks a registry dependency', () => {
    const lines = show(caNode('lookup_customer', { package: { name: '@acme/shared-tools', folder: 'node_modules/@acme/shared-tools', version: '1.2.0', external: true } }));
    expect(lines).toContain('  package      @acme/shared-tools@1.2.0 (registry, node_modules/@acme/shared-tools)');
    expect(lines.some((line) => line.includes('local name'))).toBe(false);
  });
});
