import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';

const LIMITS = ['maxRounds', 'maxUsd', 'maxTokens'] as const;
const EXAMPLE = 'budget: { maxRounds: 8, maxUsd: 0.5 }';

/**
 * An agent loops until the model stops asking for tools; a budget is what ends a loop that does
 * not. A budget written as an expression ca cannot read is left alone: it may well set limits.
 */
export const agentWithoutBudgetRule: Rule = {
  meta: {
    id: 'agent-without-budget',
    defaultSeverity: 'warn',
    description: 'An agent with no budget: nothing stops a runaway loop.',
    docsUrl: docsUrl('agent-without-budget'),
    sdkOnly: true,
    messages: {
      missing: 'agent {{name}} has no budget: nothing stops a runaway loop of model calls',
      noLimits: 'agent {{name}} has a budget that sets none of maxRounds, maxUsd or maxTokens',
    },
  },
  check(context) {
    for (const node of context.nodes) {
      if (node.kind !== 'agent') continue;
      const budget = node.config['budget'];
      if (budget === undefined) {
        if (mayHaveProperty(node, 'budget')) continue;
        context.report({ messageId: 'missing', data: { name: node.name }, node, hint: `Add ${EXAMPLE}; the runtime stops before the step that would exceed a limit.` });
        continue;
      }
      const limits = typeof budget === 'object' && budget !== null && !Array.isArray(budget) ? budget : {};
      if (LIMITS.some((limit) => typeof limits[limit] === 'number')) continue;
      const others = Object.keys(limits).filter((key) => !(LIMITS as readonly string[]).includes(key));
      const read = others.length > 0 ? ` (ca does not read ${others.join(', ')})` : '';
      context.report({ messageId: 'noLimits', data: { name: node.name }, node, hint: `Set at least one of ${LIMITS.join(', ')}${read}, e.g. ${EXAMPLE}.` });
    }
  },
};
