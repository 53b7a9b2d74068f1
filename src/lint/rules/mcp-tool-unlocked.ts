import { docsUrl, type Rule } from '../rule.js';

/**
 * `ca run` calls an MCP tool only with the contract ca.mcp.lock froze for it (its input schema,
 * the server's description): one the lock does not have is refused before its server starts
 * (runtime/mcp/mcp-sessions.ts). Lint says so first, from discovery's reading of the lock.
 * An unreadable lock is mcp-lock-invalid's finding, a stale one mcp-lock-stale's, an mcpTool
 * whose server is not an mcpServer unresolved-use's.
 */
export const mcpToolUnlockedRule: Rule = {
  meta: {
    id: 'mcp-tool-unlocked',
    defaultSeverity: 'error',
    description: 'An MCP tool whose contract is not in ca.mcp.lock: ca run refuses to call it.',
    docsUrl: docsUrl('mcp-tool-unlocked'),
    messages: {
      noLock: 'MCP tool {{name}} is not locked: there is no ca.mcp.lock, so ca run refuses to call {{tool}} on {{server}}',
      noServer: 'MCP tool {{name}} is not locked: ca.mcp.lock has no server {{server}}, so ca run refuses to call {{tool}}',
      noTool: 'MCP tool {{name}} is not locked: ca.mcp.lock has server {{server}} but no tool {{tool}}, so ca run refuses to call it',
    },
  },
  check(context) {
    for (const node of context.nodes) {
      const mcp = node.mcp;
      if (mcp?.server === undefined || (mcp.lock !== 'no-lock' && mcp.lock !== 'missing')) continue;
      const data = { name: node.name, tool: mcp.tool, server: mcp.server };
      if (mcp.lock === 'no-lock') {
        context.report({ messageId: 'noLock', data, node, hint: 'Run ca mcp lock (it starts each MCP server once and records its tools), then commit ca.mcp.lock.' });
      } else if (mcp.missing === 'tool') {
        context.report({
          messageId: 'noTool',
          data,
          node,
          hint: `Check the tool name against what ${mcp.server} lists (its tools in ca.mcp.lock, or the output of ca mcp lock); if the server has gained ${mcp.tool} since it was locked, run ca mcp lock again.`,
        });
      } else {
        // `missing: 'server'`, or a node made without `missing`: running ca mcp lock is the first step either way.
        context.report({ messageId: 'noServer', data, node, hint: `Run ca mcp lock to record the tools of ${mcp.server}, then commit ca.mcp.lock.` });
      }
    }
  },
};
