import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const ungatedSideEffectRule: Rule = {
  meta: {
    id: 'ungated-side-effect',
    defaultSeverity: 'error',
    description: 'A dangerous tool reachable from a flow or agent with no approval before the call.',
    docsUrl: docsUrl('ungated-side-effect'),
    messages: {},
  },
  check() {},
};
