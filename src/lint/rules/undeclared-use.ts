import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const undeclaredUseRule: Rule = {
  meta: {
    id: 'undeclared-use',
    defaultSeverity: 'error',
    description: 'A body calls ctx.call or ctx.think on something not in its uses: the runtime will deny it.',
    docsUrl: docsUrl('undeclared-use'),
    messages: {},
  },
  check() {},
};
