import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { UserError } from '../core/errors.js';
import type { ProjectOptions } from './load-project.js';
import { type McpProject, openMcpProject, watchMcpProject } from './mcp-project.js';
import { createMcpServer } from './mcp-server.js';

export interface McpServeOptions {
  /** Also offer the `run` tool. */
  allowRun?: boolean;
  /** Keep the scan warm: re-scan on every save, and answer each call from the latest scan. */
  watch?: boolean;
}

/** A missing or broken project is a startup error, not a tool error on every call. */
function startProject(project: ProjectOptions, options: McpServeOptions): Promise<McpProject> {
  return options.watch ? watchMcpProject(project) : openMcpProject(project);
}

/** Serve over stdin/stdout until the client goes away (it closes stdin, or the transport). */
export async function serveMcpStdio(project: ProjectOptions, options: McpServeOptions = {}): Promise<void> {
  const source = await startProject(project, options);
  try {
    const server = createMcpServer(source, options);
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once('end', () => void server.close().finally(resolve));
    });
    await server.connect(transport);
    await closed;
  } finally {
    await source.close();
  }
}

export interface McpHttpServing {
  url: string;
  close(): Promise<void>;
}

/**
 * Streamable HTTP on loopback only, stateless: every request gets its own server and transport
 * (the SDK's stateless pattern), so no session outlives a call and nothing is shared between clients.
 */
export async function serveMcpHttp(project: ProjectOptions & { port: number }, options: McpServeOptions = {}): Promise<McpHttpServing> {
  const source = await startProject(project, options);
  const http: Server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('ca mcp serve: the MCP endpoint is /mcp\n');
      return;
    }
    const port = (http.address() as AddressInfo).port;
    const server = createMcpServer(source, options);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      // Another site's page could reach loopback through DNS rebinding: only our own host names are answered.
      enableDnsRebindingProtection: true,
      allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`],
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new UserError('port-in-use', `port ${project.port} is in use`, { hint: 'Pick another with --http PORT (0 picks a free one).' }) : error),
      );
      http.listen(project.port, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await source.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    async close() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await source.close();
    },
  };
}
