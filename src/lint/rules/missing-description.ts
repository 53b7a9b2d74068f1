import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';

/**
 * Tools and agents only: the model reads a tool's description to decide when to call it, and an
 * agent's when it is offered to another agent; `ca ls` and `ca show` print both. A description
 * written as an expression ca cannot read is dynamic-property's finding, not this rule's.
 */
export const missingDescriptionRule: Rule = {
  meta: {
    id: 'missing-description',
    defaultSeverity: 'warn',
    description: 'A tool or agent without a description: models choose tools by their descriptions.',
    docsUrl: docsUrl('missing-description'),
    messages: {
      missing: '{{kind}} {{name}} has no description',
      empty: '{{kind}} {{name}} has an empty description',
    },
  },
  check(context) {
    for (const node of context.nodes) {
      // Other frameworks' agents say what they are for in their own ways (handoff-without-description checks the one that matters).
      if (node.kind !== 'tool' && (node.kind !== 'agent' || node.framework !== undefined)) continue;
      const hint =
        node.kind === 'tool'
          ? `Add description: one line on what ${node.name} does and when to use it; models pick tools by it.`
          : `Add description: one line on what ${node.name} is for; other agents and \`ca ls\` show it.`;
      if (node.description === undefined) {
        if (mayHaveProperty(node, 'description')) continue;
        context.report({ messageId: 'missing', data: { kind: node.kind, name: node.name }, node, hint });
      } else if (node.description.trim() === '') {
        context.report({ messageId: 'empty', data: { kind: node.kind, name: node.name }, node, hint });
      }
    }
  },
};
