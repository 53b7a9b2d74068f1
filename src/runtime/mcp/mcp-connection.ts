import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerDefinition } from '../../sdk/definition.js';
import { RunError } from '../run-errors.js';
import { serverLabel } from './mcp-tool.js';
import { serverLaunch, type ServerLaunch } from './server-launch.js';

/** The last lines a stdio server wrote to stderr: what its errors quote. */
const STDERR_LINES = 20;
/** The SDK's own default for a request without a timeout. */
export const DEFAULT_MCP_TIMEOUT_MS = 60_000;

/** Stdio servers of this process that are still running: killed if ca exits without closing them (a second Ctrl-C). */
const running = new Set<number>();
let exitHook = false;
function track(pid: number | null): void {
  if (pid === null) return;
  running.add(pid);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const child of running) {
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  });
}

export interface McpCallOutcome {
  /** structuredContent when the server gives it, else the text of its content, else the content as is. */
  output: unknown;
}

/**
 * One started MCP server, through the official SDK's client: stdio (a child process) or streamable
 * HTTP. A call that the server answers with an error, a server that exits, a line on stdout that
 * is not JSON-RPC, a timeout: each is a RunError that says which server and what happened.
 */
export class McpConnection {
  private stderr: string[] = [];
  /** Why the connection broke (the server exited, wrote garbage): calls in flight fail with it at once. */
  private broken: RunError | undefined;
  private readonly breaks = new AbortController();
  private pid: number | null = null;

  private constructor(
    readonly server: McpServerDefinition,
    private readonly client: Client,
    private readonly transport: StdioClientTransport | StreamableHTTPClientTransport,
  ) {}

  /** Starts (stdio) or reaches (HTTP) the server and does MCP's initialize handshake. */
  static async open(server: McpServerDefinition, root: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<McpConnection> {
    const launch = serverLaunch(server, root, env);
    const transport = createTransport(launch);
    const client = new Client({ name: 'ca', version: '1' }, { capabilities: {} });
    const connection = new McpConnection(server, client, transport);
    connection.listen(launch);
    try {
      await client.connect(transport, { ...(signal ? { signal } : {}), timeout: DEFAULT_MCP_TIMEOUT_MS });
    } catch (error) {
      await connection.close();
      throw connection.startFailure(launch, error);
    }
    if (transport instanceof StdioClientTransport) {
      connection.pid = transport.pid;
      track(connection.pid);
    }
    return connection;
  }

  /** The server exited or broke the protocol: calls fail, and the run's next call starts a fresh one. */
  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  get serverVersion(): { name: string; version: string } {
    const info = this.client.getServerVersion();
    return { name: info?.name ?? this.server.name, version: info?.version ?? '' };
  }

  /** Every tool the server lists, all pages. */
  async listTools(signal?: AbortSignal): Promise<Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.guard('tools/list', () => this.client.listTools(cursor === undefined ? {} : { cursor }, this.requestOptions(signal)));
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return tools;
  }

  /** Calls `tool`; the server's own error answer (isError) is a failure too. */
  async callTool(tool: string, input: Record<string, unknown>, signal: AbortSignal, timeoutMs?: number): Promise<McpCallOutcome> {
    const result = (await this.guard(tool, () => this.client.callTool({ name: tool, arguments: input }, undefined, this.requestOptions(signal, timeoutMs)))) as CallToolResult;
    if (result.isError) {
      const text = contentText(result) ?? JSON.stringify(result.content);
      throw new RunError('mcp-tool-error', `${serverLabel(this.server)} answered ${tool} with an error: ${oneLine(text)}`, {
        final: false,
        hint: 'the tool itself failed on the server: check the input, or the server',
      });
    }
    return { output: result.structuredContent ?? contentText(result) ?? result.content };
  }

  /** Ends the server: stdin closed, then SIGTERM, then SIGKILL (the SDK's escalation), or the HTTP session closed. */
  async close(): Promise<void> {
    try {
      await this.client.close();
    } catch {
      // Closing what is already gone.
    }
    if (this.pid !== null) running.delete(this.pid);
  }

