import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIServer, startOpenAIServer } from '../helpers/openai-server.js';
import { runCli } from '../helpers/run-cli.js';
import { REPO_ROOT, tempDir } from '../helpers/temp-project.js';

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A small project whose agent talks to `local:`, a provider declared in ca.yaml: the test server. */
function project(baseURL: string): string {
  const dir = tempDir('ca-run-provider-');
  mkdirSync(path.join(dir, 'src'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(
    path.join(dir, 'ca.yaml'),
    `src: [src]\nproviders:\n  local: { type: openai-compatible, baseURL: '${baseURL}', apiKeyEnv: LOCAL_LLM_KEY }\nprices:\n  'local:desk-1': { input: 1, output: 2 }\n`,
  );
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    path.join(dir, 'src', 'desk.ts'),
    `import { agent, tool } from 'composable-agents';
import { z } from 'zod';

export const lookupInvoice = tool({
  name: 'lookup_invoice',
  description: 'Fetch an invoice by id',
  effect: 'read',
  input: z.object({ invoice: z.string() }),
  run: async ({ invoice }) => ({ invoice, amountCents: 4900, status: 'paid' }),
});

export const billingDesk = agent({
  name: 'billing_desk',
  description: 'Answers invoice questions',
  model: 'local:desk-1',
  instructions: 'Look the invoice up before answering.',
  uses: [lookupInvoice],
  budget: { maxRounds: 4 },
});
`,
  );
  return dir;
}

describe('ca run against a real OpenAI-compatible server', () => {
  it('runs an agent’s tool call and answer through the AI SDK, with the key from the environment', async () => {
    server = await startOpenAIServer();
    server.reply(
      { toolCalls: [{ id: 'call_a', name: 'lookup_invoice', arguments: { invoice: 'INV-7' } }], usage: { prompt: 100, completion: 10 } },
      { text: 'INV-7 is paid: 49.00.', usage: { prompt: 150, completion: 8 } },
    );
    const dir = project(server.url);
    const result = await runCli(['run', 'billing_desk', '-p', dir, '--input', '"Is INV-7 paid?"', '--json'], { env: { LOCAL_LLM_KEY: 'sk-local-secret-123' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', status: 'succeeded', output: 'INV-7 is paid: 49.00.', tokens: { input: 250, output: 18 } });
    expect(events.at(-1).costUsd).toBeCloseTo((250 * 1 + 18 * 2) / 1e6, 10);
    const tool = events.find((e: { type: string; name?: string }) => e.type === 'span.started' && e.name === 'lookup_invoice');
    expect(tool).toMatchObject({ kind: 'tool', input: { invoice: 'INV-7' } });

    // What went over the wire: the system prompt, the tool with its JSON schema, the key, and the tool result in round 2.
    const [first, second] = server.requests;
    expect(first!.headers.authorization).toBe('Bearer sk-local-secret-123');
    expect(first!.body.messages[0]).toMatchObject({ role: 'system', content: 'Look the invoice up before answering.' });
    expect(first!.body.tools[0].function).toMatchObject({ name: 'lookup_invoice', parameters: { type: 'object', properties: { invoice: { type: 'string' } } } });
    const toolMessage = second!.body.messages.find((m: { role: string }) => m.role === 'tool');
    expect(toolMessage).toMatchObject({ tool_call_id: 'call_a' });
    expect(JSON.parse(toolMessage.content)).toEqual({ invoice: 'INV-7', amountCents: 4900, status: 'paid' });
    // The key never reaches the trace.
    expect(result.stdout).not.toContain('sk-local-secret-123');
  });

  it('fails the run with the provider’s message when the server refuses', async () => {
    server = await startOpenAIServer();
    server.reply({ status: 401, message: 'invalid api key' });
    const result = await runCli(['run', 'billing_desk', '-p', project(server.url), '--input', '"hi"'], { env: { LOCAL_LLM_KEY: 'wrong-key-0000' } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/HTTP 401/);
    expect(result.stderr).toMatch(/invalid api key/);
  });

  it('names the missing key of a declared provider before running', async () => {
    server = await startOpenAIServer();
    const result = await runCli(['run', 'billing_desk', '-p', project(server.url), '--input', '"hi"'], { env: { LOCAL_LLM_KEY: '' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/LOCAL_LLM_KEY is not set: agent billing_desk uses model local:desk-1/);
    expect(server.requests).toHaveLength(0);
  });
});
