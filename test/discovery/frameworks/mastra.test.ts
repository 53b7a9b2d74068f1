import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostic.js';
import type { Fingerprints } from '../../../src/core/node.js';
import { scan } from '../../helpers/scan.js';
import { tempDir } from '../../helpers/temp-project.js';

/** A Mastra project in a temporary folder: package.json plus the given files. */
function project(files: Record<string, string>): string {
  const root = tempDir('ca-mastra-');
  const all = { 'package.json': JSON.stringify({ name: 'weather', type: 'module', dependencies: { '@mastra/core': '^1.0.0' } }), ...files };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const at = (d: Diagnostic) => `${d.code} ${d.file}:${d.line}`;

// The shape of `create-mastra`'s weather example (src/mastra/{tools,agents,workflows}, index.ts).
const WEATHER = {
  'src/mastra/tools/weather-tool.ts': `import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const weatherTool = createTool({
  id: 'get-weather',
  description: 'Get current weather for a location',
  inputSchema: z.object({ location: z.string() }),
  outputSchema: z.object({ temperature: z.number() }),
  execute: async (inputData) => getWeather(inputData.location),
});

const getWeather = async (location: string) => ({ temperature: location.length });
`,
  'src/mastra/agents/weather-agent.ts': `import { Agent } from '@mastra/core/agent';
import { Memory } from '@mastra/memory';
import { weatherTool } from '../tools/weather-tool';

export const weatherAgent = new Agent({
  id: 'weather-agent',
  name: 'Weather Agent',
  instructions: 'You are a helpful weather assistant. Use the weatherTool to fetch current weather data.',
  model: 'openai/gpt-4o',
  tools: { weatherTool },
  memory: new Memory(),
});
`,
  'src/mastra/workflows/weather-workflow.ts': `import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const forecastSchema = z.object({ location: z.string() });

const fetchWeather = createStep({
  id: 'fetch-weather',
  description: 'Fetches weather forecast for a given city',
  inputSchema: z.object({ city: z.string() }),
  outputSchema: forecastSchema,
  execute: async ({ inputData }) => ({ location: inputData.city }),
});

const planActivities = createStep({
  id: 'plan-activities',
  description: 'Suggests activities based on weather conditions',
  inputSchema: forecastSchema,
  outputSchema: z.object({ activities: z.string() }),
  execute: async ({ inputData, mastra }) => {
    const agent = mastra?.getAgent('weatherAgent');
    const response = await agent!.generate(inputData.location);
    return { activities: response.text };
  },
});

const weatherWorkflow = createWorkflow({
  id: 'weather-workflow',
  inputSchema: z.object({ city: z.string() }),
  outputSchema: z.object({ activities: z.string() }),
})
  .then(fetchWeather)
  .then(planActivities);

weatherWorkflow.commit();

export { weatherWorkflow };
`,
  'src/mastra/index.ts': `import { Mastra } from '@mastra/core/mastra';
import { weatherWorkflow } from './workflows/weather-workflow';
import { weatherAgent } from './agents/weather-agent';

export const mastra = new Mastra({
  workflows: { weatherWorkflow },
  agents: { weatherAgent },
});
`,
};

type Prints = Map<string, Fingerprints>;
async function fingerprints(root: string): Promise<Prints> {
  const { byName } = await scan(root);
  return new Map([...byName].map(([name, node]) => [name, node.fingerprints]));
}
function edit(root: string, file: string, from: string, to: string): void {
  const full = path.join(root, file);
  const before = readFileSync(full, 'utf8');
  expect(before, `${file} holds ${from}`).toContain(from);
  writeFileSync(full, before.replace(from, to));
}
function changes(before: Prints, after: Prints): Record<string, string[]> {
  const moved: Record<string, string[]> = {};
  for (const [name, old] of before) {
    const keys = (Object.keys(old) as (keyof Fingerprints)[]).filter((key) => old[key] !== after.get(name)![key]);
    if (keys.length) moved[name] = keys;
  }
  return moved;
}

describe('Mastra discovery', () => {
  it('reads the weather example: every agent, tool, step and workflow with its place, edges and framework term', async () => {
    const { scan: result, byName } = await scan(project(WEATHER));
    expect(result.diagnostics.map(at)).toEqual([]);
    const summary = [...byName.values()].map((n) => [n.name, n.kind, `${n.file}:${n.line}`, n.frameworkKind, n.uses]);
    expect(summary).toEqual([
      ['fetch-weather', 'tool', 'src/mastra/workflows/weather-workflow.ts:6', 'createStep', []],
      ['get-weather', 'tool', 'src/mastra/tools/weather-tool.ts:4', 'createTool', []],
      ['plan-activities', 'tool', 'src/mastra/workflows/weather-workflow.ts:14', 'createStep', []],
      ['weather-agent', 'agent', 'src/mastra/agents/weather-agent.ts:5', 'new Agent', ['get-weather']],
      ['weather-workflow', 'flow', 'src/mastra/workflows/weather-workflow.ts:26', 'createWorkflow', ['fetch-weather', 'plan-activities']],
    ]);
    const agent = byName.get('weather-agent')!;
    expect(agent.framework).toBe('mastra');
    expect(agent.displayName).toBe('Weather Agent');
    expect(agent.config).toEqual({ model: 'openai/gpt-4o' });
    expect(agent.prompts.instructions).toContain('helpful weather assistant');
    expect(byName.get('get-weather')!.description).toBe('Get current weather for a location');
    expect(byName.get('get-weather')!.helpers).toEqual(['src/mastra/tools/weather-tool.ts#getWeather']);
  });

  it('reads agent ids and edges as Mastra writes them: name-only agents slugged, tools by key, arrays, constants, workflows and sub-agents', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/tools.ts': `import { createTool } from '@mastra/core/tools';
export const lookupOrder = createTool({ id: 'lookup-order', description: 'Find an order', execute: async () => ({}) });
export const refundOrder = createTool({ id: 'refund-order', description: 'Refund an order', execute: async () => ({}) });
export const orderTools = { lookupOrder, refundOrder };
`,
        'src/agents.ts': `import { Agent } from '@mastra/core/agent';
import { openai } from '@ai-sdk/openai';
import { lookupOrder, refundOrder, orderTools } from './tools';
import { refundWorkflow } from './workflow';

export const billingAgent = new Agent({
  name: 'Billing Agent',
  description: 'Answers billing questions',
  instructions: ['Be brief.', 'Quote the order id.'],
  model: openai('gpt-4o'),
  tools: { lookup: lookupOrder, refund: refundOrder },
});

export const ordersAgent = new Agent({
  id: 'orders',
  name: 'orders',
  instructions: async ({ requestContext }) => 'Help with orders for ' + requestContext.get('user'),
  model: 'openai/gpt-4.1-mini',
  tools: orderTools,
  workflows: { refundWorkflow },
});

export const supervisor = new Agent({
  id: 'supervisor',
  name: 'Support Supervisor',
  instructions: 'Route the customer to the right agent.',
  model: openai('gpt-4o-mini'),
  agents: { billingAgent, ordersAgent },
  tools: [lookupOrder],
});
`,
        'src/workflow.ts': `import { createWorkflow } from '@mastra/core/workflows';
import { refundOrder } from './tools';
export const refundWorkflow = createWorkflow({ id: 'refund-workflow' }).then(refundOrder).commit();
`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    const billing = byName.get('billing_agent')!;
    expect([billing.displayName, billing.description, billing.config.model, billing.uses]).toEqual([
      'Billing Agent',
      'Answers billing questions',
      'openai:gpt-4o',
      ['lookup-order', 'refund-order'],
    ]);
    const orders = byName.get('orders')!;
    expect(orders.displayName).toBeUndefined();
    expect(orders.config.model).toBe('openai/gpt-4.1-mini');
    expect(orders.uses.sort()).toEqual(['lookup-order', 'refund-order', 'refund-workflow']);
    const supervisor = byName.get('supervisor')!;
    expect([supervisor.displayName, supervisor.uses.sort()]).toEqual(['Support Supervisor', ['billing_agent', 'lookup-order', 'orders']]);
    expect(byName.get('refund-workflow')!.uses).toEqual(['refund-order']);
  });

  it('reads every step of a workflow chain: parallel, branch, loops, foreach, inline steps, nested workflows and steps: […]', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/steps.ts': `import { createStep } from '@mastra/core/workflows';
export const checkStock = createStep({ id: 'check-stock', execute: async () => ({}) });
export const checkCredit = createStep({ id: 'check-credit', execute: async () => ({}) });
export const approve = createStep({ id: 'approve', execute: async () => ({}) });
export const reject = createStep({ id: 'reject', execute: async () => ({}) });
export const retry = createStep({ id: 'retry', execute: async () => ({}) });
export const poll = createStep({ id: 'poll', execute: async () => ({}) });
export const ship = createStep({ id: 'ship', execute: async () => ({}) });
export const notify = createStep({ id: 'notify', execute: async () => ({}) });
export const checks = [checkStock, checkCredit];
`,
        'src/order-workflow.ts': `import { createWorkflow, createStep } from '@mastra/core/workflows';
import { z } from 'zod';
import { checks, approve, reject, retry, poll, ship, notify } from './steps';
import { auditWorkflow } from './audit';

export const orderWorkflow = createWorkflow({
  id: 'order-workflow',
  description: 'Takes an order to shipping',
  inputSchema: z.object({ order: z.string() }),
  steps: [approve, reject],
})
  .parallel(checks)
  .branch([
    [async ({ inputData }) => inputData.ok, approve],
    [async ({ inputData }) => !inputData.ok, reject],
  ])
  .dowhile(retry, async ({ inputData }) => inputData.again)
  .dountil(poll, async ({ inputData }) => inputData.done)
  .map(async ({ inputData }) => ({ items: inputData.items }))
  .foreach(ship, { concurrency: 2 })
  .sleep(1000)
  .then(createStep({ id: 'summarize', execute: async () => ({ ok: true }) }))
  .then(auditWorkflow)
  .waitForEvent('delivered', notify)
  .commit();
`,
        'src/audit.ts': `import { createWorkflow, createStep } from '@mastra/core/workflows';
export const auditWorkflow = createWorkflow({ id: 'audit' })
  .parallel([createStep({ id: 'log-order', execute: async () => ({}) }), createStep({ id: 'log-payment', execute: async () => ({}) })])
  .commit();
`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    const order = byName.get('order-workflow')!;
    expect([order.kind, order.description, order.frameworkKind]).toEqual(['flow', 'Takes an order to shipping', 'createWorkflow']);
    expect(order.uses.sort()).toEqual(['approve', 'audit', 'check-credit', 'check-stock', 'notify', 'poll', 'reject', 'retry', 'ship', 'summarize']);
    expect(byName.get('audit')!.uses.sort()).toEqual(['log-order', 'log-payment']);
    // Steps written in the chain are nodes of their own, at their own line.
    expect(['summarize', 'log-order', 'log-payment'].map((name) => `${byName.get(name)!.file}:${byName.get(name)!.line}`)).toEqual([
      'src/order-workflow.ts:22',
      'src/audit.ts:3',
      'src/audit.ts:3',
    ]);
  });

  it('reads chains written as later statements, in the same file (wf.then(a).commit(), const c = wf.then(b)) and on an imported workflow', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/steps.ts': `import { createStep } from '@mastra/core/workflows';
export const plan = createStep({ id: 'plan', execute: async () => ({}) });
export const collect = createStep({ id: 'collect', execute: async () => ({}) });
export const format = createStep({ id: 'format', execute: async () => ({}) });
export const publish = createStep({ id: 'publish', execute: async () => ({}) });
`,
        'src/report.ts': `import { createWorkflow, createStep } from '@mastra/core/workflows';
import { plan, collect, format } from './steps';

export const reportWorkflow = createWorkflow({ id: 'report' });

reportWorkflow.then(plan).then(createStep({ id: 'draft', execute: async () => ({}) }));

export const committed = reportWorkflow.then(collect).then(format).commit();
`,
        'src/extend.ts': `import { createStep } from '@mastra/core/workflows';
import { reportWorkflow } from './report';
import { publish } from './steps';

reportWorkflow.then(publish).then(createStep({ id: 'archive', execute: async () => ({}) })).commit();
`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    expect(byName.get('report')!.uses.sort()).toEqual(['archive', 'collect', 'draft', 'format', 'plan', 'publish']);
    expect(byName.get('archive')!.file).toBe('src/extend.ts');
  });

  it('createStep(agent) and createStep(tool) are no nodes of their own: a workflow running them uses the agent or tool', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/agents.ts': `import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
export const writer = new Agent({ id: 'writer', name: 'Writer', instructions: 'Write.', model: 'openai/gpt-4o' });
export const spellcheck = createTool({ id: 'spellcheck', description: 'Check spelling', execute: async () => ({}) });
`,
        'src/flow.ts': `import { Agent } from '@mastra/core/agent';
import { createStep, createWorkflow } from '@mastra/core/workflows';
import { writer, spellcheck } from './agents';

const writeStep = createStep(writer);
const editorStep = createStep(new Agent({ id: 'editor', name: 'Editor', instructions: 'Edit.', model: 'openai/gpt-4o' }));

export const article = createWorkflow({ id: 'article', steps: [createStep(spellcheck)] })
  .then(writeStep)
  .then(editorStep)
  .then(createStep(spellcheck))
  .then(createStep(new Agent({ id: 'publisher', name: 'Publisher', instructions: 'Publish.', model: 'openai/gpt-4o' })))
  .commit();
`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    expect([...byName.keys()].sort()).toEqual(['article', 'editor', 'publisher', 'spellcheck', 'writer']);
    expect(byName.get('article')!.uses.sort()).toEqual(['editor', 'publisher', 'spellcheck', 'writer']);
    expect([byName.get('editor')!.kind, byName.get('editor')!.frameworkKind, byName.get('editor')!.line]).toEqual(['agent', 'new Agent', 6]);
  });

  it('a step or tool that runs an agent or tool of the module by name uses it; mastra.getAgent(key) is a lookup ca does not follow', async () => {
    const { byName } = await scan(
      project({
        'src/index.ts': `import { Agent } from '@mastra/core/agent';
import { createStep } from '@mastra/core/workflows';
import { createTool } from '@mastra/core/tools';
export const summarizer = new Agent({ id: 'summarizer', name: 'Summarizer', instructions: 'Summarize.', model: 'openai/gpt-4o' });
export const summarize = createStep({ id: 'summarize', execute: async ({ inputData }) => (await summarizer.generate(inputData.text)).text });
export const digest = createTool({ id: 'digest', description: 'Digest', execute: async (input) => summarizer.stream(input.text) });
export const lookup = createStep({ id: 'lookup', execute: async ({ mastra }) => mastra.getAgent('summarizer').generate('x') });
export const seed = createStep({
  id: 'seed',
  async execute({ inputData, requestContext }) {
    if (!digest.execute) throw new Error('no digest');
    return digest.execute({ text: inputData.text }, { requestContext });
  },
});
`,
      }),
    );
    expect(byName.get('summarize')!.uses).toEqual(['summarizer']);
    expect(byName.get('digest')!.uses).toEqual(['summarizer']);
    expect(byName.get('seed')!.uses).toEqual(['digest']);
    expect(byName.get('lookup')!.uses).toEqual([]);
  });

  it('reads Mastra 0.x: new Workflow({ name }), new Step({ id }), workflow.step(a).then(b).after(a).step(c).commit(), new AgentNetwork', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/legacy.ts': `import { Step, Workflow } from '@mastra/core/workflows';
import { z } from 'zod';
const stepOne = new Step({ id: 'stepOne', execute: async ({ context }) => ({ doubled: context.triggerData.value * 2 }) });
const stepTwo = new Step({ id: 'stepTwo', execute: async () => ({}) });
const stepThree = new Step({ id: 'stepThree', execute: async () => ({}) });
export const myWorkflow = new Workflow({ name: 'my-workflow', triggerSchema: z.object({ value: z.number() }) });
myWorkflow.step(stepOne).then(stepTwo).after(stepOne).step(stepThree, { when: { 'stepOne.status': 'success' } }).commit();
`,
        'src/network.ts': `import { Agent } from '@mastra/core/agent';
import { AgentNetwork } from '@mastra/core/network';
export const researcher = new Agent({ name: 'researcher', instructions: 'Research.', model: 'openai/gpt-4o' });
export const network = new AgentNetwork({ name: 'Research Network', instructions: 'Coordinate.', model: 'openai/gpt-4o', agents: [researcher] });
`,
      }),
    );
    expect(byName.get('research_network')!.uses).toEqual(['researcher']);
    expect(result.diagnostics.map(at)).toEqual([]);
    const workflow = byName.get('my-workflow')!;
    expect([workflow.kind, workflow.frameworkKind, workflow.uses.sort()]).toEqual(['flow', 'new Workflow', ['stepOne', 'stepThree', 'stepTwo']]);
    expect(byName.get('stepOne')!.frameworkKind).toBe('new Step');
  });

  it('the Mastra registry is no node; definitions written inline in it are read', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/index.ts': `import { Mastra } from '@mastra/core';
import { Agent } from '@mastra/core/agent';
export const mastra = new Mastra({
  agents: { greeter: new Agent({ id: 'greeter', name: 'Greeter', instructions: 'Say hello.', model: 'openai/gpt-4o' }) },
  workflows: {},
  storage: undefined,
});
export const empty = new Mastra();
`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    expect([...byName.keys()]).toEqual(['greeter']);
    expect(byName.get('greeter')!.line).toBe(4);
  });

  it('follows aliased and namespace imports of every Mastra subpath', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/index.ts': `import { Agent as MastraAgent } from '@mastra/core/agent';
import * as tools from '@mastra/core/tools';
import * as wf from '@mastra/core/workflows';
export const ping = tools.createTool({ id: 'ping', description: 'Ping', execute: async () => ({}) });
export const pinger = new MastraAgent({ id: 'pinger', name: 'Pinger', instructions: 'Ping.', model: 'openai/gpt-4o', tools: { ping } });
export const pingFlow = wf.createWorkflow({ id: 'ping-flow' }).then(wf.createStep(ping)).commit();
`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    expect([...byName.values()].map((n) => [n.name, n.frameworkKind, n.uses])).toEqual([
      ['ping', 'createTool', []],
      ['ping-flow', 'createWorkflow', ['ping']],
      ['pinger', 'new Agent', ['ping']],
    ]);
  });

  it('edits change the fingerprints of the node they touch only', async () => {
    const root = project(WEATHER);
    const agent = 'src/mastra/agents/weather-agent.ts';
    const workflow = 'src/mastra/workflows/weather-workflow.ts';
    const edits: [file: string, from: string, to: string, moved: Record<string, string[]>][] = [
      [agent, 'You are a helpful weather assistant.', 'You are a terse weather assistant.', { 'weather-agent': ['body', 'self'] }],
      [workflow, '({ location: inputData.city })', '({ location: inputData.city.trim() })', { 'fetch-weather': ['body', 'self'] }],
      // The order of the steps is the workflow's behaviour, also in a chain written as a later statement.
      [workflow, '.then(fetchWeather)\n  .then(planActivities)', '.then(planActivities)\n  .then(fetchWeather)', { 'weather-workflow': ['body', 'self'] }],
      [workflow, 'weatherWorkflow.commit();', 'weatherWorkflow.sleep(1000).commit();', { 'weather-workflow': ['body', 'self'] }],
      [agent, "model: 'openai/gpt-4o'", "model: 'openai/gpt-4.1'", { 'weather-agent': ['config', 'self'] }],
    ];
    let before = await fingerprints(root);
    for (const [file, from, to, moved] of edits) {
      edit(root, file, from, to);
      const after = await fingerprints(root);
      expect(changes(before, after), `${from} → ${to}`).toEqual(moved);
      before = after;
    }
  });

  it('what ca cannot read is a warning with its place, never a throw, and everything literal is still read', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/dynamic.ts': `import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
import { createWorkflow } from '@mastra/core/workflows';
import { MCPClient } from '@mastra/mcp';
const prefix = process.env.PREFIX;
const mcp = new MCPClient({ servers: {} });
const base = { model: 'openai/gpt-4o' };

export const search = createTool({ id: 'search', description: 'Search', execute: async () => ({}) });

export const computed = new Agent({ id: \`\${prefix}-agent\`, name: 'Computed Agent', instructions: 'Hi.', model: 'openai/gpt-4o' });

export const nameless = new Agent({ id: prefix + 'x', instructions: 'Hi.', model: 'openai/gpt-4o' });

export const spread = new Agent({ ...base, id: 'spread', name: 'Spread', instructions: 'Hi.', tools: { search, ...(await mcp.getTools()) } });

export const mcpAgent = new Agent({ id: 'mcp-agent', name: 'MCP', instructions: 'Hi.', model: 'openai/gpt-4o', tools: await mcp.listTools() });

export const runtimeTools = new Agent({
  id: 'runtime-tools',
  name: 'Runtime',
  instructions: 'Hi.',
  model: 'openai/gpt-4o',
  tools: ({ requestContext }) => (requestContext.get('admin') ? { search } : {}),
});

export function makeAgent(id: string) {
  return new Agent({ id, name: id, instructions: 'Hi.', model: 'openai/gpt-4o' });
}

for (const id of ['a', 'b']) {
  createTool({ id, description: id, execute: async () => ({}) });
}

export const flow = createWorkflow({ id: 'flow' }).then(search).then(makeStep()).commit();
function makeStep() { return search; }
`,
      }),
    );
    expect(result.diagnostics.map(at).sort()).toEqual(
      [
        'dynamic-property src/dynamic.ts:11', // computed id: the literal name stands in
        'dynamic-definition src/dynamic.ts:13', // computed id, no name
        'dynamic-property src/dynamic.ts:15', // ...base
        'dynamic-property src/dynamic.ts:15', // ...(await mcp.getTools())
        'dynamic-property src/dynamic.ts:17', // tools: await mcp.listTools()
        'dynamic-definition src/dynamic.ts:28', // built in a function
        'dynamic-definition src/dynamic.ts:32', // built in a loop
        'dynamic-property src/dynamic.ts:35', // .then(makeStep())
      ].sort(),
    );
    expect([...byName.keys()].sort()).toEqual(['computed_agent', 'flow', 'mcp-agent', 'runtime-tools', 'search', 'spread']);
    expect(byName.get('computed_agent')!.displayName).toBe('Computed Agent');
    expect(byName.get('spread')!.uses).toEqual(['search']);
    expect(byName.get('runtime-tools')!.uses).toEqual(['search']);
    expect(byName.get('flow')!.uses).toEqual(['search']);
  });
});
