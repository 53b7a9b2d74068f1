import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/temp-project.js';
import { scan } from '../helpers/scan.js';

describe('tsconfig path aliases', () => {
  it('follows `paths` to project files and to an SDK wrapper that re-exports everything', async () => {
    const { scan: result, byName } = await scan(path.join(FIXTURES, 'discovery', 'path-aliases'));
    expect(result.diagnostics).toEqual([]);
    expect(byName.get('dunning')).toMatchObject({ kind: 'flow', uses: ['fetch_invoice'], tags: ['billing'] });
    expect(byName.get('fetch_invoice')).toMatchObject({ kind: 'tool', file: 'src/billing/invoices.ts' });
  });
});
