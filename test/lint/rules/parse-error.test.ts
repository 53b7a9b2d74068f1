import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/app/load-project.js';
import { runLint } from '../../../src/lint/run-lint.js';
import { parseErrorRule } from '../../../src/lint/rules/parse-error.js';
import { fixtureDir, lintFixture, places } from './lint-fixture.js';

const ID = 'parse-error';
const rules = [parseErrorRule];

describe(ID, () => {
  it('passes files that parse, definitions or not', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['fetch_invoice']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports each file that does not parse at its first syntax error, and keeps the files that do', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/invoices.ts:11:1`, // the brace left open on line 9 is found where the object ends
      `${ID} src/refunds.ts:11:99`, // the stray » after the arrow function
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(['error', 'error']);
    expect(result.nodes).toEqual(['lookup_ticket']);
  });

  // Running as root, no file on disk can be made unreadable, so discovery's unreadable-file
  // diagnostic is handed to the engine as discovery would give it: a file, no line.
  it('also reports a file that cannot be read, at its first line', async () => {
    const project = await loadProject({ project: fixtureDir(ID, 'valid'), noCache: true });
    const output = runLint({
      nodes: project.scan.nodes,
      graph: project.graph,
      diagnostics: [{ code: 'unreadable-file', severity: 'error', message: 'cannot read src/refunds.ts: EACCES', file: 'src/refunds.ts' }],
      directives: {},
      severities: {},
      rules,
    });
    expect(places(output.findings)).toEqual([`${ID} src/refunds.ts:1:1`]);
  });
});
