import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import { MCP_LOCK_FILE, type LockedServer, type LockedTool, type LockRead } from '../../mcp/lock-file.js';
import type { McpServerDefinition, McpToolDefinition } from '../../sdk/definition.js';
import { RunError } from '../run-errors.js';
import { McpConnection } from './mcp-connection.js';
import { serverLabel } from './mcp-tool.js';

/** What a run needs to reach the project's MCP servers (RuntimeOptions.mcp). */
export interface McpRunSetup {
  /** The project folder: where stdio servers run and relative paths start. */
  root: string;
  /** ca.mcp.lock: the contracts calls are checked against. */
  lock: LockRead;
  /** Where `${NAME}` in a server's definition is looked up. */
  env: NodeJS.ProcessEnv;
}

/** Told on the span of the call that started a server. */
export type McpNote = (message: string) => void;

/**
 * The MCP servers of one run: each started on its first call (once per run, whatever calls it in
 * parallel), every call checked against the locked contract, all closed when the run ends.
 */
export class McpSessions {
  private readonly connections = new Map<string, Promise<McpConnection>>();
  /** The same servers once started, to tell which one a broken connection is. */
  private readonly started = new Map<string, McpConnection>();
  private readonly validator = new AjvJsonSchemaValidator();
  private closed = false;

  constructor(private readonly setup: McpRunSetup) {}

  /** The tool's locked contract; a tool that is not in the lock is refused before any server starts. */
  contract(def: McpToolDefinition): LockedTool {
    const lock = this.setup.lock;
    if (lock.kind === 'invalid') {
      throw new RunError('mcp-lock-invalid', `${MCP_LOCK_FILE} cannot be read: ${lock.message}`, { hint: 'write it again with ca mcp lock' });
    }
    const server = lock.kind === 'ok' ? lockedServer(lock.lock.servers, def.server.name) : undefined;
    const tool = server?.tools[def.tool];
    if (!tool) {
      const where = lock.kind === 'absent' ? `there is no ${MCP_LOCK_FILE}` : server ? `${MCP_LOCK_FILE} has no tool ${def.tool} for ${def.server.name}` : `${MCP_LOCK_FILE} has no server ${def.server.name}`;
      throw new RunError('mcp-not-locked', `${def.name} is not locked: ${where}`, {
        hint: server ? `the server does not list ${def.tool} (ca mcp lock lists what it has); check the tool name` : `run ca mcp lock to record the contract of ${def.server.name}'s tools`,
      });
    }
    return tool;
  }

  /** Calls the tool on its server: the input is checked against the locked input schema first. */
  async call(def: McpToolDefinition, input: unknown, signal: AbortSignal, note: McpNote, timeoutMs?: number): Promise<unknown> {
    const contract = this.contract(def);
    const args = input === undefined ? {} : input;
    const checked = this.validator.getValidator(contract.inputSchema as JsonSchemaType)(args);
    if (!checked.valid || typeof args !== 'object' || args === null || Array.isArray(args)) {
      throw new RunError('schema', `input of ${def.name} is invalid: ${checked.errorMessage ?? 'an MCP tool takes an object of arguments'}`, {
        hint: `check the value passed to ${def.name} against its input schema in ${MCP_LOCK_FILE} (ca show ${def.name})`,
      });
    }
    let connection = await this.connect(def.server, signal, note);
    if (connection.isBroken) {
      // It exited (or broke the protocol) in an earlier call: a retry, or a later call, gets a fresh server.
      this.forget(def.server.name, connection);
      connection = await this.connect(def.server, signal, note);
    }
    const outcome = await connection.callTool(def.tool, args as Record<string, unknown>, signal, timeoutMs);
    return outcome.output;
  }

  /** Closes every server this run started; a call after this starts none. */
  async close(): Promise<void> {
    this.closed = true;
    const open = [...this.connections.values()];
    this.connections.clear();
    this.started.clear();
    await Promise.all(open.map((pending) => pending.then((connection) => connection.close(), () => undefined)));
  }

  /** Drops a broken server (unless a parallel call already replaced it) and closes it. */
  private forget(name: string, broken: McpConnection): void {
    if (this.started.get(name) === broken) {
      this.started.delete(name);
      this.connections.delete(name);
    }
    void broken.close();
  }

  private connect(server: McpServerDefinition, signal: AbortSignal, note: McpNote): Promise<McpConnection> {
    if (this.closed) return Promise.reject(new RunError('cancelled', `${serverLabel(server)} is not started: the run is ending`));
    const known = this.connections.get(server.name);
    if (known) return known;
    const started = performance.now();
    const pending = McpConnection.open(server, this.setup.root, this.setup.env, signal).then((connection) => {
      const { name, version } = connection.serverVersion;
      note(`started ${serverLabel(server)} (${name}${version ? ` ${version}` : ''}) in ${Math.round(performance.now() - started)} ms`);
      if (this.connections.get(server.name) === pending) this.started.set(server.name, connection);
      return connection;
    });
    this.connections.set(server.name, pending);
    // A server that did not start is tried again by the next call (a retry), not remembered as failed.
    pending.catch(() => {
      if (this.connections.get(server.name) === pending) this.connections.delete(server.name);
    });
    return pending;
  }
}

/** The lock's entry for a server, by its id; a package-qualified id (`tools/weather`) is found by its own name when that is unambiguous. */
function lockedServer(servers: Readonly<Record<string, LockedServer>>, name: string): LockedServer | undefined {
  if (Object.hasOwn(servers, name)) return servers[name];
  const qualified = Object.keys(servers).filter((id) => id.endsWith(`/${name}`));
  return qualified.length === 1 ? servers[qualified[0]!] : undefined;
}
