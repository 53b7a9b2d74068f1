import { docsUrl, type Rule } from '../rule.js';

// Placeholder registered so the registry is complete; its check is being written (issue 4).
export const missingDescriptionRule: Rule = {
  meta: {
    id: 'missing-description',
    defaultSeverity: 'warn',
    description: 'A tool or agent without a description: models choose tools by their descriptions.',
    docsUrl: docsUrl('missing-description'),
    messages: {},
  },
  check() {},
};
