import type { CaNode } from '../../core/node.js';
import { docsUrl, type Rule } from '../rule.js';

/** Tools named in a message before `and N more`. */
const SHOWN = 5;

/**
 * ca.mcp.lock records, beside each server's tools, a hash of how the code reached the server
 * (command, args, cwd, env, url, headers). Another hash now means another server may answer: the
 * locked contracts, which `ca run` checks inputs against and offers to models, may not be its.
 *
 * The change is in the server's definition, so the finding is there, once, naming its stale
 * tools. It is reported when the server or one of its tools is selected: `state:modified` selects
 * the server (its config changed), not its tools (their locked contracts did not).
 */
export const mcpLockStaleRule: Rule = {
  meta: {
    id: 'mcp-lock-stale',
    defaultSeverity: 'error',
    description: "An MCP server whose command, args, cwd, env, url or headers changed since ca.mcp.lock was written: its tools' locked contracts may not be its own.",
    docsUrl: docsUrl('mcp-lock-stale'),
    messages: {
      stale: 'MCP server {{name}} changed since ca.mcp.lock was written (command, args, cwd, env, url or headers): the locked contracts of {{tools}} may not be what it serves now',
    },
  },
  check(context) {
    const servers = new Set<string>();
    for (const node of context.nodes) {
      if (node.kind === 'mcp_server') servers.add(node.name);
      else if (node.mcp?.lock === 'stale' && node.mcp.server !== undefined) servers.add(node.mcp.server);
    }
    const staleTools = new Map<string, string[]>();
    for (const name of context.graph.nodes()) {
      const mcp = (context.graph.node(name) as CaNode).mcp;
      if (mcp?.lock === 'stale' && mcp.server !== undefined && servers.has(mcp.server)) staleTools.set(mcp.server, [...(staleTools.get(mcp.server) ?? []), name]);
    }
    for (const [name, tools] of staleTools) {
      const node = context.node(name);
      if (!node) continue;
      const list = tools.sort();
      const shown = list.length > SHOWN + 1 ? `${list.slice(0, SHOWN).join(', ')} and ${list.length - SHOWN} more` : list.join(', ');
      context.report({
        messageId: 'stale',
        data: { name, tools: `${list.length === 1 ? 'its tool' : 'its tools'} ${shown}` },
        node,
        hint: `Run ca mcp lock -s ${name} to record what the server serves as it is now reached, then commit ca.mcp.lock.`,
      });
    }
  },
};
