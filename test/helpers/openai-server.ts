import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted model answers to the next request. */
export type ScriptedReply =
  | { text: string; usage?: ScriptedUsage }
  | { toolCalls: { name: string; arguments: unknown; id?: string }[]; text?: string; usage?: ScriptedUsage }
  /** A structured answer: the content is the value as JSON text. */
  | { json: unknown; usage?: ScriptedUsage }
  /** An HTTP error with an OpenAI-style error body (and headers such as Retry-After). */
  | { status: number; message: string; type?: string; headers?: Record<string, string> }
  /** A server that takes the request and never answers. */
  | { hang: true }
  /** A server that answers 200 and then sends one byte of a body every `everyMs`, never finishing. */
  | { trickleEveryMs: number };

export interface ScriptedUsage {
  prompt: number;
  completion: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: any;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface OpenAIServer {
  /** Base URL, ending in `/v1`: what OPENAI_BASE_URL or a provider's `baseURL` takes. */
  url: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  /** Queues replies, one per request, in order. A request with nothing queued gets a 500. */
  reply(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE: ScriptedUsage = { prompt: 12, completion: 5 };

/**
 * A local stand-in for the OpenAI chat-completions API (POST /v1/chat/completions), on 127.0.0.1
 * and a free port: plain JSON replies, and server-sent events when the request says `stream: true`.
 * It records what the SDK sent, so tests assert on the wire format (tools, messages, headers).
 */
export async function startOpenAIServer(): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let completions = 0;

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body, at: Date.now() });
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
        return;
      }
      const reply = queue.shift();
      if (!reply) {
        sendJson(res, 500, { error: { message: 'the test scripted no reply for this request', type: 'server_error' } });
        return;
      }
      if ('status' in reply) {
        sendJson(res, reply.status, { error: { message: reply.message, type: reply.type ?? 'invalid_request_error' } }, reply.headers);
        return;
      }
      if ('hang' in reply) return;
      if ('trickleEveryMs' in reply) {
        res.writeHead(200, { 'content-type': body?.stream ? 'text/event-stream' : 'application/json' });
        res.write(body?.stream ? ': ' : '{');
        const timer = setInterval(() => res.write(' '), reply.trickleEveryMs);
        res.on('close', () => clearInterval(timer));
        return;
      }
      completions++;
      const id = `chatcmpl-${completions}`;
      const usage = reply.usage ?? DEFAULT_USAGE;
      const content = 'json' in reply ? JSON.stringify(reply.json) : 'text' in reply && reply.text !== undefined ? reply.text : null;
      const toolCalls =
        'toolCalls' in reply
          ? reply.toolCalls.map((call, index) => ({
              id: call.id ?? `call_${completions}_${index}`,
              type: 'function' as const,
              function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
            }))
          : undefined;
      const finishReason = toolCalls ? 'tool_calls' : 'stop';
      const usageBody = { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion };
      if (body?.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
          res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
        chunk({ role: 'assistant', content: '' });
        for (const piece of content?.match(/\S+\s*|\s+/g) ?? []) chunk({ content: piece });
        toolCalls?.forEach((call, index) => {
          chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
          chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] });
        });
        chunk({}, finishReason);
        if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: body.model, choices: [], usage: usageBody })}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: 0,
        model: body?.model,
        choices: [{ index: 0, message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finishReason }],
        usage: usageBody,
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
