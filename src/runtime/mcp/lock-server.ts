import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonValue } from '../../core/node.js';
import { connectionHash, toolHash, type LockedServer, type LockedTool } from '../../mcp/lock-file.js';
import type { McpServerDefinition } from '../../sdk/definition.js';
import { McpConnection } from './mcp-connection.js';

/**
 * Starts one server, asks for its tools and closes it: the server's entry of ca.mcp.lock.
 * `config` is the server node's literal config, whose connection the entry records.
 */
export async function lockServer(server: McpServerDefinition, config: Readonly<Record<string, JsonValue>>, root: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<LockedServer> {
  const connection = await McpConnection.open(server, root, env, signal);
  try {
    const tools = await connection.listTools(signal);
    const version = connection.serverVersion;
    const locked: Record<string, LockedTool> = {};
    for (const tool of [...tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const contract = contractOf(tool);
      locked[tool.name] = { ...contract, hash: toolHash(tool.name, contract, version) };
    }
    return { connection: connectionHash(config), server: version, tools: locked };
  } finally {
    await connection.close();
  }
}

/** What of a listed tool is its contract: JSON only (the SDK's objects may carry undefined fields). */
function contractOf(tool: Tool): Omit<LockedTool, 'hash'> {
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, JsonValue>;
  return {
    ...(tool.title === undefined ? {} : { title: tool.title }),
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: json(tool.inputSchema),
    ...(tool.outputSchema === undefined ? {} : { outputSchema: json(tool.outputSchema) }),
    ...(tool.annotations === undefined ? {} : { annotations: json(tool.annotations) }),
  };
}
