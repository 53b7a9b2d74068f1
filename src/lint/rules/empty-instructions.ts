import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const emptyInstructionsRule: Rule = {
  meta: {
    id: 'empty-instructions',
    defaultSeverity: 'error',
    description: 'An agent or reasoner whose instructions or system prompt is empty.',
    docsUrl: docsUrl('empty-instructions'),
    messages: {},
  },
  check() {},
};
