import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const sessionWithoutAgentRule: Rule = {
  meta: {
    id: 'session-without-agent',
    defaultSeverity: 'error',
    description: 'A session with neither an agent nor a turn function.',
    docsUrl: docsUrl('session-without-agent'),
    messages: {},
  },
  check() {},
};
