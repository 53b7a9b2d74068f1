import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../core/errors.js';

/** What the page server hands out: the page (data inlined) and the same data alone, for live updates. */
export interface ServedPage {
  html: string;
  json: string;
}

export interface PageServer {
  url: string;
  port: number;
  /** Serves this page from now on and tells every open page to fetch it. */
  publish(page: ServedPage): void;
  /** Tells every open page what went wrong; the last good page stays served. */
  problem(message: string): void;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * A page server for the developer's own browser: node:http on 127.0.0.1 only, GET only, and a
 * Host check, so that another site cannot read the project's graph through DNS rebinding.
 * `/` is the page, `/data.json` its data, `/events` a Server-Sent Events stream of updates.
 */
export async function startPageServer(page: ServedPage, port: number): Promise<PageServer> {
  let current = page;
  const clients = new Set<ServerResponse>();
  const server = createServer((request, response) => handle(request, response));
  let url = '';

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const actualPort = (server.address() as AddressInfo).port;
    const allowedHosts = [`${HOST}:${actualPort}`, `localhost:${actualPort}`];
    if (!allowedHosts.includes(request.headers.host ?? '')) return send(response, 403, 'text/plain', 'forbidden host\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'method not allowed\n');
    const path = new URL(request.url ?? '/', url).pathname;
    if (path === '/' || path === '/index.html') return send(response, 200, 'text/html; charset=utf-8', current.html);
    if (path === '/data.json') return send(response, 200, 'application/json; charset=utf-8', current.json);
    if (path === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    send(response, 404, 'text/plain', 'not found\n');
  }

  const broadcast = (event: string, text: string) => {
    const payload = `event: ${event}\n${text.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
    for (const client of clients) client.write(payload);
  };
  // Comments keep idle connections open through proxies and let closed tabs be noticed.
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new UserError('port-in-use', `port ${port} on ${HOST} is already in use`, { hint: 'Pass --port with another number, or --port 0 for any free port.' }));
      } else if (error.code === 'EACCES') {
        reject(new UserError('port-denied', `not allowed to listen on port ${port}`, { hint: 'Use a port above 1023, or --port 0 for any free port.' }));
      } else reject(error);
    });
    server.listen(port, HOST, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  url = `http://${HOST}:${actual}/`;

  return {
    url,
    port: actual,
    publish(next) {
      current = next;
      broadcast('update', String(Date.now()));
    },
    problem(message) {
      broadcast('problem', message);
    },
    close() {
      clearInterval(keepAlive);
      for (const client of clients) client.end();
      clients.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(body);
}
