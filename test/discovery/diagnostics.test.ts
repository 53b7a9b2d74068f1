import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { FIXTURES } from '../helpers/temp-project.js';
import { scan } from '../helpers/scan.js';

const DIAGNOSTICS = path.join(FIXTURES, 'discovery', 'diagnostics');
const at = (d: Diagnostic) => `${d.code} ${d.file}:${d.line}`;

describe('discovery diagnostics', () => {
  it('reports every problem with its place instead of crashing, and keeps the healthy definitions', async () => {
    const { scan: result, byName } = await scan(DIAGNOSTICS);
    expect(result.diagnostics.map(at).sort()).toEqual(
      [
        'parse-error src/broken.ts:8',
        'dynamic-name src/dynamic.ts:6',
        'dynamic-name src/dynamic.ts:11',
        'missing-name src/dynamic.ts:16',
        'invalid-definition src/dynamic.ts:23',
        'duplicate-name src/duplicate.ts:4',
        'duplicate-name src/tickets.ts:5',
        'unresolved-use src/tickets.ts:15',
        'unresolved-use src/tickets.ts:15',
        'cycle src/cycle.ts:3',
      ].sort(),
    );
    expect([...byName.keys()].sort()).toEqual(['approve_invoice', 'lookup_ticket', 'review_invoice', 'search_articles', 'summarize']);
    for (const d of result.diagnostics) expect(d.hint, at(d)).toBeTruthy();
  });

  it('names both places of a duplicate name', async () => {
    const { scan: result } = await scan(DIAGNOSTICS);
    const duplicates = result.diagnostics.filter((d) => d.code === 'duplicate-name');
    expect(duplicates.map((d) => [d.file, d.related?.map((r) => r.file)])).toEqual([
      ['src/duplicate.ts', ['src/tickets.ts']],
      ['src/tickets.ts', ['src/duplicate.ts']],
    ]);
  });

  it('says why a uses entry does not resolve: a helper that is not a definition, a missing module', async () => {
    const { scan: result } = await scan(DIAGNOSTICS);
    const unresolved = result.diagnostics.filter((d) => d.code === 'unresolved-use').map((d) => [d.column, d.message]);
    expect(unresolved).toEqual([
      [24, expect.stringContaining('not a ca definition')],
      [38, expect.stringContaining("cannot find module './nowhere.js'")],
    ]);
  });

  it('keeps the edges that do resolve', async () => {
    const { byName } = await scan(DIAGNOSTICS);
    expect(byName.get('approve_invoice')!.uses).toEqual(['review_invoice']);
  });

  it('does not attach a use of the losing duplicate to the definition that kept the name', async () => {
    const { byName, graph } = await scan(DIAGNOSTICS);
    // summarize uses the lookup_ticket of tickets.ts; the name went to duplicate.ts (first by path).
    expect(byName.get('lookup_ticket')!.file).toBe('src/duplicate.ts');
    expect(byName.get('summarize')!.uses).toEqual([]);
    expect(graph.successors('lookup_ticket')).toEqual([]);
  });

  it('names every member of a cycle', async () => {
    const { scan: result } = await scan(DIAGNOSTICS);
    const cycle = result.diagnostics.find((d) => d.code === 'cycle')!;
    expect(cycle.message).toContain('approve_invoice → review_invoice → approve_invoice');
    expect(cycle.related).toEqual([{ file: 'src/cycle.ts', line: 9, column: 14 }]);
  });
});
