import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/load-config.js';
import { parseConfigText } from '../../src/config/parse-config-text.js';
import { UserError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/temp-project.js';

const CA_YAML = `providers:
  local: { type: openai-compatible, baseURL: 'http://127.0.0.1:8080/v1', apiKeyEnv: LOCAL_LLM_KEY }
  lab-vllm: { type: openai-compatible, baseURL: 'https://vllm.lab.example.com/v1', structuredOutputs: false }
prices:
  'local:llama3': { input: 0.1, output: 0.2 }
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 }
`;

function problem(text: string): string {
  try {
    parseConfigText(text, 'ca.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const e = error as UserError;
    return `${e.location?.line}:${e.location?.column} ${e.message}`;
  }
  throw new Error('no error');
}

describe('ca.yaml providers: and prices:', () => {
  it('loads them into the project config, from the validated-config cache too', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ca.yaml'), CA_YAML);
    const expected = {
      providers: {
        local: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:8080/v1', apiKeyEnv: 'LOCAL_LLM_KEY' },
        'lab-vllm': { type: 'openai-compatible', baseURL: 'https://vllm.lab.example.com/v1', structuredOutputs: false },
      },
      prices: { 'local:llama3': { input: 0.1, output: 0.2 }, 'openai:gpt-4o-mini': { input: 0.15, output: 0.6 } },
    };
    expect(await loadProjectConfig({ project: dir })).toMatchObject(expected);
    expect(existsSync(path.join(dir, '.ca', 'cache', 'config.json'))).toBe(true);
    expect(await loadProjectConfig({ project: dir })).toMatchObject(expected);
  });

  it('defaults to none', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ca.yaml'), 'src: .\n');
    expect(await loadProjectConfig({ project: dir })).toMatchObject({ providers: {}, prices: {} });
  });

  it('points at the line of a mistake', () => {
    expect(problem('providers:\n  openai: { type: openai-compatible, baseURL: http://x/v1 }\n')).toBe(
      "2:3 providers.openai: 'openai' is a provider ca already serves; give yours a name of its own",
    );
    expect(problem('providers:\n  Local: { type: openai-compatible, baseURL: http://x/v1 }\n')).toBe(
      '2:3 providers.Local: provider names are lower-case letters, digits, _ and -, starting with a letter',
    );
    expect(problem('providers:\n  local: { type: anthropic, baseURL: http://x/v1 }\n')).toBe('2:18 providers.local.type: Invalid input: expected "openai-compatible"');
    expect(problem('providers:\n  local: { type: openai-compatible, baseURL: not-a-url }\n')).toBe('2:46 providers.local.baseURL: Invalid URL');
    expect(problem('providers:\n  local: { type: openai-compatible, baseURL: http://x/v1, apiKeyEnv: sk-123 }\n')).toBe(
      '2:70 providers.local.apiKeyEnv: must be an environment variable name',
    );
    expect(problem('prices:\n  gpt-4o: { input: 1, output: 2 }\n')).toBe("2:3 prices.gpt-4o: must be a model id, 'provider:model'");
    expect(problem("prices:\n  'openai:gpt-4o': { input: 1 }\n")).toBe('2:20 prices.openai:gpt-4o.output: is required');
  });
});
