import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostic.js';
import { projectWithFiles } from '../../helpers/temp-project.js';
import { scan } from '../../helpers/scan.js';

function project(files: Record<string, string>): string {
  return projectWithFiles(files, 'ca-langgraph-');
}

function edit(root: string, file: string, from: string, to: string): void {
  const text = readFileSync(path.join(root, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(path.join(root, file), text.replace(from, to));
}

const at = (d: Diagnostic) => `${d.code} ${d.file}:${d.line}`;

/** The shape of langchain-ai/react-agent-js: a builder chained, compiled apart, tools in a constant of another file. */
const REACT_AGENT = {
  'langgraph.json': JSON.stringify({ graphs: { agent: './src/react_agent/graph.ts:graph' }, env: '.env' }),
  'src/react_agent/graph.ts': `import { AIMessage } from "@langchain/core/messages";
import { MessagesAnnotation, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { TOOLS } from "./tools.js";
import { loadChatModel } from "./utils.js";

async function callModel(state: typeof MessagesAnnotation.State) {
  const model = (await loadChatModel("anthropic/claude-3-5-sonnet")).bindTools(TOOLS);
  const response = await model.invoke(state.messages);
  return { messages: [response] };
}

function routeModelOutput(state: typeof MessagesAnnotation.State): string {
  const lastMessage = state.messages[state.messages.length - 1];
  return (lastMessage as AIMessage)?.tool_calls?.length ? "tools" : "__end__";
}

const workflow = new StateGraph(MessagesAnnotation)
  .addNode("callModel", callModel)
  .addNode("tools", new ToolNode(TOOLS))
  .addEdge("__start__", "callModel")
  .addConditionalEdges("callModel", routeModelOutput)
  .addEdge("tools", "callModel");

export const graph = workflow.compile({
  interruptBefore: [],
  interruptAfter: [],
});
`,
  'src/react_agent/tools.ts': `import { TavilySearch } from "@langchain/tavily";
import { tool } from "@langchain/core/tools";
import { z } from "zod";

const searchTavily = new TavilySearch({ maxResults: 3 });

export const getWeather = tool(
  async ({ city }) => \`It is sunny in \${city}\`,
  { name: "get_weather", description: "The weather in a city", schema: z.object({ city: z.string() }) },
);

export const TOOLS = [searchTavily, getWeather];
`,
  'src/react_agent/utils.ts': `import { initChatModel } from "langchain/chat_models/universal";
export async function loadChatModel(name: string) {
  return await initChatModel(name);
}
`,
};

describe('LangGraph.js discovery', () => {
  it('reads the react-agent template: the graph named by langgraph.json, its tools, and the edges through its code', async () => {
    const { scan: result, byName } = await scan(project(REACT_AGENT));
    expect(result.diagnostics).toEqual([]);
    expect([...byName.keys()].sort()).toEqual(['agent', 'get_weather']);
    const graph = byName.get('agent')!;
    expect(graph).toMatchObject({
      kind: 'flow',
      framework: 'langgraph',
      frameworkKind: 'StateGraph',
      file: 'src/react_agent/graph.ts',
      line: 18,
      endLine: 28,
      exportName: 'graph',
      uses: ['get_weather'],
      config: { interruptBefore: [], interruptAfter: [] },
    });
    expect(graph.displayName).toBeUndefined();
    expect(graph.helpers).toEqual([
      'src/react_agent/graph.ts#callModel',
      'src/react_agent/graph.ts#routeModelOutput',
      'src/react_agent/tools.ts#TOOLS',
      'src/react_agent/tools.ts#searchTavily',
      'src/react_agent/utils.ts#loadChatModel',
    ]);
    expect(byName.get('get_weather')).toMatchObject({ kind: 'tool', frameworkKind: 'tool', file: 'src/react_agent/tools.ts', line: 7, description: 'The weather in a city', uses: [] });
  });

  it('without langgraph.json the graph is named by the binding of the compiled graph', async () => {
    const { byName } = await scan(project(Object.fromEntries(Object.entries(REACT_AGENT).filter(([file]) => file !== 'langgraph.json'))));
    expect([...byName.keys()].sort()).toEqual(['get_weather', 'graph']);
    expect(byName.get('graph')!.uses).toEqual(['get_weather']);
  });

  it('a graph built by top-level statements: they are its body, the node functions they add are its code', async () => {
    const root = project({
      'src/graph.ts': `import { MessagesAnnotation, StateGraph, START, END } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { lookupOrder } from "./tools.js";
import { pickModel } from "./model.js";

const tools = [lookupOrder];
const toolNode = new ToolNode(tools);

async function callModel(state: typeof MessagesAnnotation.State) {
  return { messages: [await pickModel().bindTools(tools).invoke(state.messages)] };
}

const builder = new StateGraph(MessagesAnnotation);
builder.addNode("agent", callModel);
builder.addNode("tools", toolNode);
builder.addEdge(START, "agent").addEdge("tools", END);

export const app = builder.compile();
`,
      'src/model.ts': `export function pickModel(): any { return null; }\n`,
      'src/tools.ts': `import { DynamicStructuredTool } from "@langchain/core/tools";
import { z } from "zod";
export const lookupOrder = new DynamicStructuredTool({
  name: "lookup_order",
  description: "Find an order",
  schema: z.object({ id: z.string() }),
  func: async ({ id }) => \`order \${id}\`,
});
`,
    });
    const before = (await scan(root)).byName;
    const app = before.get('app')!;
    expect(app).toMatchObject({ kind: 'flow', line: 13, endLine: 18, exportName: 'app', uses: ['lookup_order'] });
    expect(app.helpers).toEqual(['src/graph.ts#callModel', 'src/graph.ts#toolNode', 'src/graph.ts#tools', 'src/model.ts#pickModel']);
    expect(before.get('lookup_order')).toMatchObject({ kind: 'tool', frameworkKind: 'new DynamicStructuredTool' });

    // A helper reached only through `builder.addNode('agent', callModel)`: the graph's code.
    edit(root, 'src/model.ts', 'return null;', 'return undefined;');
    const helperEdited = (await scan(root)).byName.get('app')!;
    expect(helperEdited.fingerprints.code).not.toBe(app.fingerprints.code);
    expect(helperEdited.fingerprints.body).toBe(app.fingerprints.body);

    // A statement that adds an edge: the graph's body.
    edit(root, 'src/graph.ts', '.addEdge("tools", END);', '.addEdge("tools", "agent");');
    const statementEdited = (await scan(root)).byName.get('app')!;
    expect(statementEdited.fingerprints.body).not.toBe(helperEdited.fingerprints.body);
  });

  it('editing a tool changes only that tool; editing an agent prompt only that agent', async () => {
    const root = project({
      'src/agents.ts': `import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { ChatOpenAI } from "@langchain/openai";
import { search, summarize } from "./tools.js";

export const researcher = createReactAgent({
  llm: new ChatOpenAI({ model: "gpt-4o" }),
  tools: [search],
  prompt: "You research.",
});

export const writer = createReactAgent({
  llm: new ChatOpenAI({ model: "gpt-4o-mini" }),
  tools: [summarize],
  prompt: "You write.",
});
`,
      'src/tools.ts': `import { tool } from "@langchain/core/tools";
export const search = tool(async ({ q }) => "found " + q, { name: "search", description: "Search" });
export const summarize = tool(async ({ text }) => text.slice(0, 10), { name: "summarize", description: "Summarize" });
`,
    });
    const before = (await scan(root)).byName;
    expect(before.get('researcher')).toMatchObject({ kind: 'agent', frameworkKind: 'createReactAgent', uses: ['search'], config: { llm: 'openai:gpt-4o' }, prompts: { prompt: 'You research.' } });

    edit(root, 'src/tools.ts', '"found " + q', '"hit " + q');
    const toolEdited = (await scan(root)).byName;
    expect(toolEdited.get('search')!.fingerprints.body).not.toBe(before.get('search')!.fingerprints.body);
    for (const name of ['summarize', 'researcher', 'writer']) expect(toolEdited.get(name)!.fingerprints.self, name).toBe(before.get(name)!.fingerprints.self);

    edit(root, 'src/agents.ts', 'You write.', 'You write tersely.');
    const promptEdited = (await scan(root)).byName;
    expect(promptEdited.get('writer')!.fingerprints.body).not.toBe(toolEdited.get('writer')!.fingerprints.body);
    for (const name of ['search', 'summarize', 'researcher']) expect(promptEdited.get(name)!.fingerprints.self, name).toBe(toolEdited.get(name)!.fingerprints.self);
  });

  it('reads agents (createReactAgent, createAgent, createDeepAgent): names, display names, ToolNode tools, package tools recorded without a warning, previous names', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/agents.ts': `import { createReactAgent, ToolNode } from "@langchain/langgraph/prebuilt";
import { DynamicTool } from "@langchain/core/tools";
import { TavilySearch } from "@langchain/tavily";
import { ChatAnthropic } from "@langchain/anthropic";
import { createAgent, tool } from "langchain";

const clock = new DynamicTool({ name: "clock", description: "The time", func: async () => new Date().toISOString() });
const echo = tool((input) => input, { name: "Echo Tool", description: "Echoes" });

export const helper = createReactAgent({
  name: "Help Desk",
  llm: new ChatAnthropic({ model: "claude-3-5-sonnet-latest" }),
  tools: new ToolNode([clock, echo]),
  stateModifier: "You help.",
});

export const searcher = createReactAgent({
  llm: model,
  tools: [new TavilySearch({ maxResults: 2 }), { type: "web_search_preview" }, echo],
});

export const modern = createAgent({ model: "openai:gpt-4.1", tools: [clock], systemPrompt: "Be brief." });
`,
        'src/deep.ts': `import { createDeepAgent } from "deepagents";
import { tool } from "langchain";
const grep = tool(async () => "", { name: "grep", description: "Search files" });
export const agent = createDeepAgent({
  model: "claude-sonnet-4-5",
  systemPrompt: "Coordinate.",
  subagents: [{ name: "searcher", description: "Searches", systemPrompt: "Search.", tools: [grep] }],
});
`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    expect(byName.get('help_desk')).toMatchObject({ kind: 'agent', displayName: 'Help Desk', uses: ['clock', 'echo_tool'], config: { llm: 'anthropic:claude-3-5-sonnet-latest' }, prompts: { stateModifier: 'You help.' } });
    expect(byName.get('echo_tool')).toMatchObject({ kind: 'tool', displayName: 'Echo Tool' });
    expect(byName.get('clock')).toMatchObject({ kind: 'tool', frameworkKind: 'new DynamicTool' });
    expect(byName.get('searcher')).toMatchObject({ kind: 'agent', uses: ['echo_tool'] });
    // A deep agent's subagents are its behaviour; the tools they list are its edges.
    expect(byName.get('agent')).toMatchObject({ kind: 'agent', frameworkKind: 'createDeepAgent', uses: ['grep'], config: { model: 'claude-sonnet-4-5' }, prompts: { systemPrompt: 'Coordinate.' } });
    expect(byName.get('modern')).toMatchObject({ kind: 'agent', frameworkKind: 'createAgent', uses: ['clock'], config: { model: 'openai:gpt-4.1' }, prompts: { systemPrompt: 'Be brief.' } });

    // The package tool is part of the agent's config: replacing it is a change.
    const root = project({
      'src/a.ts': `import { createReactAgent } from "@langchain/langgraph/prebuilt";\nimport { TavilySearch } from "@langchain/tavily";\nexport const a = createReactAgent({ llm: m, tools: [new TavilySearch({ maxResults: 2 })] });\n`,
    });
    const before = (await scan(root)).byName.get('a')!;
    edit(root, 'src/a.ts', 'maxResults: 2', 'maxResults: 5');
    expect((await scan(root)).byName.get('a')!.fingerprints.config).not.toBe(before.fingerprints.config);
  });

  it('reads a graph chained and compiled in one expression, with subgraphs, inline agents and inline tools as edges', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/sub.ts': `import { StateGraph, START } from "@langchain/langgraph";
import { State } from "./state.js";
const builder = new StateGraph(State).addNode("plan", async () => ({})).addEdge(START, "plan");
export const planner = builder.compile({ name: "Trip Planner" });
`,
        'src/state.ts': `export const State = {};\n`,
        'src/main.ts': `import { StateGraph, START } from "@langchain/langgraph";
import { ToolNode, createReactAgent } from "@langchain/langgraph/prebuilt";
import { tool } from "@langchain/core/tools";
import { State } from "./state.js";
import { planner } from "./sub.js";

export const graph = new StateGraph(State)
  .addNode("plan", planner)
  .addNode("research", createReactAgent({ llm: m, tools: [], prompt: "Research." }))
  .addNode("tools", new ToolNode([tool(async () => "ok", { name: "ping", description: "Ping" })]))
  .addEdge(START, "plan")
  .compile();
graph.name = "Main Graph";
`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    expect(byName.get('trip_planner')).toMatchObject({ kind: 'flow', displayName: 'Trip Planner', exportName: 'planner', line: 3 });
    expect(byName.get('main_graph')).toMatchObject({ kind: 'flow', displayName: 'Main Graph', line: 7, endLine: 12 });
    expect([...byName.get('main_graph')!.uses].sort()).toEqual(['graph.research', 'ping', 'trip_planner']);
    expect(byName.get('graph.research')).toMatchObject({ kind: 'agent', prompts: { prompt: 'Research.' } });
    expect(byName.get('ping')).toMatchObject({ kind: 'tool' });
  });

  it('langgraph.json: its ids win (a name written in the source is kept for display), re-exports are followed, an edit is seen through the cache', async () => {
    const root = project({
      'langgraph.json': JSON.stringify({ graphs: { support: { path: './src/index.ts:graph', description: 'x' }, helper: 'src/agent.ts:agent' } }),
      'src/index.ts': `export { graph } from "./graph.js";\n`,
      'src/graph.ts': `import { StateGraph } from "@langchain/langgraph";
const g = new StateGraph({}).addNode("a", async () => ({}));
export const graph = g.compile({ name: "Support Graph", checkpointer: saver });
`,
      'src/agent.ts': `import { createReactAgent } from "@langchain/langgraph/prebuilt";\nexport const agent = createReactAgent({ name: "Helper Bot", llm: m, tools: [] });\n`,
    });
    const first = await scan(root, { noCache: false });
    expect(first.scan.diagnostics).toEqual([]);
    expect(first.byName.get('support')).toMatchObject({ kind: 'flow', displayName: 'Support Graph', file: 'src/graph.ts', exportName: 'graph' });
    expect(first.byName.get('support')!.config).toEqual({});
    expect(first.byName.get('helper')).toMatchObject({ kind: 'agent', displayName: 'Helper Bot' });

    writeFileSync(path.join(root, 'langgraph.json'), JSON.stringify({ graphs: { 'Customer Support': './src/graph.ts:graph' } }));
    const second = await scan(root, { noCache: false });
    expect([...second.byName.keys()].sort()).toEqual(['customer_support', 'helper_bot']);
    expect(second.byName.get('customer_support')!.displayName).toBe('Support Graph');

    writeFileSync(path.join(root, 'langgraph.json'), '{ not json');
    const third = await scan(root, { noCache: false });
    expect([...third.byName.keys()].sort()).toEqual(['helper_bot', 'support_graph']);
  });

  it('reads the functional API: entrypoint is a flow, reaching tools through its code', async () => {
    const { byName } = await scan(
      project({
        'src/essay.ts': `import { entrypoint, task } from "@langchain/langgraph";
import { tool } from "@langchain/core/tools";
const lookup = tool(async () => "facts", { name: "lookup", description: "Facts" });
const draft = task("draft", async (topic: string) => lookup.invoke({ topic }));
export const essay = entrypoint({ name: "essay_writer", checkpointer }, async (topic: string) => draft(topic));
export const unnamed = entrypoint("Quick Essay", async (topic: string) => topic);
`,
      }),
    );
    expect(byName.get('essay_writer')).toMatchObject({ kind: 'flow', frameworkKind: 'entrypoint', uses: ['lookup'], exportName: 'essay' });
    expect(byName.get('quick_essay')).toMatchObject({ kind: 'flow', displayName: 'Quick Essay' });
  });

  it('follows aliased and namespace imports, and names a default export by its file', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/agents/generic.ts': `import * as prebuilt from "@langchain/langgraph/prebuilt";\nimport { lookup } from "../tools.js";\nexport default prebuilt.createReactAgent({ llm: m, tools: [lookup] });\n`,
        'src/graphs/index.ts': `import * as lg from "@langchain/langgraph";\nimport { StateGraph as Graph } from "@langchain/langgraph";\nconst a = new lg.StateGraph({}).addNode("x", async () => ({}));\nexport const first = a.compile();\nexport default new Graph({}).addNode("y", async () => ({})).compile();\n`,
        'src/tools.ts': `import { tool as defineTool } from "@langchain/core/tools";\nexport const lookup = defineTool(async () => "", { name: "lookup" });\n`,
      }),
    );
    expect(result.diagnostics.map(at)).toEqual([]);
    expect([...byName.keys()].sort()).toEqual(['first', 'generic', 'graphs', 'lookup']);
    expect(byName.get('generic')).toMatchObject({ kind: 'agent', uses: ['lookup'], exportName: 'default' });
    expect(byName.get('graphs')).toMatchObject({ kind: 'flow', exportName: 'default' });
  });

  it('what it cannot read is a warning with its place, never a throw, and the rest is still read', async () => {
    const { scan: result, byName } = await scan(
      project({
        'src/bad.ts': `import { StateGraph } from "@langchain/langgraph";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { tool } from "@langchain/core/tools";

export function makeGraph() {
  return new StateGraph({}).addNode("a", async () => ({})).compile();
}
for (const name of ["a", "b"]) {
  createReactAgent({ llm: m, tools: [], name });
}
export const named = tool(async () => "", { name: prefix + "tool", description: "d" });
const base = { llm: m };
export const spread = createReactAgent({ ...base, tools: [getTools(), ok] });
export const ok = tool(async () => "", { name: "ok" });
export const options = tool(async () => "", toolOptions);
`,
      }),
    );
    expect(result.diagnostics.map(at).sort()).toEqual(
      [
        'dynamic-definition src/bad.ts:6',
        'dynamic-definition src/bad.ts:9',
        'dynamic-definition src/bad.ts:11',
        'dynamic-property src/bad.ts:13',
        'dynamic-property src/bad.ts:13',
        'dynamic-definition src/bad.ts:15',
      ].sort(),
    );
    expect(result.diagnostics.every((d) => d.severity === 'warn')).toBe(true);
    expect(result.diagnostics.find((d) => d.line === 6)!.message).toContain('built inside function makeGraph');
    expect(result.diagnostics.find((d) => d.line === 15)!.message).toContain('its options (toolOptions) are not an object literal');
    expect(byName.get('spread')).toMatchObject({ kind: 'agent', uses: ['ok'] });
    expect([...byName.keys()].sort()).toEqual(['ok', 'spread']);
  });
});
