import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fingerprints } from '../../src/core/node.js';
import { copyFixture } from '../helpers/temp-project.js';
import { scan } from '../helpers/scan.js';

type Prints = Map<string, Fingerprints>;

async function fingerprints(root: string): Promise<Prints> {
  const { byName } = await scan(root);
  return new Map([...byName].map(([name, node]) => [name, node.fingerprints]));
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const full = path.join(root, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} must change it`).not.toBe(before);
  writeFileSync(full, after);
}

/** For each node whose fingerprints moved: which of body/config/code/self did. */
function changes(before: Prints, after: Prints): Record<string, string[]> {
  const moved: Record<string, string[]> = {};
  for (const [name, old] of before) {
    const now = after.get(name)!;
    const keys = (Object.keys(old) as (keyof Fingerprints)[]).filter((key) => old[key] !== now[key]);
    if (keys.length) moved[name] = keys;
  }
  return moved;
}

describe('fingerprints', () => {
  it("editing one node's body changes only that node: not its file neighbour, not the nodes that use it", async () => {
    const root = copyFixture('support-desk');
    const before = await fingerprints(root);
    edit(root, 'src/tickets/lookup.ts', (text) => text.replace('run: async ({ ticket }) => findTicket(ticket),', 'run: async ({ ticket }) => findTicket(ticket.trim()),'));
    expect(changes(before, await fingerprints(root))).toEqual({ lookup_ticket: ['body', 'self'] });
  });

  it("editing a node's literal config changes its config fingerprint only", async () => {
    const root = copyFixture('support-desk');
    const before = await fingerprints(root);
    edit(root, 'src/tickets/lookup.ts', (text) => text.replace("effect: 'write',", "effect: 'dangerous',"));
    expect(changes(before, await fingerprints(root))).toEqual({ update_ticket: ['config', 'self'] });
  });

  it('editing a helper changes the code fingerprint of every node that reaches it, and no other', async () => {
    const root = copyFixture('support-desk');
    const before = await fingerprints(root);
    edit(root, 'src/lib/money.ts', (text) => text.replace('return REFUND_LIMITS[tier];', 'return REFUND_LIMITS[tier] ?? 0;'));
    expect(changes(before, await fingerprints(root))).toEqual({
      check_refund_eligibility: ['code', 'self'],
      refund_desk: ['code', 'self'],
    });
  });

  it('editing a constant reached through a helper changes its users transitively', async () => {
    const root = copyFixture('support-desk');
    const before = await fingerprints(root);
    edit(root, 'src/lib/money.ts', (text) => text.replace("GBP: '£'", "GBP: '£', CHF: 'Fr.'"));
    const moved = changes(before, await fingerprints(root));
    // CURRENCY_SYMBOLS is read by formatAmount, which these five call (directly or in the same helper chain).
    expect(Object.keys(moved).sort()).toEqual(['check_refund_eligibility', 'fetch_invoice', 'issue_refund', 'refund_desk', 'refund_flow']);
    for (const keys of Object.values(moved)) expect(keys).toEqual(['code', 'self']);
  });

  it('whitespace, comment and formatting-only edits change nothing', async () => {
    const root = copyFixture('support-desk');
    const before = await fingerprints(root);
    for (const file of ['src/tickets/lookup.ts', 'src/lib/money.ts', 'src/refunds/refund-flow.ts']) {
      edit(root, file, (text) =>
        `// reformatted\n${text}`
          .replace(/\n/g, '\n\n')
          .replace(/ {2}/g, '    ')
          .replace(/\) => /g, ')   =>   /* arrow */ '),
      );
    }
    expect(changes(before, await fingerprints(root))).toEqual({});
  });

  it('a Prettier-style pass (double quotes, no semicolons, no trailing commas) changes nothing', async () => {
    const root = copyFixture('support-desk');
    const before = await fingerprints(root);
    for (const file of ['src/tickets/lookup.ts', 'src/refunds/refund-flow.ts', 'src/lib/money.ts']) {
      edit(root, file, (text) =>
        text
          .replace(/'([^'\\\n]*)'/g, '"$1"')
          .replace(/;\n/g, '\n')
          .replace(/,(\s*[)\]}])/g, '$1'),
      );
    }
    expect(changes(before, await fingerprints(root))).toEqual({});
  });

  it('is the same on every scan of the same code', async () => {
    const root = copyFixture('support-desk');
    expect(changes(await fingerprints(root), await fingerprints(root))).toEqual({});
  });
});
