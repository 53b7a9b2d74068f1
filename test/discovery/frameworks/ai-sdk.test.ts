import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostic.js';
import type { CaNode } from '../../../src/core/node.js';
import { fileNodeId } from '../../../src/discovery/frameworks/ai-sdk.js';
import { scan } from '../../helpers/scan.js';
import { projectWithFiles } from '../../helpers/temp-project.js';

/**
 * A project of the given files (relative path → text) in a temporary folder. With no config, ca reads
 * `src/` when there is one, else the whole folder: each project keeps to one of the two.
 */
function project(files: Record<string, string>): string {
  return projectWithFiles(files, 'ca-ai-sdk-');
}

const at = (d: Diagnostic) => `${d.code} ${d.file}:${d.line}`;

/** What a user sees of a node in `ca ls` / `ca show`: kind, term, edges, model, prompts. */
function summary(node: CaNode | undefined) {
  if (!node) return undefined;
  return {
    kind: node.kind,
    framework: node.framework,
    term: node.frameworkKind,
    uses: [...node.uses].sort(),
    ...(node.config.model === undefined ? {} : { model: node.config.model }),
  };
}

const WEATHER_TOOL = `import { tool } from 'ai';
import { z } from 'zod';

export const weatherTool = tool({
  description: 'Get the weather in a location',
  inputSchema: z.object({ location: z.string() }),
  execute: async ({ location }) => ({ location, temperature: 21 }),
});
`;

