import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTarget } from '../../src/deploy/targets/create-target.js';
import { parseRetryAfter } from '../../src/deploy/targets/http.js';
import { PublishError } from '../../src/deploy/targets/target.js';
import { triageArtifact } from './artifacts.js';

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Reply = (response: ServerResponse, request: Received) => void;

const servers: Server[] = [];

/** A real release server on 127.0.0.1: the n-th request gets the n-th reply (the last one repeats). */
async function releaseServer(replies: Reply[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', headers: request.headers, body };
      received.push(entry);
      const reply = replies[Math.min(received.length, replies.length) - 1];
      reply?.(response, entry);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/releases`, received, server };
}

const status =
  (code: number, body = '', headers: Record<string, string> = {}): Reply =>
  (response) => {
    response.writeHead(code, { 'Content-Type': 'text/plain', ...headers });
    response.end(body);
  };
const accepted = status(201, '{"ok":true}', { 'Content-Type': 'application/json' });

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Waits recorded instead of slept, with the jitter at its ceiling, so backoff is visible and tests are fast. */
function recordedWaits() {
  const waits: number[] = [];
  return { waits, options: { sleep: async (ms: number) => void waits.push(ms), random: () => 1 } };
}


describe('http target', () => {
  it('POSTs the artifact as JSON and retries 503 with exponential backoff until accepted', async () => {
    const { url, received } = await releaseServer([status(503, 'warming up'), status(503, 'warming up'), accepted]);
    const { waits, options } = recordedWaits();
    const target = createTarget({ type: 'http', url }, '/unused', { http: options });
    const artifact = triageArtifact();

    const result = await target.publish({ env: 'prod', node: 'triage', artifact, root: '/unused' });

    expect(result.location).toBe(url);
    expect(received).toHaveLength(3);
    expect(waits).toEqual([200, 400]);
    const last = received[2];
    expect(last?.method).toBe('POST');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(last?.headers['idempotency-key']).toBe(`prod:triage:${artifact.hash}`);
    expect(last?.headers['x-ca-artifact-hash']).toBe(artifact.hash);
    expect(last?.headers.authorization).toBeUndefined();
    expect(JSON.parse(last?.body ?? '')).toEqual(artifact);
    expect(target.describe()).toBe(`http ${url}`);
  });

  it('retries with the real clock, bounded', async () => {
    const { url, received } = await releaseServer([status(502), accepted]);
    const target = createTarget({ type: 'http', url }, '/unused', { http: { baseDelayMs: 20 } });
    await target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' });
    expect(received).toHaveLength(2);
  });

  it('honours Retry-After on 429, capped', async () => {
    const { url, received } = await releaseServer([
      status(429, 'slow down', { 'Retry-After': '0' }),
      status(429, 'slow down', { 'Retry-After': '3600' }),
      accepted,
    ]);
    const { waits, options } = recordedWaits();
    const target = createTarget({ type: 'http', url }, '/unused', { http: { ...options, maxDelayMs: 5_000 } });
    await target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' });
    expect(received).toHaveLength(3);
    expect(waits).toEqual([0, 5_000]);
  });

  it('a 4xx is final: one request, a PublishError with the status and an excerpt of the body', async () => {
    const { url, received } = await releaseServer([status(400, `{"error":"artifact schemaVersion 1 is not supported"}${' '.repeat(10)}${'x'.repeat(1000)}`)]);
    const target = createTarget({ type: 'http', url }, '/unused', { http: recordedWaits().options });
    const error = await target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' }).catch((caught: unknown) => caught);

    expect(received).toHaveLength(1);
    expect(error).toBeInstanceOf(PublishError);
    const failure = error as PublishError;
    expect(failure.details.status).toBe(400);
    expect(failure.message).toMatch(new RegExp(`^POST ${url} failed: HTTP 400 Bad Request: \\{"error":"artifact schemaVersion 1 is not supported"\\} x+…$`));
    expect(failure.message.length).toBeLessThan(450);
  });

  it('gives up after four attempts on a server that keeps failing', async () => {
    const { url, received } = await releaseServer([status(503, 'down for maintenance')]);
    const { waits, options } = recordedWaits();
    const target = createTarget({ type: 'http', url }, '/unused', { http: options });
    const publishing = target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' });
    await expect(publishing).rejects.toThrow(`POST ${url} failed after 4 attempts: HTTP 503 Service Unavailable: down for maintenance`);
    expect(received).toHaveLength(4);
    expect(waits).toEqual([200, 400, 800]);
  });

  it('sends the bearer token from the env variable named by tokenEnv, and never shows it', async () => {
    vi.stubEnv('SUPPORT_DESK_DEPLOY_TOKEN', 'tok-4f9c2a77e1');
    const { url, received } = await releaseServer([
      (response, got) => status(401, `rejected credentials: ${got.headers.authorization ?? ''}`)(response, got),
    ]);
    const target = createTarget({ type: 'http', url, tokenEnv: 'SUPPORT_DESK_DEPLOY_TOKEN' }, '/unused');
    const error = (await target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' }).catch((caught: unknown) => caught)) as Error;

    expect(received[0]?.headers.authorization).toBe('Bearer tok-4f9c2a77e1');
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('Bearer ***');
    expect(error.message).not.toContain('tok-4f9c2a77e1');
    expect(target.describe()).not.toContain('tok-');
  });

  it('a missing token variable is a PublishError naming it, before any request', async () => {
    vi.stubEnv('SUPPORT_DESK_DEPLOY_TOKEN', undefined);
    const { url, received } = await releaseServer([accepted]);
    const target = createTarget({ type: 'http', url, tokenEnv: 'SUPPORT_DESK_DEPLOY_TOKEN' }, '/unused');
    const publishing = target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' });
    await expect(publishing).rejects.toBeInstanceOf(PublishError);
    await expect(publishing).rejects.toThrow(/SUPPORT_DESK_DEPLOY_TOKEN .* is not set/);
    expect(received).toHaveLength(0);
  });

  it('retries a network error, then reports it', async () => {
    const { url, server } = await releaseServer([accepted]);
    await new Promise((resolve) => server.close(resolve)); // nothing listens on the port any more
    const { waits, options } = recordedWaits();
    const target = createTarget({ type: 'http', url }, '/unused', { http: { ...options, attempts: 3 } });
    const publishing = target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' });
    await expect(publishing).rejects.toThrow(`cannot reach ${url}: ECONNREFUSED (3 attempts)`);
    expect(waits).toEqual([200, 400]);
  });

  it('gives each attempt a timeout and retries a hung one', async () => {
    const { url, received } = await releaseServer([() => undefined /* never answers */, accepted]);
    const target = createTarget({ type: 'http', url }, '/unused', { http: { ...recordedWaits().options, timeoutMs: 200 } });
    const started = Date.now();
    await target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' });
    expect(received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not follow a redirect with the token', async () => {
    vi.stubEnv('SUPPORT_DESK_DEPLOY_TOKEN', 'tok-4f9c2a77e1');
    const { url, received } = await releaseServer([status(307, '', { Location: 'https://elsewhere.example.com/upload' })]);
    const target = createTarget({ type: 'http', url, tokenEnv: 'SUPPORT_DESK_DEPLOY_TOKEN' }, '/unused');
    const publishing = target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root: '/unused' });
    await expect(publishing).rejects.toThrow('was redirected (HTTP 307 Temporary Redirect to https://elsewhere.example.com/upload); configure the final URL');
    expect(received).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('7')).toBe(7_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
