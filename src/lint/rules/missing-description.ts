import type { McpToolRef } from '../../core/node.js';
import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';

/**
 * Tools and agents only: the model reads a tool's description to decide when to call it, and an
 * agent's when it is offered to another agent; `ca ls` and `ca show` print both. A description
 * written as an expression ca cannot read is dynamic-property's finding, not this rule's. An MCP
 * tool without one of its own is offered with its server's, as ca.mcp.lock holds it: only one
 * with neither is reported.
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
      missingMcp: 'MCP tool {{name}} has no description of its own, and none from its server is locked',
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
        if (mayHaveProperty(node, 'description') || (node.mcp?.description ?? '').trim() !== '') continue;
        if (node.mcp) context.report({ messageId: 'missingMcp', data: { name: node.name }, node, hint: mcpHint(node.name, node.mcp) });
        else context.report({ messageId: 'missing', data: { kind: node.kind, name: node.name }, node, hint });
      } else if (node.description.trim() === '') {
        context.report({ messageId: 'empty', data: { kind: node.kind, name: node.name }, node, hint });
      }
    }
  },
};

/** Locked without a description, the server has none to give; not locked, it may have one. */
function mcpHint(name: string, mcp: McpToolRef): string {
  const add = `Add description to the mcpTool: one line on what ${name} does and when to use it`;
  return mcp.lock === 'locked' || mcp.lock === 'stale'
    ? `${add}; the server gives ${mcp.tool} none either.`
    : `${add}, or run ca mcp lock: a tool without one is offered with its server's description.`;
}
