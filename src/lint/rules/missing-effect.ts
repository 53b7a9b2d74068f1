import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';

/**
 * The runtime treats a tool without `effect` as 'write' (core/node-defaults.ts). Writing it down
 * says what the tool does to the world, and is what ungated-side-effect reads to find the
 * dangerous ones: an effect ca cannot read (an expression, not a literal) hides that as surely
 * as a missing one. An MCP tool is no exception: its server's annotations (readOnlyHint,
 * destructiveHint) are the server's claims, and ca never takes its effect from them.
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
      missingMcp: "MCP tool {{name}} has no effect, so the runtime assumes 'write': ca does not trust the server's annotations",
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
        const kinds = "'read' (changes nothing), 'write' (changes state you can undo) or 'dangerous' (money, deletion, messages to people: needs approval)";
        context.report({
          messageId: node.mcp ? 'missingMcp' : 'missing',
          data: { name: node.name },
          node,
          hint: node.mcp
            ? `Add effect to the mcpTool: ${kinds}. Decide it yourself: the server's readOnlyHint and destructiveHint (in ca.mcp.lock) are never taken for it.`
            : `Add effect: ${kinds}.`,
        });
      }
    }
  },
};
