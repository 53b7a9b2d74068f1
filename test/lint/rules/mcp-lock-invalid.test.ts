import { describe, expect, it } from 'vitest';
import { mcpLockInvalidRule } from '../../../src/lint/rules/mcp-lock-invalid.js';
import { mcpToolUnlockedRule } from '../../../src/lint/rules/mcp-tool-unlocked.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'mcp-lock-invalid';
const rules = [mcpLockInvalidRule, mcpToolUnlockedRule];

describe(ID, () => {
  it('passes a lock that parses', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['helpdesk', 'lookup_ticket']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a hand-edited lock where the JSON parser stops, once, not once per tool', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    // The comma missing at the end of line 11 is noticed at the next property.
    expect(places(result.findings)).toEqual([`${ID} ca.mcp.lock:12:11`]);
    const [finding] = result.findings;
    expect(finding!.severity).toBe('error');
    expect(finding!.message).toMatch(/^ca\.mcp\.lock cannot be read: it is not JSON \(.+\)$/); // V8's words
    expect(finding!.hint).toBe('Write it again with ca mcp lock (it is generated; do not edit it by hand).');
    expect(result.nodes).toEqual(['helpdesk', 'lookup_ticket']);
  });
});