describe('Vercel AI SDK discovery', () => {
  it('reads tools and agents in the spellings of AI SDK 6 and 5, with tools as uses-edges', async () => {
    const root = project({
      'tool/weather-tool.ts': WEATHER_TOOL,
      'agent/weather-agent.ts': `import { openai } from '@ai-sdk/openai';
import { ToolLoopAgent, stepCountIs } from 'ai';
import { weatherTool } from '../tool/weather-tool';

export const weatherAgent = new ToolLoopAgent({
  model: openai('gpt-4o'),
  instructions: 'Answer questions about the weather.',
  tools: { weather: weatherTool, webSearch: openai.tools.webSearch({ searchContextSize: 'low' }) },
  stopWhen: stepCountIs(5),
});
`,
      'agent/support-agent.ts': `import { anthropic } from '@ai-sdk/anthropic';
import { ToolLoopAgent } from 'ai';
import { weatherTool } from '../tool/weather-tool';

export const support = new ToolLoopAgent({
  id: 'Support Agent',
  model: anthropic('claude-sonnet-4-5'),
  instructions: 'Help the customer.',
  tools: { weather: weatherTool },
});
`,
      // AI SDK 5: Experimental_Agent with name and system, imported under an alias.
      'agent/legacy-agent.ts': `import { Experimental_Agent as Agent, tool } from 'ai';
import { z } from 'zod';

export const legacy = new Agent({
  name: 'legacy_agent',
  model: 'openai/gpt-4o-mini',
  system: 'You are a legacy agent.',
  tools: {
    lookup: tool({ description: 'Look up an order', parameters: z.object({ id: z.string() }), execute: async ({ id }) => id }),
  },
});
`,
      // A namespace import, and a dynamic tool.
      'agent/namespaced.ts': `import * as ai from 'ai';
import { z } from 'zod';

export const refundTool = ai.tool({ description: 'Refund an order', inputSchema: z.object({ id: z.string() }), execute: async () => 'ok' });
export const currentLocation = ai.dynamicTool({ description: 'Where the user is', inputSchema: z.object({}), execute: async () => 'Berlin' });
export const refundAgent = new ai.ToolLoopAgent({ model: 'openai/gpt-4o', tools: { refund: refundTool, currentLocation } });
`,
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at)).toEqual([]);
    expect([...byName.keys()].sort()).toEqual([
      'currentLocation',
      'legacy_agent',
      'legacy_agent.lookup',
      'refundAgent',
      'refundTool',
      'support_agent',
      'weatherAgent',
      'weatherTool',
    ]);
    expect(summary(byName.get('weatherTool'))).toEqual({ kind: 'tool', framework: 'ai-sdk', term: 'tool', uses: [] });
    expect(byName.get('weatherTool')!.description).toBe('Get the weather in a location');
    // The provider's web search is no node: it is kept in the config fingerprint, without a warning.
    expect(summary(byName.get('weatherAgent'))).toEqual({ kind: 'agent', framework: 'ai-sdk', term: 'new ToolLoopAgent', uses: ['weatherTool'], model: 'openai:gpt-4o' });
    expect(byName.get('weatherAgent')!.prompts).toEqual({ instructions: 'Answer questions about the weather.' });
    expect(byName.get('support_agent')).toMatchObject({ displayName: 'Support Agent', uses: ['weatherTool'], config: { model: 'anthropic:claude-sonnet-4-5' } });
    expect(summary(byName.get('legacy_agent'))).toEqual({
      kind: 'agent',
      framework: 'ai-sdk',
      term: 'new Experimental_Agent',
      uses: ['legacy_agent.lookup'],
      model: 'openai/gpt-4o-mini',
    });
    expect(byName.get('legacy_agent')!.prompts).toEqual({ system: 'You are a legacy agent.' });
    expect(byName.get('legacy_agent.lookup')).toMatchObject({ kind: 'tool', description: 'Look up an order' });
    expect(summary(byName.get('refundAgent'))).toMatchObject({ term: 'new ToolLoopAgent', uses: ['currentLocation', 'refundTool'] });
    expect(summary(byName.get('currentLocation'))).toMatchObject({ kind: 'tool', term: 'dynamicTool' });
  });

  it('makes a route handler that calls streamText a node named after its file, with its inline and imported tools', async () => {
    const root = project({
      'tool/weather-tool.ts': WEATHER_TOOL,
      // AI SDK 4 spellings: parameters, maxSteps.
      'app/api/chat/route.ts': `import { openai } from '@ai-sdk/openai';
import { streamText, tool } from 'ai';
import { z } from 'zod';
import { weatherTool } from '@/tool/weather-tool';

export const maxDuration = 30;

export async function POST(req: Request) {
  const { messages } = await req.json();
  const result = streamText({
    model: openai('gpt-4o'),
    system: 'You are a helpful assistant.',
    messages,
    maxSteps: 5,
    tools: {
      weather: weatherTool,
      getLocation: tool({
        description: 'Get the user location.',
        parameters: z.object({}),
        execute: async () => 'Berlin',
      }),
    },
  });
  return result.toDataStreamResponse();
}
`,
      'app/api/completion/route.ts': `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export async function POST(req: Request) {
  const { prompt } = await req.json();
  return streamText({ model: openai('gpt-3.5-turbo-instruct'), prompt }).toTextStreamResponse();
}
`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at)).toEqual([]);
    expect(summary(byName.get('app_api_chat_route'))).toEqual({
      kind: 'agent',
      framework: 'ai-sdk',
      term: 'streamText',
      uses: ['app_api_chat_route.getLocation', 'weatherTool'],
      model: 'openai:gpt-4o',
    });
    expect(byName.get('app_api_chat_route')).toMatchObject({
      exportName: 'POST',
      file: 'app/api/chat/route.ts',
      line: 8,
      config: { maxSteps: 5 },
      prompts: { system: 'You are a helpful assistant.' },
    });
    expect(byName.get('app_api_chat_route.getLocation')).toMatchObject({ kind: 'tool', framework: 'ai-sdk', description: 'Get the user location.', line: 17 });
    // No tools: a reasoner.
    expect(summary(byName.get('app_api_completion_route'))).toEqual({
      kind: 'reasoner',
      framework: 'ai-sdk',
      term: 'streamText',
      uses: [],
      model: 'openai:gpt-3.5-turbo-instruct',
    });
  });

  it('names functions by their name, file-scoped when private, and links a function to the nodes its code reaches', async () => {
    const root = project({
      'src/lib/summarize.ts': `import { generateObject, generateText } from 'ai';
import { z } from 'zod';

const model = 'openai/gpt-4o-mini';

export async function summarize(text: string) {
  const { object } = await generateObject({ model, schema: z.object({ summary: z.string() }), prompt: text });
  return object.summary;
}

async function classify(text: string) {
  return (await generateText({ model: 'openai/gpt-4o', system: 'Classify the text.', prompt: text })).text;
}

export const triage = async (text: string) => {
  const kind = await classify(text);
  const second = await generateText({ model: 'anthropic/claude-haiku-4-5', prompt: kind });
  return [kind, second.text, await summarize(text)];
};
`,
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at)).toEqual([]);
    expect(summary(byName.get('summarize'))).toEqual({ kind: 'reasoner', framework: 'ai-sdk', term: 'generateObject', uses: [], model: 'openai/gpt-4o-mini' });
    expect(byName.get('summarize')!.prompts).toEqual({});
    expect(summary(byName.get('lib_summarize.classify'))).toMatchObject({ kind: 'reasoner', model: 'openai/gpt-4o' });
    expect(byName.get('lib_summarize.classify')!.prompts).toEqual({ system: 'Classify the text.' });
    expect(summary(byName.get('triage'))).toEqual({
      kind: 'reasoner',
      framework: 'ai-sdk',
      term: 'generateText',
      uses: ['lib_summarize.classify', 'summarize'],
      model: 'anthropic/claude-haiku-4-5',
    });
  });

  it('reads scripts: main(), run(async () => …) with tools defined inside, and top-level await', async () => {
    const root = project({
      'src/tools/weather-tool.ts': WEATHER_TOOL,
      // AI SDK 4-6 examples: async function main() { … } main().catch(…)
      'src/generate-text/openai-tool-call.ts': `import { openai } from '@ai-sdk/openai';
import { generateText, tool } from 'ai';
import { z } from 'zod';
import { weatherTool } from '../tools/weather-tool';

async function main() {
  const result = await generateText({
    model: openai('gpt-3.5-turbo'),
    maxOutputTokens: 512,
    tools: {
      weather: weatherTool,
      cityAttractions: tool({ inputSchema: z.object({ city: z.string() }) }),
    },
    prompt: 'What is the weather in San Francisco and what attractions should I visit?',
  });
  console.log(result.text);
}

main().catch(console.error);
`,
      // The current examples: run(async () => { … }), tools built inside it.
      'src/generate-text/anthropic/image-tool.ts': `import { anthropic } from '@ai-sdk/anthropic';
import { generateText, stepCountIs, tool } from 'ai';
import { z } from 'zod';
import { run } from '../../lib/run';

run(async () => {
  const readImage = tool({
    description: 'Read and return an image',
    inputSchema: z.object({}),
    execute: async () => ({ imageUrl: 'https://example.com/cat.png' }),
  });
  const result = await generateText({
    model: anthropic('claude-sonnet-4-0'),
    prompt: 'Describe the image.',
    tools: { readImage },
    stopWhen: stepCountIs(4),
  });
  console.log(result.text);
});
`,
      'src/lib/run.ts': `export function run(fn: () => Promise<unknown>) {
  fn().catch(console.error);
}
`,
      'src/scripts/hello.mts': `import { generateText } from 'ai';

const { text } = await generateText({ model: 'openai/gpt-4o', prompt: 'Say hello.' });
console.log(text);
`,
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at)).toEqual([]);
    expect(summary(byName.get('generate_text_openai_tool_call'))).toEqual({
      kind: 'agent',
      framework: 'ai-sdk',
      term: 'generateText',
      uses: ['generate_text_openai_tool_call.cityAttractions', 'weatherTool'],
      model: 'openai:gpt-3.5-turbo',
    });
    expect(byName.get('generate_text_openai_tool_call')).toMatchObject({ exportName: 'main', line: 6, config: { maxOutputTokens: 512 } });
    expect(summary(byName.get('generate_text_anthropic_image_tool'))).toEqual({
      kind: 'agent',
      framework: 'ai-sdk',
      term: 'generateText',
      uses: ['generate_text_anthropic_image_tool.readImage'],
      model: 'anthropic:claude-sonnet-4-0',
    });
    expect(byName.get('generate_text_anthropic_image_tool')).toMatchObject({ line: 6, prompts: { prompt: 'Describe the image.' } });
    expect(byName.get('generate_text_anthropic_image_tool.readImage')).toMatchObject({ kind: 'tool', line: 7, description: 'Read and return an image' });
    expect(summary(byName.get('scripts_hello'))).toEqual({ kind: 'reasoner', framework: 'ai-sdk', term: 'generateText', uses: [], model: 'openai/gpt-4o' });
    expect(byName.get('scripts_hello')!.prompts).toEqual({ prompt: 'Say hello.' });
  });

  it('keeps file-named ids unique: several handlers in one file, a function beside top-level model calls', async () => {
    const root = project({
      'app/api/chat/route.ts': `import { streamText } from 'ai';

export async function GET() {
  return streamText({ model: 'openai/gpt-4o', prompt: 'Greet the user.' }).toTextStreamResponse();
}

export const POST = async (req: Request) => streamText({ model: 'openai/gpt-4o', prompt: await req.text() }).toTextStreamResponse();
`,
      'lib/script.ts': `import { generateText } from 'ai';

async function main() {
  return generateText({ model: 'openai/gpt-4o', prompt: 'One.' });
}

await generateText({ model: 'openai/gpt-4o', prompt: 'Two.' });
await main();
`,
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at)).toEqual([]);
    expect([...byName.keys()].sort()).toEqual(['app_api_chat_route_get', 'app_api_chat_route_post', 'lib_script_main', 'lib_script_script']);
    expect(byName.get('lib_script_script')).toMatchObject({ uses: ['lib_script_main'], prompts: { prompt: 'Two.' }, line: 7 });
  });

  it('names default exports after their file: a handler, an agent, a worker object', async () => {
    const root = project({
      'pages/api/chat.ts': `import { streamText } from 'ai';

export default async function handler(req: Request) {
  return streamText({ model: 'openai/gpt-4o', prompt: await req.text() }).toTextStreamResponse();
}
`,
      'agents/helpdesk.ts': `import { ToolLoopAgent, tool } from 'ai';
import { z } from 'zod';

export default new ToolLoopAgent({
  model: 'openai/gpt-4o',
  instructions: 'Help.',
  tools: { ticket: tool({ description: 'Open a ticket', inputSchema: z.object({}) }) },
});
`,
      'worker.ts': `import { streamText } from 'ai';

export default {
  async fetch(request: Request) {
    return streamText({ model: 'openai/gpt-4o', prompt: await request.text() }).toTextStreamResponse();
  },
};
`,
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at)).toEqual([]);
    expect([...byName.keys()].sort()).toEqual(['agents_helpdesk', 'agents_helpdesk.ticket', 'pages_api_chat', 'worker']);
    expect(byName.get('pages_api_chat')).toMatchObject({ kind: 'reasoner', exportName: 'handler' });
    expect(byName.get('agents_helpdesk')).toMatchObject({ kind: 'agent', uses: ['agents_helpdesk.ticket'] });
    expect(byName.get('worker')).toMatchObject({ kind: 'reasoner', line: 3 });
  });

  it('reads constants holding inline tools, here or imported, and scopes private bindings by their file', async () => {
    const root = project({
      'app/api/chat/tools.ts': `import { tool, type ToolSet } from 'ai';
import { z } from 'zod';

export const tools = {
  getWeatherInformation: tool({ description: 'Show the weather in a city', inputSchema: z.object({ city: z.string() }) }),
  getLocalTime: tool({ description: 'Get the local time', inputSchema: z.object({ location: z.string() }), execute: async () => '10am' }),
} satisfies ToolSet;
`,
      'app/api/chat/route.ts': `import { openai } from '@ai-sdk/openai';
import { convertToModelMessages, streamText } from 'ai';
import { tools } from './tools';

export async function POST(req: Request) {
  const { messages } = await req.json();
  return streamText({ model: openai('gpt-4o'), messages: convertToModelMessages(messages), tools }).toUIMessageStreamResponse();
}
`,
      // Two routes that each keep a private tool of the same name, and a private tool set.
      'app/api/weather/route.ts': `import { streamText, tool } from 'ai';
import { z } from 'zod';

const weatherTool = tool({ description: 'Weather', inputSchema: z.object({ city: z.string() }) });
const tools = { rollDice: tool({ description: 'Roll a die', inputSchema: z.object({}) }) } as const;

export async function POST(req: Request) {
  return streamText({ model: 'openai/gpt-4o', prompt: await req.text(), tools: { weather: weatherTool, ...tools } }).toTextStreamResponse();
}
`,
      'app/api/forecast/route.ts': `import { streamText, tool } from 'ai';
import { z } from 'zod';

const weatherTool = tool({ description: 'Forecast', inputSchema: z.object({ city: z.string() }) });

export async function POST(req: Request) {
  return streamText({ model: 'openai/gpt-4o', prompt: await req.text(), tools: { weather: weatherTool } }).toTextStreamResponse();
}
`,
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at)).toEqual([]);
    expect(summary(byName.get('app_api_chat_route'))!.uses).toEqual(['tools.getLocalTime', 'tools.getWeatherInformation']);
    expect(byName.get('tools.getLocalTime')).toMatchObject({ kind: 'tool', file: 'app/api/chat/tools.ts', line: 6, description: 'Get the local time' });
    expect(summary(byName.get('app_api_weather_route'))!.uses).toEqual(['app_api_weather_route.tools.rollDice', 'app_api_weather_route.weatherTool']);
    expect(summary(byName.get('app_api_forecast_route'))!.uses).toEqual(['app_api_forecast_route.weatherTool']);
    expect(byName.get('app_api_forecast_route.weatherTool')).toMatchObject({ description: 'Forecast', exportName: 'weatherTool' });
  });

  it('reads a model held in a constant, lists every model a function calls, and names repeated inline tools apart', async () => {
    const root = project({
      'src/compare.ts': `import { openai } from '@ai-sdk/openai';
import { anthropic } from '@ai-sdk/anthropic';
import { generateText, tool } from 'ai';
import { z } from 'zod';

const fast = openai('gpt-4o-mini');

export async function compare(question: string) {
  const strong = anthropic('claude-sonnet-4-5');
  const a = await generateText({ model: fast, prompt: question, tools: { lookup: tool({ description: 'First', inputSchema: z.object({}) }) } });
  const b = await generateText({ model: strong, prompt: question, tools: { lookup: tool({ description: 'Second', inputSchema: z.object({}) }) } });
  return [a.text, b.text];
}
`,
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at)).toEqual([]);
    expect(byName.get('compare')).toMatchObject({ kind: 'agent', config: { model: ['openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5'] } });
    expect(byName.get('compare')!.uses.sort()).toEqual(['compare.2.lookup', 'compare.lookup']);
    expect(byName.get('compare.lookup')!.description).toBe('First');
    expect(byName.get('compare.2.lookup')!.description).toBe('Second');
  });

  it("editing one agent's instructions changes only that agent's body; editing a route changes only the route", async () => {
    const root = project({
      'tool/weather-tool.ts': WEATHER_TOOL,
      'agent/agents.ts': `import { ToolLoopAgent } from 'ai';
import { weatherTool } from '../tool/weather-tool';

export const weatherAgent = new ToolLoopAgent({ model: 'openai/gpt-4o', instructions: 'Answer about the weather.', tools: { weather: weatherTool } });
export const travelAgent = new ToolLoopAgent({ model: 'openai/gpt-4o', instructions: 'Plan trips.', tools: { weather: weatherTool } });
`,
      'app/api/chat/route.ts': `import { streamText } from 'ai';
import { weatherTool } from '@/tool/weather-tool';

export async function POST(req: Request) {
  return streamText({ model: 'openai/gpt-4o', system: 'Be brief.', prompt: await req.text(), tools: { weather: weatherTool } }).toTextStreamResponse();
}
`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
    });
    const prints = async () => new Map([...(await scan(root)).byName].map(([name, node]) => [name, node.fingerprints]));
    const changed = (before: Map<string, CaNode['fingerprints']>, after: Map<string, CaNode['fingerprints']>) =>
      Object.fromEntries(
        [...before]
          .map(([name, old]) => [name, (Object.keys(old) as (keyof typeof old)[]).filter((key) => old[key] !== after.get(name)![key])] as const)
          .filter(([, keys]) => keys.length > 0),
      );
    const edit = (file: string, from: string, to: string) => {
      const full = path.join(root, file);
      const text = readFileSync(full, 'utf8');
      expect(text).toContain(from);
      writeFileSync(full, text.replace(from, to));
    };

    const first = await prints();
    edit('agent/agents.ts', 'Plan trips.', 'Plan trips and hotels.');
    const second = await prints();
    expect(changed(first, second)).toEqual({ travelAgent: ['body', 'self'] });
    edit('app/api/chat/route.ts', 'Be brief.', 'Be very brief.');
    const third = await prints();
    expect(changed(second, third)).toEqual({ app_api_chat_route: ['body', 'self'] });
    edit('tool/weather-tool.ts', 'temperature: 21', 'temperature: 22');
    expect(changed(third, await prints())).toEqual({ weatherTool: ['body', 'self'] });
  });

  it('warns with file:line about what it cannot read, reads everything literal, and never throws', async () => {
    const root = project({
      'src/bad.ts': `import { generateText, streamText, tool, ToolLoopAgent } from 'ai';
import { z } from 'zod';

const base = { model: 'openai/gpt-4o' };
const definition = { description: 'Defined elsewhere', inputSchema: z.object({}) };

export const dynamicAgent = new ToolLoopAgent({ id: process.env.AGENT_ID, model: 'openai/gpt-4o' });
export const spreadAgent = new ToolLoopAgent({ ...base, instructions: 'Spread.' });
export const indirectTool = tool(definition);

export function makeTool(name: string) {
  return tool({ description: name, inputSchema: z.object({}) });
}

export const looped = [];
for (const name of ['a', 'b']) looped.push(tool({ description: name, inputSchema: z.object({}) }));

export class Chat {
  async reply(prompt: string) {
    return generateText({ model: 'openai/gpt-4o', prompt });
  }
}

export async function withOptions(options: Parameters<typeof generateText>[0]) {
  return generateText(options);
}

export async function withComputedTools(getTools: () => Promise<Record<string, never>>) {
  return streamText({ model: 'openai/gpt-4o', prompt: 'Hi', tools: { ...(await getTools()), extra: makeTool('x') } });
}
`,
    });
    const { scan: result, byName } = await scan(root);
    expect(result.diagnostics.map(at).sort()).toEqual(
      [
        'dynamic-definition src/bad.ts:7', // a computed id
        'dynamic-property src/bad.ts:8',
        'dynamic-definition src/bad.ts:9',
        'dynamic-definition src/bad.ts:12',
        'dynamic-definition src/bad.ts:16',
        'dynamic-definition src/bad.ts:20',
        'dynamic-property src/bad.ts:25',
        'dynamic-property src/bad.ts:29',
        'dynamic-property src/bad.ts:29',
      ].sort(),
    );
    expect(result.diagnostics.find((d) => d.line === 9)!.message).toContain('its argument is not an object literal');
    expect(result.diagnostics.find((d) => d.line === 12)!.message).toContain('inside function makeTool');
    expect(result.diagnostics.find((d) => d.line === 16)!.message).toContain('inside a loop');
    expect(result.diagnostics.find((d) => d.line === 20)!.message).toContain('generateText');
    // Everything literal is still read.
    expect(byName.get('spreadAgent')).toMatchObject({ kind: 'agent', prompts: { instructions: 'Spread.' } });
    expect(byName.get('withOptions')).toMatchObject({ kind: 'reasoner', framework: 'ai-sdk' });
    expect(byName.get('withComputedTools')).toMatchObject({ kind: 'agent', uses: [] });
    expect(byName.has('dynamicAgent')).toBe(false);
  });

  it('derives file ids from the path: without extension and a leading src/, lower case, slugged', () => {
    expect(fileNodeId('app/api/chat/route.ts')).toBe('app_api_chat_route');
    expect(fileNodeId('src/generate-text/openai-tool-call.ts')).toBe('generate_text_openai_tool_call');
    expect(fileNodeId('app/api/use-chat-resume/[id]/stream/route.ts')).toBe('app_api_use_chat_resume_id_stream_route');
    expect(fileNodeId('src/2024/Report.mts')).toBe('_2024_report');
  });
});
