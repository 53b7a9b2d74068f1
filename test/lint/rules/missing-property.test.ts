import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { missingPropertyRule } from '../../../src/lint/rules/missing-property.js';
import { unknownPropertyRule } from '../../../src/lint/rules/unknown-property.js';
import { runLint } from '../../../src/lint/run-lint.js';
import { fixtureDir, lintFixture, places } from './lint-fixture.js';
import { scan } from '../../helpers/scan.js';

const ID = 'missing-property';
const rules = [missingPropertyRule];

describe(ID, () => {
  it('passes every kind with what its factory requires, run as a method, a model from a const, both session forms, and a spread that may hold run', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['lookup_refund', 'note_refund', 'refund_agent', 'refund_chat', 'refund_decision', 'refund_desk', 'refund_flow']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['dynamic-property']); // the spread, reported by its own rule
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a tool and a flow without run, a reasoner and an agent without model, and a session with turn but no init', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/refunds.ts:4:14`, // lookup_refund: execute, no run
      `${ID} src/refunds.ts:12:14`, // refund_flow: no run
      `${ID} src/refunds.ts:19:14`, // refund_decision: no model
      `${ID} src/refunds.ts:25:14`, // refund_agent: no model
      `${ID} src/refunds.ts:34:14`, // refund_desk: turn, no init
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(5).fill('error'));
    const [tool, flow] = result.findings;
    expect(tool!.message).toBe("tool lookup_refund has no run, which ca's tool() requires: loading src/refunds.ts fails at run time");
    // The field written under another framework's name is named in the hint.
    expect(tool!.hint).toBe("Rename `execute` to `run`: run: async (input, ctx) => …; ca's tool() does not read `execute`.");
    expect(flow!.hint).toBe('Add run: async (ctx, input) => … (a flow gets ctx first).');
  });

  it('says nothing about nodes of other frameworks, whose fields are their own', async () => {
    // The invalid fixtures' nodes, as if an OpenAI Agents JS adapter had found them: `execute`,
    // `handoffs` and `tools` are that framework's fields there.
    const caNodes = [
      ...(await scan(fixtureDir(ID, 'invalid'))).scan.nodes,
      ...(await scan(fixtureDir('unknown-property', 'invalid'))).scan.nodes,
    ];
    const openaiNodes = caNodes.map((node) => ({ ...node, framework: 'openai' as const }));
    expect(openaiNodes.flatMap((node) => node.properties)).toEqual(expect.arrayContaining(['execute', 'handoffs', 'tools', 'parameters']));
    const lint = (nodes: typeof caNodes) =>
      runLint({ nodes, graph: buildGraph(nodes), diagnostics: [], directives: {}, severities: {}, rules: [missingPropertyRule, unknownPropertyRule] }).findings;
    // The same nodes written with ca's SDK: 5 missing, 8 unknown (the fixture's 7, and lookup_refund's execute).
    expect(lint(caNodes).length).toBe(13);
    expect(lint(openaiNodes)).toEqual([]);
  });
});
