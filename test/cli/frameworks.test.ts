import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { editFile, git, repoWithFixture } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, tempDir } from '../helpers/temp-project.js';

/**
 * fixtures/mixed-desk: OpenAI Agents JS, Mastra, the AI SDK, LangGraph.js and ca's SDK in one
 * project with no ca.yaml and a tsconfig whose `extends` is missing. Every file writes
 * $CA_SIDE_EFFECT_MARKER when imported: no static verb may import one.
 */
const FIXTURE = path.join(FIXTURES, 'mixed-desk');

interface ListedNode {
  name: string;
  kind: string;
  framework?: string;
  displayName?: string;
  file: string;
  line: number;
  uses: string[];
  handoffs?: string[];
}

let marker = '';
const env = () => ({ CA_SIDE_EFFECT_MARKER: marker });
const cli = async (args: string[], project = FIXTURE) => {
  const result = await runCli([...args, '-p', project], { env: env() });
  expect(existsSync(marker), `ca ${args.join(' ')} imported project code`).toBe(false);
  return result;
};
const names = (stdout: string) => stdout.split('\n').filter(Boolean).sort();

beforeAll(() => {
  marker = path.join(tempDir(), 'imported.txt');
});

describe('other frameworks, statically', () => {
  it('ls lists every agent, tool, workflow and graph of every framework with file:line, and warns once about the tsconfig', async () => {
    const result = await cli(['ls', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const nodes = (JSON.parse(result.stdout) as { nodes: ListedNode[] }).nodes;
    const rows = nodes.map((n) => `${n.name} ${n.kind} ${n.framework ?? 'ca'} ${n.file}:${n.line}${n.displayName ? ` "${n.displayName}"` : ''}`);
    expect(rows).toEqual([
      'answerFromDocs agent ai-sdk src/research/ai-research.ts:14',
      'billing-agent agent mastra src/billing/mastra-billing.ts:17 "Billing Agent"',
      'escalate flow ca src/ops/ca-ops.ts:13',
      'faq_agent agent openai src/support/openai-desk.ts:21 "FAQ Agent"',
      'faq_lookup_tool tool openai src/support/openai-desk.ts:7',
      'fetch-invoice tool mastra src/billing/mastra-billing.ts:25',
      'get-invoice tool mastra src/billing/mastra-billing.ts:10',
      'invoice-workflow flow mastra src/billing/mastra-billing.ts:39',
      'lookup_policy tool langgraph src/research/langgraph-graph.ts:10',
      'page_oncall tool ca src/ops/ca-ops.ts:6',
      'policyGraph flow langgraph src/research/langgraph-graph.ts:23',
      'searchDocs tool ai-sdk src/research/ai-research.ts:8',
      'seat_booking_agent agent openai src/support/openai-desk.ts:29 "Seat Booking Agent"',
      'summarize-invoice tool mastra src/billing/mastra-billing.ts:32',
      'triage_agent agent openai src/support/openai-desk.ts:36 "Triage Agent"',
      'update_seat tool openai src/support/openai-desk.ts:14',
    ]);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('tsconfig-invalid'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("File '../../tsconfig.examples.json' not found");
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);

    const table = await cli(['ls']);
    expect(table.stdout).toMatch(/^name\s+kind\s+framework\s+tags\s+location$/m);
    expect(table.stdout).toMatch(/^faq_agent \(FAQ Agent\)\s+agent\s+openai\s+-\s+src\/support\/openai-desk\.ts:21$/m);
    expect(table.stdout).toMatch(/^escalate\s+flow\s+ca\s+/m);
  });

  it('graph draws uses and handoff edges distinctly in DOT, Mermaid and JSON; a handoff loop is no cycle', async () => {
    const json = await cli(['graph', '--format', 'json', '-s', '+triage_agent']);
    const edges = (JSON.parse(json.stdout) as { edges: { from: string; to: string; kind: string }[] }).edges.map((e) => `${e.from} -${e.kind}-> ${e.to}`);
    expect(edges).toEqual([
      'faq_agent -uses-> triage_agent',
      'faq_lookup_tool -uses-> faq_agent',
      'seat_booking_agent -handoff-> triage_agent',
      'triage_agent -handoff-> faq_agent',
      'triage_agent -handoff-> seat_booking_agent',
      'update_seat -uses-> seat_booking_agent',
    ]);
    const dot = await cli(['graph', '-s', '+triage_agent']);
    expect(dot.stdout).toContain('"triage_agent" -> "faq_agent" [style=dashed, color="#a21caf", label="handoff"];');
    expect(dot.stdout).toContain('"faq_lookup_tool" -> "faq_agent";');
    expect(dot.stdout).toContain('label="FAQ Agent\\nopenai agent"');
    const mermaid = await cli(['graph', '--format', 'mermaid', '-s', '+triage_agent']);
    expect(mermaid.stdout).toMatch(/ -\.->\|handoff\| /);
    // The page carries each edge's kind and draws handoffs dashed.
    const page = await cli(['graph', '--format', 'html', '-s', '+triage_agent']);
    expect(page.stdout.match(/"kind":"handoff"/g)).toHaveLength(3);
    expect(page.stdout).toContain('.edge.handoff { stroke: #a21caf; stroke-dasharray: 5 4; }');

    const lint = await cli(['lint', '--format', 'json']);
    expect(lint.stderr).not.toMatch(/internal error/);
    const findings = (JSON.parse(lint.stdout) as { findings: { ruleId: string; node?: string; severity: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'cycle')).toEqual([]);
    // ca's runtime rules (effects, budgets, provider prefixes) leave other frameworks' nodes alone.
    expect(findings.filter((f) => ['missing-effect', 'agent-without-budget', 'unknown-model-provider'].includes(f.ruleId)).map((f) => f.node)).toEqual([]);
    expect(lint.exitCode).toBe(0);
  });

  it('selectors follow tools given as arrays, object literals, workflow chains and handoffs, and select by framework', async () => {
    expect(names((await cli(['ls', '-s', '+triage_agent', '--output', 'names'])).stdout)).toEqual([
      'faq_agent',
      'faq_lookup_tool',
      'seat_booking_agent',
      'triage_agent',
      'update_seat',
    ]);
    expect(names((await cli(['ls', '-s', 'get-invoice+', '--output', 'names'])).stdout)).toEqual(['billing-agent', 'get-invoice']);
    expect(names((await cli(['ls', '-s', '+invoice-workflow', '--output', 'names'])).stdout)).toEqual(['fetch-invoice', 'invoice-workflow', 'summarize-invoice']);
    expect(names((await cli(['ls', '-s', '+policyGraph', '+answerFromDocs', '--output', 'names'])).stdout)).toEqual([
      'answerFromDocs',
      'lookup_policy',
      'policyGraph',
      'searchDocs',
    ]);
    expect(names((await cli(['ls', '-s', 'framework:ca', '--output', 'names'])).stdout)).toEqual(['escalate', 'page_oncall']);
    const bad = await cli(['ls', '-s', 'framework:oai']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("unknown framework 'oai'");
  });

  it("editing one agent's instructions makes exactly that agent state:modified; deploy and status track foreign nodes", async () => {
    const { repo } = await repoWithFixture('mixed-desk');
    writeFileSync(path.join(repo, 'ca.yaml'), 'envs:\n  prod: { target: { type: dir, path: .ca/releases/prod } }\n');
    await git(repo, 'add', 'ca.yaml');
    await git(repo, 'commit', '--quiet', '-m', 'ca.yaml');
    const deploy = await cli(['deploy', '--env', 'prod', '--no-lint'], repo);
    expect(deploy.exitCode, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/^✔ triage_agent v1 → /m);
    expect((await cli(['status', '--env', 'prod'], repo)).exitCode).toBe(0);

    editFile(repo, 'src/support/openai-desk.ts', (text) => text.replace('Answer with the FAQ lookup tool;', 'Answer only with the FAQ lookup tool;'));
    expect(names((await cli(['ls', '-s', 'state:modified', '--state', 'git:HEAD', '--output', 'names'], repo)).stdout)).toEqual(['faq_agent']);
    expect(names((await cli(['ls', '-s', 'state:modified.body', '--state', 'git:HEAD', '--output', 'names'], repo)).stdout)).toEqual(['faq_agent']);
    // The handoff loop carries the change to the agents that hand off to it.
    expect(names((await cli(['ls', '-s', 'state:modified+', '--state', 'git:HEAD', '--output', 'names'], repo)).stdout)).toEqual([
      'faq_agent',
      'seat_booking_agent',
      'triage_agent',
    ]);
    const status = await cli(['status', '--env', 'prod'], repo);
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toMatch(/^faq_agent\s+agent\s+drifted\s+body\s/m);
    expect(status.stdout).toMatch(/^triage_agent\s+agent\s+drifted\s+upstream:faq_agent\s/m);
  });

  it('ca run on another framework says in one line what runs it; the static verbs all work', async () => {
    const result = await cli(['run', 'triage_agent', '--input', '"hi"']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("triage_agent is an agent of OpenAI Agents JS: ca run runs only definitions written with ca's SDK; run it with the OpenAI Agents SDK");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
