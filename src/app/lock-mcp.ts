import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CaNode, JsonValue } from '../core/node.js';
import type { McpLockResult, McpLockServer } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { UserError } from '../core/errors.js';
import { MCP_LOCK_FILE, MCP_LOCK_VERSION, readMcpLock, serializeMcpLock, type LockedServer, type McpLock } from '../mcp/lock-file.js';
import { lockServer } from '../runtime/mcp/lock-server.js';
import { RunError, toTraceError } from '../runtime/run-errors.js';
import type { McpServerDefinition } from '../sdk/definition.js';
import type { ProjectOptions } from './load-project.js';
import { loadAndSelect } from './select-project.js';

export interface LockMcpOptions extends ProjectOptions {
  selection: SelectionRequest;
  /** Compare only: nothing is written. */
  check?: boolean;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Said as each server is asked (progress). */
  onServer?(name: string): void;
}

/**
 * `ca mcp lock`: the explicit, networked action of SPEC §12. Every selected mcp_server (all of
 * them without -s) is started once from its definition as discovery read it (no project code is
 * imported), its tools listed, and closed; ca.mcp.lock gets each tool's contract and hash. Servers
 * not selected keep their entries; a server that fails keeps its old entry and fails the verb.
 */
export async function lockMcp(options: LockMcpOptions): Promise<McpLockResult> {
  const project = await loadAndSelect(options);
  const root = project.config.root;
  const servers = project.scan.nodes.filter((node) => node.kind === 'mcp_server' && node.package?.external !== true);
  const everything = options.selection.select.length === 0 && options.selection.exclude.length === 0 && options.selection.selector === undefined;
  const chosen = servers.filter((node) => project.selection.selected.has(node.name));
  if (chosen.length === 0) {
    throw new UserError('no-mcp-servers', servers.length === 0 ? 'the project defines no MCP server' : 'the selection holds no MCP server', {
      hint: servers.length === 0 ? "define one with mcpServer({ name, command, args }) or mcpServer({ name, url }) (docs/mcp.md)" : `MCP servers: ${servers.map((node) => node.name).join(', ')}`,
    });
  }
  const before = readMcpLock(root);
  if (before.kind === 'invalid' && !everything) {
    throw new UserError('mcp-lock-invalid', `${MCP_LOCK_FILE} cannot be read: ${before.message}`, {
      location: { file: path.join(root, MCP_LOCK_FILE), line: before.line, column: before.column },
      hint: 'lock every server (ca mcp lock without -s) to write it afresh',
    });
  }
  const old: Record<string, LockedServer> = before.kind === 'ok' ? before.lock.servers : {};
  const next: McpLock = { version: MCP_LOCK_VERSION, servers: everything ? {} : { ...old } };
  if (everything) for (const node of servers) if (Object.hasOwn(old, node.name)) next.servers[node.name] = old[node.name]!;

  const env = options.env ?? process.env;
  const results: McpLockServer[] = [];
  for (const node of chosen) {
    options.onServer?.(node.name);
    const previous = Object.hasOwn(old, node.name) ? old[node.name] : undefined;
    try {
      const entry = await lockServer(serverDefinition(node), node.config, root, env, options.signal);
      next.servers[node.name] = entry;
      results.push(compare(node.name, previous, entry));
    } catch (error) {
      const traced = toTraceError(error instanceof RunError || error instanceof UserError ? error : new RunError('mcp-error', (error as Error).message ?? String(error)));
      results.push({ name: node.name, status: 'failed', tools: Object.keys(previous?.tools ?? {}).length, added: [], removed: [], changed: [], error: traced });
    }
  }
  if (everything) {
    for (const name of Object.keys(old).sort()) {
      if (!servers.some((node) => node.name === name)) results.push({ name, status: 'removed', tools: 0, added: [], removed: Object.keys(old[name]!.tools), changed: [] });
    }
  }
  const text = serializeMcpLock(next);
  const differs = before.kind !== 'ok' || before.text !== text;
  const file = path.join(root, MCP_LOCK_FILE);
  const written = !options.check && differs && results.some((r) => r.status !== 'failed');
  if (written) writeFileSync(file, text);
  const shown = path.relative(options.cwd ?? process.cwd(), file) || MCP_LOCK_FILE;
  return { lockFile: shown.startsWith('..') ? file : shown, servers: results, written, check: options.check === true };
}

/** The server as its node's literal config gives it: `ca mcp lock` imports no project code. */
function serverDefinition(node: CaNode): McpServerDefinition {
  const text = (key: string): string | undefined => (typeof node.config[key] === 'string' ? (node.config[key] as string) : undefined);
  const strings = (value: JsonValue | undefined): Record<string, string> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string') ? (value as Record<string, string>) : undefined;
  const args = node.config['args'];
  const dynamic = ['command', 'args', 'env', 'cwd', 'url', 'headers'].filter((key) => node.properties.includes(key) && node.config[key] === undefined);
  if (dynamic.length > 0) {
    throw new UserError('mcp-dynamic-server', `${node.name}: ${dynamic.join(', ')} ${dynamic.length === 1 ? 'is' : 'are'} not written as literals, so ca mcp lock cannot start it without running project code`, {
      location: { file: node.file, line: node.line, column: node.column },
      hint: "write them inline as literals; use '${NAME}' for what comes from the environment",
    });
  }
  return {
    kind: 'mcp_server',
    name: node.localName ?? node.name,
    ...(text('command') === undefined ? {} : { command: text('command') }),
    ...(Array.isArray(args) && args.every((arg) => typeof arg === 'string') ? { args: args as string[] } : {}),
    ...(strings(node.config['env']) === undefined ? {} : { env: strings(node.config['env']) }),
    ...(text('cwd') === undefined ? {} : { cwd: text('cwd') }),
    ...(text('url') === undefined ? {} : { url: text('url') }),
    ...(strings(node.config['headers']) === undefined ? {} : { headers: strings(node.config['headers']) }),
  };
}

function compare(name: string, before: LockedServer | undefined, after: LockedServer): McpLockServer {
  const had = before?.tools ?? {};
  const has = after.tools;
  const added = Object.keys(has).filter((tool) => !Object.hasOwn(had, tool));
  const removed = Object.keys(had).filter((tool) => !Object.hasOwn(has, tool));
  const changed = Object.keys(has).filter((tool) => Object.hasOwn(had, tool) && had[tool]!.hash !== has[tool]!.hash);
  const same = before !== undefined && before.connection === after.connection && added.length + removed.length + changed.length === 0;
  return { name, status: same ? 'unchanged' : 'locked', server: after.server, tools: Object.keys(has).length, added, removed, changed };
}
