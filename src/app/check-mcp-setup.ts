import { EXIT, UserError } from '../core/errors.js';
import type { CaNode } from '../core/node.js';
import type { CaGraph } from '../graph/build-graph.js';
import { ancestors } from '../graph/traverse.js';
import { MCP_LOCK_FILE } from '../mcp/lock-file.js';
import { missingVariables } from '../runtime/mcp/server-launch.js';
import type { McpServerDefinition } from '../sdk/definition.js';

/**
 * Before a run starts (like checkModelKeys): every MCP tool the node can reach, and that `--mock`
 * does not answer, is in ca.mcp.lock, and the servers of those tools have the environment
 * variables their definitions name. A gap is one line and exit 2, not a flow that fails half-way.
 */
export function checkMcpSetup(graph: CaGraph, name: string, env: NodeJS.ProcessEnv, mocked: ReadonlySet<string>): void {
  const tools: (CaNode & { mcp: NonNullable<CaNode['mcp']> })[] = [];
  for (const reached of [name, ...ancestors(graph, [name])]) {
    const node = graph.node(reached) as CaNode | undefined;
    if (node?.mcp && !mocked.has(node.name) && node.mcp.server !== undefined) tools.push(node as CaNode & { mcp: NonNullable<CaNode['mcp']> });
  }
  // The environment first: `ca mcp lock` needs it too.
  for (const server of new Set(tools.map((tool) => tool.mcp.server!))) {
    const node = graph.node(server) as CaNode | undefined;
    if (!node) continue;
    const missing = missingVariables(node.config as Partial<McpServerDefinition>, env);
    if (missing.length === 0) continue;
    throw new UserError('missing-env', `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: MCP server ${node.name} needs ${missing.length === 1 ? 'it' : 'them'}`, {
      hint: `set ${missing.join(' and ')} where ca runs, or pass --mock FILE with tools: for its tools`,
      location: { file: node.file, line: node.line },
      exitCode: EXIT.usage,
    });
  }
  for (const node of tools) {
    if (node.mcp.lock === 'locked' || node.mcp.lock === 'stale') continue;
    const why =
      node.mcp.lock === 'no-lock' ? `there is no ${MCP_LOCK_FILE}`
      : node.mcp.lock === 'unreadable' ? `${MCP_LOCK_FILE} cannot be read`
      : `${MCP_LOCK_FILE} has no tool ${node.mcp.tool} for ${node.mcp.server}`;
    throw new UserError('mcp-not-locked', `${node.name} is not locked: ${why}`, {
      hint: node.mcp.lock === 'missing' ? `run ca mcp lock -s ${node.mcp.server}, and check that the server lists ${node.mcp.tool}` : 'run ca mcp lock (and commit ca.mcp.lock)',
      location: { file: node.file, line: node.line },
      exitCode: EXIT.usage,
    });
  }
}
