import type { FrameworkId } from './node.js';

/** What people call each framework, and what runs its definitions (ca runs only its own SDK's). */
export const FRAMEWORK_INFO: Readonly<Record<FrameworkId, { title: string; runner: string }>> = {
  openai: { title: 'OpenAI Agents JS', runner: "the OpenAI Agents SDK (run(agent, input) from '@openai/agents')" },
  mastra: { title: 'Mastra', runner: "Mastra (mastra dev, or mastra.getAgent(id).generate(…))" },
  'ai-sdk': { title: 'Vercel AI SDK', runner: 'your own code calling generateText/streamText (or agent.generate(…))' },
  langgraph: { title: 'LangGraph.js', runner: 'LangGraph (graph.invoke(…), or langgraph dev)' },
};

export function frameworkTitle(id: FrameworkId | undefined): string {
  return id === undefined ? "ca's SDK" : FRAMEWORK_INFO[id].title;
}