  private requestOptions(signal?: AbortSignal, timeoutMs?: number) {
    const signals = [this.breaks.signal, ...(signal ? [signal] : [])];
    return { signal: AbortSignal.any(signals), timeout: timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS };
  }

  private listen(launch: ServerLaunch): void {
    const fail = (error: RunError) => {
      if (this.broken) return;
      this.broken = error;
      this.breaks.abort(error);
    };
    this.transport.onerror = (error) => {
      // A line on stdout that is not JSON-RPC: the server is speaking something else (logging to stdout?).
      if (error instanceof SyntaxError || error.name === 'ZodError' || /JSON/.test(error.message)) {
        fail(new RunError('mcp-protocol', `${serverLabel(this.server)} sent a message that is not JSON-RPC: ${oneLine(error.message)}`, {
          hint: 'an MCP stdio server must write only protocol messages to stdout (log to stderr)',
        }));
      }
    };
    if (this.transport instanceof StdioClientTransport) {
      const stream = this.transport.stderr;
      stream?.on('data', (chunk: Buffer) => {
        this.stderr.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''));
        if (this.stderr.length > STDERR_LINES) this.stderr.splice(0, this.stderr.length - STDERR_LINES);
      });
    }
    const previous = this.client.onclose;
    this.client.onclose = () => {
      previous?.();
      if (launch.transport === 'stdio') fail(this.exited());
    };
  }

  private exited(): RunError {
    const said = this.stderr.at(-1);
    return new RunError('mcp-server-exited', `${serverLabel(this.server)} exited${said === undefined ? '' : `: ${oneLine(said)}`}`, {
      final: false,
      hint: 'run its command by hand to see why it stops',
    });
  }

  /** What went wrong in a request, as one line about this server. */
  private async guard<T>(what: string, request: () => Promise<T>): Promise<T> {
    if (this.broken) throw this.broken;
    try {
      return await request();
    } catch (error) {
      if (this.broken) throw this.broken;
      if (error instanceof RunError) throw error;
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
        throw new RunError('timeout', `${serverLabel(this.server)} did not answer ${what} within ${DEFAULT_MCP_TIMEOUT_MS} ms`, {
          final: false,
          hint: 'give the call a timeoutMs (ctx.call(tool, input, { timeoutMs })), or check the server',
        });
      }
      if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) throw this.exited();
      const message = error instanceof Error ? error.message : String(error);
      throw new RunError('mcp-error', `${serverLabel(this.server)} failed ${what}: ${oneLine(message)}`, { final: false });
    }
  }

  private startFailure(launch: ServerLaunch, error: unknown): RunError {
    if (error instanceof RunError) return error;
    const code = (error as NodeJS.ErrnoException).code;
    const said = this.stderr.at(-1);
    const how = launch.transport === 'stdio' ? `${launch.command}${launch.args.length > 0 ? ` ${launch.args.join(' ')}` : ''}` : launch.url.href;
    const why = code === 'ENOENT' ? `${launch.transport === 'stdio' ? launch.command : how}: no such command` : oneLine(said ?? (error instanceof Error ? error.message : String(error)));
    return new RunError('mcp-server-failed', `${serverLabel(this.server)} did not start (${how}): ${why}`, {
      final: false,
      hint: launch.transport === 'stdio' ? 'check its command and args (relative paths are from the project folder); run it by hand to see its error' : 'check that the server is up at that URL',
    });
  }
}

function createTransport(launch: ServerLaunch): StdioClientTransport | StreamableHTTPClientTransport {
  if (launch.transport === 'http') return new StreamableHTTPClientTransport(launch.url, { requestInit: { headers: launch.headers } });
  return new StdioClientTransport({ command: launch.command, args: launch.args, env: launch.env, cwd: launch.cwd, stderr: 'pipe' });
}

/** The text items of a result joined, when all its content is text. */
function contentText(result: CallToolResult): string | undefined {
  const content = result.content ?? [];
  if (content.length === 0 || !content.every((item) => item.type === 'text')) return undefined;
  return content.map((item) => (item as { text: string }).text).join('\n');
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
