import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const missingEffectRule: Rule = {
  meta: {
    id: 'missing-effect',
    defaultSeverity: 'warn',
    description: 'A tool without an effect: the runtime assumes write.',
    docsUrl: docsUrl('missing-effect'),
    messages: {},
  },
  check() {},
};
