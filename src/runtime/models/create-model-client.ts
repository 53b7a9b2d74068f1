import type { ProviderConfig } from '../../config/config-schema.js';
import { createAiSdkClient } from './ai-sdk-client.js';
import { createMockClient } from './mock-client.js';
import type { ModelClient } from './model-client.js';
import type { ModelPrice } from './prices.js';
import { type MockFile, readMockFile } from './read-mock-file.js';
import type { Env } from './resolve-language-model.js';

export interface ModelClientOptions {
  /** `providers:` from ca.yaml (ProjectConfig.providers). */
  providers?: Readonly<Record<string, ProviderConfig>>;
  /** `prices:` from ca.yaml (ProjectConfig.prices), USD per million tokens; they win over ca's table. */
  prices?: Readonly<Record<string, ModelPrice>>;
  /** Where API keys and base URLs are read; default `process.env`. */
  env?: Env;
  /**
   * `--mock FILE` (a path, relative to `cwd`), or a mock already read. With a mock, every model
   * call is served by it and no provider is ever loaded.
   */
  mock?: string | MockFile;
  /** For a relative `mock` path and the file name in messages; default `process.cwd()`. */
  cwd?: string;
}

/**
 * The ModelClient of a run. With `mock`, the mock client (the file is read now, so a bad file is
 * a UserError before anything runs); otherwise models are routed by their `provider:` prefix to
 * the AI SDK providers (openai, anthropic, ollama, openai-compatible, ca.yaml `providers:`) and the
 * built-in `fake:` model. Nothing is loaded or checked until the first `generate()`: a missing key
 * is a UserError (code `missing-model-key`) from the call that needs it.
 */
export function createModelClient(options: ModelClientOptions = {}): ModelClient {
  const prices = options.prices ?? {};
  if (options.mock !== undefined) {
    const mock = typeof options.mock === 'string' ? readMockFile(options.mock, options.cwd) : options.mock;
    return createMockClient(mock, { prices });
  }
  return createAiSdkClient({ providers: options.providers ?? {}, prices, ...(options.env ? { env: options.env } : {}) });
}
