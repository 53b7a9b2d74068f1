import type { AgentDefinition } from '../sdk/definition.js';
import type { ChatMessage } from './models/model-client.js';
import { budgetExceeded } from './run-errors.js';

/** What the previous round cost: the basis of the estimate for the next one. */
export interface RoundCost {
  tokens: number;
  outputTokens: number;
  costUsd: number;
}

/** A rough token count (4 characters a token): good enough to stop before a limit, not to bill. */
export function estimateTokens(messages: readonly ChatMessage[], system = ''): number {
  let chars = system.length;
  for (const message of messages) {
    chars += message.role === 'tool' ? JSON.stringify(message.output ?? null).length : message.content.length;
    if (message.role === 'assistant' && message.toolCalls) chars += JSON.stringify(message.toolCalls).length;
  }
  return Math.ceil(chars / 4);
}

/**
 * Stops an agent before the round that would exceed its budget (SPEC §7). Rounds are counted
 * exactly. Tokens and dollars are estimated: the next round costs at least what the previous one
 * did (the conversation only grows), or the conversation so far plus the previous round's output at
 * the previous round's rate if that is more. Before the first round there is nothing to price.
 */
export function checkBudget(
  agent: AgentDefinition,
  round: number,
  spent: { input: number; output: number; costUsd: number },
  messages: readonly ChatMessage[],
  last: RoundCost | undefined,
): void {
  const budget = agent.budget;
  if (!budget) return;
  if (budget.maxRounds !== undefined && round > budget.maxRounds) {
    throw budgetExceeded(`${agent.name} stopped before round ${round}: its budget allows ${budget.maxRounds} rounds`, `raise budget.maxRounds of ${agent.name}, or give it a narrower task`);
  }
  const used = spent.input + spent.output;
  // The conversation only grows, so the next round costs at least what the last one did.
  const next = Math.max(last?.tokens ?? 0, estimateTokens(messages, agent.instructions) + (last?.outputTokens ?? 0));
  if (budget.maxTokens !== undefined && used + next > budget.maxTokens) {
    throw budgetExceeded(
      `${agent.name} stopped before round ${round}: ${used} tokens used and the next round needs about ${next}, over its budget of ${budget.maxTokens}`,
      `raise budget.maxTokens of ${agent.name}`,
    );
  }
  if (budget.maxUsd !== undefined) {
    const rate = last && last.tokens > 0 ? last.costUsd / last.tokens : 0;
    const nextUsd = Math.max(last?.costUsd ?? 0, next * rate);
    const projected = spent.costUsd + nextUsd;
    if (spent.costUsd >= budget.maxUsd || projected > budget.maxUsd) {
      throw budgetExceeded(
        `${agent.name} stopped before round ${round}: $${spent.costUsd.toFixed(4)} spent and the next round would cost about $${nextUsd.toFixed(4)}, over its budget of $${budget.maxUsd}`,
        `raise budget.maxUsd of ${agent.name}`,
      );
    }
  }
}
