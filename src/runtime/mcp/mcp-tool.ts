import type { Definition, McpServerDefinition, McpToolDefinition } from '../../sdk/definition.js';

/** A tool made by `mcpTool()`: it runs on its MCP server, not in this process. */
export function isMcpTool(def: Definition | { kind: string }): def is McpToolDefinition {
  const candidate = def as Partial<McpToolDefinition>;
  return def.kind === 'tool' && typeof candidate.tool === 'string' && (candidate.server as { kind?: unknown } | undefined)?.kind === 'mcp_server';
}

/** How a server is named in messages: `MCP server weather`. */
export function serverLabel(server: Pick<McpServerDefinition, 'name'>): string {
  return `MCP server ${server.name}`;
}
