import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';

/**
 * The runtime treats a tool without `effect` as 'write' (core/node-defaults.ts). Writing it down
 * says what the tool does to the world, and is what ungated-side-effect reads to find the
 * dangerous ones: an effect ca cannot read (an expression, not a literal) hides that as surely
 * as a missing one.
 */
export const missingEffectRule: Rule = {
  meta: {
    id: 'missing-effect',
    defaultSeverity: 'warn',
    description: 'A tool without an effect: the runtime assumes write.',
    docsUrl: docsUrl('missing-effect'),
    sdkOnly: true,
    messages: {
      missing: "tool {{name}} has no effect, so the runtime assumes 'write'",
      unreadable: "tool {{name}} sets its effect with an expression ca cannot read, so lint and selectors assume 'write'",
    },
  },
  check(context) {
    for (const node of context.nodes) {
      if (node.kind !== 'tool' || node.config['effect'] !== undefined) continue;
      // Written but unreadable, or perhaps inside a spread: either way it may hide 'dangerous'.
      if (mayHaveProperty(node, 'effect')) {
        context.report({
          messageId: 'unreadable',
          data: { name: node.name },
          node,
          hint: "Write effect as a literal ('read', 'write' or 'dangerous'), or as a const holding one.",
        });
      } else {
        context.report({
          messageId: 'missing',
          data: { name: node.name },
          node,
          hint: "Add effect: 'read' (changes nothing), 'write' (changes state you can undo) or 'dangerous' (money, deletion, messages to people: needs approval).",
        });
      }
    }
  },
};
