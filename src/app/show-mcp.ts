import type { CaNode, JsonValue, McpLockState } from '../core/node.js';
import type { McpServerShown, McpToolShown } from '../core/results.js';
import { connectionHash, type LockRead } from '../mcp/lock-file.js';
import { serverVariables } from '../mcp/server-variables.js';

/**
 * `ca show` of an MCP tool: its server and the contract ca.mcp.lock holds for it. The lock is
 * read as a file; no server is started. Where the lock stands is discovery's answer (`node.mcp`).
 */
export function mcpToolShown(node: CaNode, lock: LockRead): McpToolShown | undefined {
  const ref = node.mcp;
  if (ref === undefined) return undefined;
  const shown: McpToolShown = { tool: ref.tool, lock: ref.lock };
  if (ref.server !== undefined) shown.server = ref.server;
  if (lock.kind === 'invalid') shown.lockProblem = lock.message;
  const entry = lock.kind === 'ok' && ref.server !== undefined ? lock.lock.servers[ref.server] : undefined;
  const tool = entry?.tools[ref.tool];
  if (entry && tool && (ref.lock === 'locked' || ref.lock === 'stale')) shown.locked = { ...tool, server: entry.server };
  return shown;
}

/**
 * `ca show` of an mcp_server: how it is reached as written (the names of its env variables and
 * headers, never their values), what ca.mcp.lock says it is, and the tool nodes that use it.
 */
export function mcpServerShown(node: CaNode, nodes: readonly CaNode[], lock: LockRead): McpServerShown {
  const config = node.config;
  const text = (key: string): string | undefined => (typeof config[key] === 'string' ? config[key] : undefined);
  const strings = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const record = (value: JsonValue | undefined): Record<string, string> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
      : {};
  const env = record(config['env']);
  const headers = record(config['headers']);
  const [command, url, cwd] = [text('command'), text('url'), text('cwd')];
  const args = strings(config['args']);
  const entry = lock.kind === 'ok' && Object.hasOwn(lock.lock.servers, node.name) ? lock.lock.servers[node.name] : undefined;
  const state: McpLockState =
    lock.kind === 'absent' ? 'no-lock'
    : lock.kind === 'invalid' ? 'unreadable'
    : entry === undefined ? 'missing'
    : entry.connection === connectionHash(config) ? 'locked'
    : 'stale';
  const tools = nodes
    .filter((other) => other.mcp?.server === node.name)
    .map((other) => ({ node: other.name, tool: other.mcp!.tool, lock: other.mcp!.lock }));
  const declared = new Set(tools.map((tool) => tool.tool));
  const shown: McpServerShown = {
    transport: url !== undefined ? 'http' : 'stdio',
    ...(command === undefined ? {} : { command }),
    ...(config['args'] === undefined ? {} : { args }),
    ...(cwd === undefined ? {} : { cwd }),
    ...(url === undefined ? {} : { url }),
    env: Object.keys(env).sort(),
    headers: Object.keys(headers).sort(),
    variables: serverVariables(config),
    lock: state,
    tools,
    undeclared: Object.keys(entry?.tools ?? {}).filter((tool) => !declared.has(tool)).sort(),
  };
  if (lock.kind === 'invalid') shown.lockProblem = lock.message;
  if (entry) shown.server = entry.server;
  return shown;
}
