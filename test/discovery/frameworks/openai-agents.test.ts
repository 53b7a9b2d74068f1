import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostic.js';
import { scan } from '../../helpers/scan.js';
import { projectWithFiles } from '../../helpers/temp-project.js';

function project(files: Record<string, string>): string {
  return projectWithFiles(files, 'ca-openai-');
}

const at = (d: Diagnostic) => `${d.code} ${d.file}:${d.line}`;

const DESK = {
  'src/tools.ts': `import { tool } from '@openai/agents';
import { z } from 'zod';
export const faqLookup = tool({
  name: 'faq_lookup_tool',
  description: 'Look up FAQs',
  parameters: z.object({ question: z.string() }),
  execute: async ({ question }) => answer(question),
});
// No name: the SDK names it after execute; ca after the binding.
export const updateSeat = tool({
  description: 'Move a passenger',
  parameters: z.object({ seat: z.string() }),
  async execute({ seat }) { return seat; },
});
function answer(question: string) { return question.toUpperCase(); }
`,
  'src/agents.ts': `import { Agent as OpenAIAgent, handoff, webSearchTool } from '@openai/agents';
import * as agents from '@openai/agents';
import { faqLookup, updateSeat } from './tools.js';

const MODEL = 'gpt-4.1-mini';

export const faqAgent = new OpenAIAgent({
  name: 'FAQ Agent',
  handoffDescription: 'Answers FAQs',
  instructions: 'Answer FAQs.',
  tools: [faqLookup, webSearchTool()],
  model: MODEL,
});

export const seatAgent = agents.Agent.create({
  name: 'Seat Booking Agent',
  handoffDescription: 'Changes seats',
  instructions: (ctx) => 'Book seats for ' + ctx.context.name,
  tools: [updateSeat],
});

export const triageAgent = new OpenAIAgent({
  name: 'Triage Agent',
  instructions: 'Route.',
  handoffs: [faqAgent, handoff(seatAgent, { toolNameOverride: 'to_seats' })],
  tools: [faqAgent.asTool({ toolName: 'ask_faq', toolDescription: 'Ask the FAQ agent' })],
});
`,
  // Handoffs assigned after construction, from another file.
  'src/wiring.ts': `import { faqAgent, seatAgent, triageAgent } from './agents.js';
faqAgent.handoffs = [triageAgent];
seatAgent.handoffs.push(triageAgent);
`,
};

describe('OpenAI Agents JS discovery', () => {
  it('reads agents (new Agent, Agent.create, aliased and namespace imports), tools, handoffs and asTool', async () => {
    const { byName, scan: result } = await scan(project(DESK));
    expect([...byName.keys()].sort()).toEqual(['faq_agent', 'faq_lookup_tool', 'seat_booking_agent', 'triage_agent', 'updateSeat']);
    expect(result.diagnostics).toEqual([]);
    const faq = byName.get('faq_agent')!;
    expect(faq).toMatchObject({
      kind: 'agent',
      framework: 'openai',
      frameworkKind: 'new Agent',
      displayName: 'FAQ Agent',
      description: 'Answers FAQs',
      file: 'src/agents.ts',
      line: 7,
      exportName: 'faqAgent',
      uses: ['faq_lookup_tool'],
      handoffs: ['triage_agent'],
      config: { model: 'gpt-4.1-mini' },
    });
    expect(byName.get('seat_booking_agent')).toMatchObject({ frameworkKind: 'Agent.create', uses: ['updateSeat'], handoffs: ['triage_agent'] });
    expect(byName.get('triage_agent')).toMatchObject({ uses: ['faq_agent'], handoffs: ['faq_agent', 'seat_booking_agent'] });
    expect(byName.get('updateSeat')).toMatchObject({ kind: 'tool', frameworkKind: 'tool', description: 'Move a passenger' });
    // The tool's helper is its code; the hosted tool is part of the agent's config, not an edge.
    expect(byName.get('faq_lookup_tool')!.helpers).toEqual(['src/tools.ts#answer']);
  });

  it("editing one agent's instructions changes that agent's body only; a tool's helper changes that tool's code", async () => {
    const root = project(DESK);
    const before = (await scan(root)).byName;
    const agentsFile = path.join(root, 'src/agents.ts');
    writeFileSync(agentsFile, DESK['src/agents.ts'].replace("instructions: 'Answer FAQs.'", "instructions: 'Answer FAQs politely.'"));
    writeFileSync(path.join(root, 'src/tools.ts'), DESK['src/tools.ts'].replace('toUpperCase', 'toLowerCase'));
    const after = (await scan(root)).byName;
    const changed = (part: 'body' | 'config' | 'code') =>
      [...after.keys()].filter((name) => after.get(name)!.fingerprints[part] !== before.get(name)!.fingerprints[part]).sort();
    expect(changed('body')).toEqual(['faq_agent']);
    expect(changed('config')).toEqual([]);
    expect(changed('code')).toEqual(['faq_lookup_tool']);
  });

  it('a handoff loop is no cycle; what cannot be read is a warning with its place, never a throw', async () => {
    const root = project({
      ...DESK,
      'src/dynamic.ts': `import { Agent, tool } from '@openai/agents';
const names = ['a', 'b'];
export const many = names.map((name) => new Agent({ name, instructions: 'x' }));
export const computed = new Agent({ name: prefix() + 'agent', instructions: 'x' });
export const spread = new Agent({ name: 'spread', instructions: 'x', tools: [...makeTools()] });
export async function main() {
  const helper = tool({ name: 'inner_tool', description: 'made in main', parameters: {}, execute: async () => 1 });
  const inner = new Agent({ name: 'Inner Agent', instructions: 'x', tools: [helper] });
  return inner;
}
function prefix() { return 'p_'; }
function makeTools() { return []; }
`,
    });
    const { byName, scan: result } = await scan(root);
    expect(result.diagnostics.filter((d) => d.code === 'cycle')).toEqual([]);
    expect(result.diagnostics.map(at).sort()).toEqual(['dynamic-definition src/dynamic.ts:3', 'dynamic-definition src/dynamic.ts:4', 'dynamic-property src/dynamic.ts:5']);
    expect(result.diagnostics.every((d) => d.severity === 'warn')).toBe(true);
    // Made in a function with literal names: read, with the edge between them.
    expect(byName.get('inner_agent')).toMatchObject({ exportName: 'main.inner', uses: ['inner_tool'] });
    expect(byName.get('spread')!.uses).toEqual([]);
  });
});
