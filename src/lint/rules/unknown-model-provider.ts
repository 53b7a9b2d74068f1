import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const unknownModelProviderRule: Rule = {
  meta: {
    id: 'unknown-model-provider',
    defaultSeverity: 'error',
    description: 'A model whose provider: prefix no provider of ca serves.',
    docsUrl: docsUrl('unknown-model-provider'),
    messages: {},
  },
  check() {},
};
