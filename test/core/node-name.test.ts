import { describe, expect, it } from 'vitest';
import { displayName, isValidNodeId, isValidNodeName } from '../../src/core/node-name.js';

describe('node ids', () => {
  const cases: Array<[string, boolean]> = [
    ['triage', true],
    ['support/triage', true],
    ['acme/support/triage', true],
    ['@acme/support/triage', false],
    ['support-desk.v2/refund_flow', true],
    ['support/Triage_2', true],
    ['Support/triage', false],
    ['support/2triage', false],
    ['/triage', false],
    ['support/', false],
    ['a/b/c/triage', false],
    ['@acme/triage', false],
    ['@/support/triage', false],
    ['../triage', false],
    ['support triage/x', false],
  ];
  it.each(cases)('%s is a valid id: %s', (id, valid) => {
    expect(isValidNodeId(id)).toBe(valid);
  });

  it('shows a package-qualified id unquoted, while a bare name still may not hold a slash', () => {
    expect(displayName('support/triage')).toBe('support/triage');
    expect(displayName('acme/support/triage')).toBe('acme/support/triage');
    expect(displayName('support/triage\n::warning::x')).toBe('"support/triage\\n::warning::x"');
    expect(isValidNodeName('support/triage')).toBe(false);
  });
});
