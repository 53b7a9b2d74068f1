import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';

/** A session answers each message with its agent, or with its own `turn`; without either it cannot answer. */
export const sessionWithoutAgentRule: Rule = {
  meta: {
    id: 'session-without-agent',
    defaultSeverity: 'error',
    description: 'A session with neither an agent nor a turn function.',
    docsUrl: docsUrl('session-without-agent'),
    messages: {
      noAgent: 'session {{name}} has neither an agent nor a turn function, so nothing answers its messages',
    },
  },
  check(context) {
    for (const node of context.nodes) {
      if (node.kind !== 'session') continue;
      if (mayHaveProperty(node, 'agent') || mayHaveProperty(node, 'turn')) continue;
      const hint = node.properties.includes('init')
        ? 'It has init but no turn: add turn(ctx, state, message) => ({ state, reply }), or give agent: <an agent> instead.'
        : 'Give it agent: <an agent>, or init and turn(ctx, state, message) => ({ state, reply }).';
      context.report({ messageId: 'noAgent', data: { name: node.name }, node, hint });
    }
  },
};
