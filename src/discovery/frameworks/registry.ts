import type { FrameworkId } from '../../core/node.js';
import type { FrameworkAdapter } from './framework-adapter.js';
import { aiSdk } from './ai-sdk.js';
import { langgraph } from './langgraph.js';
import { mastra } from './mastra.js';
import { openaiAgents } from './openai-agents.js';

/** Every framework discovery reads. Adding one: a module beside these and a line here. */
export const FRAMEWORK_ADAPTERS: readonly FrameworkAdapter[] = [openaiAgents, mastra, langgraph, aiSdk];

const byId = new Map(FRAMEWORK_ADAPTERS.map((adapter) => [adapter.id, adapter]));

export function frameworkAdapter(id: FrameworkId): FrameworkAdapter | undefined {
  return byId.get(id);
}

/** The adapter whose package an import specifier names (`@mastra/core/agent` → Mastra), if any. */
export function adapterForModule(specifier: string): FrameworkAdapter | undefined {
  for (const adapter of FRAMEWORK_ADAPTERS) {
    for (const name of adapter.packages) {
      if (specifier === name || specifier.startsWith(`${name}/`)) return adapter;
    }
  }
  return undefined;
}
