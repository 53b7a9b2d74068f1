import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const unusedUseRule: Rule = {
  meta: {
    id: 'unused-use',
    defaultSeverity: 'warn',
    description: 'A uses entry that the flow body never calls: a capability granted for nothing.',
    docsUrl: docsUrl('unused-use'),
    messages: {},
  },
  check() {},
};
