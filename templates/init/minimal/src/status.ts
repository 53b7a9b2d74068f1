import { agent, flow, reasoner, session, tool } from 'composable-agents';
import { z } from 'zod';

// A stand-in for your monitoring API: replace the body of check_service with a real call.
const SERVICES: Record<string, { up: boolean; latencyMs: number }> = {
  api: { up: true, latencyMs: 42 },
  billing: { up: false, latencyMs: 0 },
};

export const checkService = tool({
  name: 'check_service',
  description: 'Reports whether a service is up and how fast it answers',
  effect: 'read',
  idempotent: true,
  input: z.object({ service: z.string() }),
  run: async ({ service }) => ({ service, ...(SERVICES[service] ?? { up: false, latencyMs: 0 }) }),
});

export const summarizeStatus = reasoner({
  name: 'summarize_status',
  description: 'Writes one sentence about a service for the status page',
  model: 'openai:gpt-4o-mini',
  system: 'Write one calm sentence for a public status page about the service check you are given.',
  output: z.object({ headline: z.string() }),
});

export const statusReport = flow({
  name: 'status_report',
  description: 'Checks a service and writes its status-page line',
  tags: ['status'],
  uses: [checkService, summarizeStatus],
  run: async (ctx, service: string) => {
    const check = await ctx.call(checkService, { service }, { retries: 2, timeoutMs: 5000 });
    const { headline } = await ctx.think(summarizeStatus, check);
    return { ...check, headline };
  },
});

export const statusAgent = agent({
  name: 'status_agent',
  description: 'Answers questions about service health',
  tags: ['status'],
  model: 'openai:gpt-4o-mini',
  instructions: 'Answer questions about our services. Check a service before you say anything about it.',
  uses: [checkService, statusReport],
  approval: 'dangerous',
  budget: { maxRounds: 4, maxUsd: 0.05 },
});

export const statusChat = session({
  name: 'status_chat',
  description: 'Chat with the status agent',
  tags: ['status'],
  agent: statusAgent,
});
