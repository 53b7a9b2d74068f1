import { seal } from './define.js';
import { EFFECTS, type Effect, type McpServerDefinition, type McpToolDefinition, type MetaValue } from './definition.js';
import { DefinitionError, SpecCheck, show } from './validate.js';

/** What `mcpServer()` takes: `command` (stdio) or `url` (streamable HTTP), not both. */
export interface McpServerSpec {
  readonly name: string;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
  readonly command?: string | undefined;
  readonly args?: readonly string[] | undefined;
  readonly env?: Readonly<Record<string, string>> | undefined;
  readonly cwd?: string | undefined;
  readonly url?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Declares an MCP server whose tools flows and agents may use (through `mcpTool`). Starts nothing. */
export function mcpServer(spec: McpServerSpec): McpServerDefinition {
  const check = SpecCheck.of('mcp_server', spec).string('command').string('cwd').string('url');
  if (check.has('command') === check.has('url')) {
    check.fail(check.has('url') ? 'url' : 'command', 'give either command (a stdio server) or url (a streamable HTTP server), not both');
  }
  if (check.has('url')) {
    for (const field of ['args', 'env', 'cwd']) if (check.has(field)) check.fail(field, `${field} goes with command (a stdio server), not with url`);
  } else if (check.has('headers')) {
    check.fail('headers', 'headers go with url (an HTTP server), not with command');
  }
  const args = spec.args;
  if (args !== undefined && (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string'))) {
    check.fail('args', `args must be an array of strings, got ${show(args)}`);
  }
  for (const field of ['env', 'headers'] as const) {
    const value: unknown = spec[field];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
      check.fail(field, `${field} must be an object of strings (write a secret as "\${VARIABLE}"), got ${show(value)}`);
    }
  }
  return seal('mcp_server', spec);
}

/** What `mcpTool()` takes. `name` is the node's id, by default the tool's name on the server. */
export interface McpToolSpec {
  readonly name?: string | undefined;
  readonly server: McpServerDefinition;
  readonly tool: string;
  readonly description?: string | undefined;
  /** Yours to declare: the server's annotations are hints, never trusted. Absent means `'write'`. */
  readonly effect?: Effect | undefined;
  readonly idempotent?: boolean | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
}

/**
 * One tool of an MCP server as a tool node. `I` and `O` type its input and output for your code
 * (`mcpTool<{ city: string }, Forecast>(…)`); at run time the input is checked against the schema
 * in ca.mcp.lock.
 */
export function mcpTool<I = Record<string, unknown>, O = unknown>(spec: McpToolSpec): McpToolDefinition<I, O> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new DefinitionError('tool', undefined, '', `mcpTool() expects one object with server and tool, got ${show(spec)}`);
  }
  if (typeof spec.tool !== 'string' || spec.tool === '') {
    throw new DefinitionError('tool', spec.name, 'tool', `tool must be the name of the tool on the server, got ${show(spec.tool)}`);
  }
  const server: unknown = spec.server;
  if (typeof server !== 'object' || server === null || (server as { kind?: unknown }).kind !== 'mcp_server') {
    const hint = server === undefined ? ' (an import that is still undefined usually means a circular import)' : '';
    throw new DefinitionError('tool', spec.name ?? spec.tool, 'server', `server must be an mcpServer(), got ${show(server)}${hint}`);
  }
  const named = { ...spec, name: spec.name ?? spec.tool };
  SpecCheck.of('tool', named).string('tool', true).oneOf('effect', EFFECTS).boolean('idempotent');
  return seal<McpToolDefinition>('tool', named) as McpToolDefinition<I, O>;
}
