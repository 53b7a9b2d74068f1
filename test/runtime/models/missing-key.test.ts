import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { createModelClient } from '../../../src/runtime/models/create-model-client.js';
import type { ModelRequest } from '../../../src/runtime/models/model-client.js';

function ask(model: string, node = 'support_reply'): ModelRequest {
  return { model, node, kind: 'reasoner', messages: [{ role: 'user', content: 'T-1042' }], signal: new AbortController().signal };
}

async function errorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('a model the environment cannot serve', () => {
  it('openai: without OPENAI_API_KEY names the variable, the node and the model, and suggests --mock or fake:', async () => {
    const error = await errorOf(createModelClient({ env: {} }).generate(ask('openai:gpt-4o-mini')));
    expect(error.code).toBe('missing-model-key');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('OPENAI_API_KEY is not set: reasoner support_reply uses model openai:gpt-4o-mini');
    expect(error.hint).toContain('--mock FILE');
    expect(error.hint).toContain('fake:');
    expect(error.message).not.toContain('\n');
  });

  it('an empty key counts as missing', async () => {
    const error = await errorOf(createModelClient({ env: { OPENAI_API_KEY: '' } }).generate(ask('openai:gpt-4o')));
    expect(error.code).toBe('missing-model-key');
  });

  it('anthropic: without ANTHROPIC_API_KEY', async () => {
    const error = await errorOf(createModelClient({ env: {} }).generate({ ...ask('anthropic:claude-3-5-haiku-latest', 'concierge'), kind: 'agent' }));
    expect(error.message).toBe('ANTHROPIC_API_KEY is not set: agent concierge uses model anthropic:claude-3-5-haiku-latest');
  });

  it('a ca.yaml provider whose apiKeyEnv is not set', async () => {
    const client = createModelClient({ env: {}, providers: { local: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'LOCAL_LLM_KEY' } } });
    const error = await errorOf(client.generate(ask('local:llama3')));
    expect(error.message).toBe('LOCAL_LLM_KEY is not set: reasoner support_reply uses model local:llama3');
  });

  it('openai-compatible: without OPENAI_COMPATIBLE_BASE_URL', async () => {
    const error = await errorOf(createModelClient({ env: {} }).generate(ask('openai-compatible:qwen')));
    expect(error.code).toBe('missing-model-base-url');
    expect(error.message).toContain('OPENAI_COMPATIBLE_BASE_URL');
    expect(error.hint).toContain('providers:');
  });

  it('a provider nobody serves, and a model with no provider', async () => {
    const client = createModelClient({ env: {} });
    const unknown = await errorOf(client.generate(ask('azure:gpt-4o')));
    expect(unknown.code).toBe('unknown-model-provider');
    expect(unknown.message).toBe("reasoner support_reply uses model 'azure:gpt-4o', but ca has no provider 'azure'");
    expect(unknown.hint).toContain('openai, anthropic, openai-compatible, ollama, fake');
    const bare = await errorOf(client.generate(ask('gpt-4o-mini')));
    expect(bare.code).toBe('unknown-model-provider');
  });

  it('fake: needs no key and no network', async () => {
    const response = await createModelClient({ env: {} }).generate(ask('fake:echo'));
    expect(response.text).toBe('echo: T-1042');
  });
});
