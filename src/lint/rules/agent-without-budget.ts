import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const agentWithoutBudgetRule: Rule = {
  meta: {
    id: 'agent-without-budget',
    defaultSeverity: 'warn',
    description: 'An agent with no budget: nothing stops a runaway loop.',
    docsUrl: docsUrl('agent-without-budget'),
    messages: {},
  },
  check() {},
};
