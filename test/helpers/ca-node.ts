import type { CaNode } from '../../src/core/node.js';

/** A discovered node made by hand, for reporters and renderers: only what a test sets differs. */
export function caNode(name: string, fields: Partial<CaNode> = {}): CaNode {
  const file = `src/${name.replace(/^.*\//, '')}.ts`;
  return {
    name,
    kind: 'tool',
    tags: [],
    file,
    line: 3,
    column: 14,
    endLine: 9,
    exportName: name.replace(/^.*\//, ''),
    uses: [],
    config: {},
    fingerprints: { body: 'b'.repeat(64), config: 'c'.repeat(64), code: 'd'.repeat(64), self: 'e'.repeat(64) },
    helpers: [],
    calls: [],
    properties: ['name'],
    prompts: {},
    ...fields,
  };
}
