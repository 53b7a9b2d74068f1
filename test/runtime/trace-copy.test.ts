import { describe, expect, it } from 'vitest';
import { createSecretScrubber, REDACTED } from '../../src/core/secret-scrubber.js';
import { credentialValues } from '../../src/config/credential-values.js';
import { createTraceCopy, isSecretField } from '../../src/runtime/trace-copy.js';

describe('what enters a trace', () => {
  const scrubber = createSecretScrubber(credentialValues(undefined, { OPENAI_API_KEY: 'sk-live-abcdef123456', HOME: '/root', SHORT_TOKEN: 'abc' }));
  const copy = createTraceCopy({ scrubber, maxString: 40, maxItems: 3, maxDepth: 3 });

  it('hides values under secret-looking keys, at any depth, but not token counts', () => {
    expect(copy({ headers: { Authorization: 'Bearer xyz', accept: 'json' }, apiKey: 'k', password: '', ticket: 'T-1' })).toEqual({
      headers: { Authorization: REDACTED, accept: 'json' },
      apiKey: REDACTED,
      password: '',
      ticket: 'T-1',
    });
    expect(copy({ tokens: 12, maxTokens: 300, tokenCount: 4, accessToken: 'at-1' })).toEqual({ tokens: 12, maxTokens: 300, tokenCount: 4, accessToken: REDACTED });
    expect(['x-api-key', 'client_secret', 'Set-Cookie', 'auth'].every(isSecretField)).toBe(true);
    expect(['secretary', 'tokens', 'author'].some(isSecretField)).toBe(false);
  });

  it('blanks the value of a key-like environment variable wherever it appears, but not short or ordinary ones', () => {
    expect(copy('calling with sk-live-abcdef123456 now')).toBe(`calling with ${REDACTED} now`);
    expect(copy({ note: 'home is /root', code: 'abc' })).toEqual({ note: 'home is /root', code: 'abc' });
  });

  it('cuts long strings, long arrays and deep nesting, and says how much was cut', () => {
    expect(copy('x'.repeat(5_240_920))).toBe(`${'x'.repeat(40)}… 5,240,880 more characters`);
    expect(copy([1, 2, 3, 4, 5])).toEqual([1, 2, 3, '… 2 more items']);
    expect(copy({ a: { b: { c: { d: 1, e: 2 } } } })).toEqual({ a: { b: { c: '[object of 2 keys]' } } });
    expect(copy({ a: { b: { c: [1, 2] } } })).toEqual({ a: { b: { c: '[array of 2 items]' } } });
  });

  it('converts what JSON cannot hold exactly as the printed result does', () => {
    const loop: Record<string, unknown> = { id: 'ORD-1' };
    loop['self'] = loop;
    expect(copy(loop)).toEqual({ id: 'ORD-1', self: '[circular]' });
    expect(copy({ when: new Date(0), big: 10n, fn: function refund() {}, err: new Error('card declined') })).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      big: '10',
      err: { name: 'Error', message: 'card declined' },
    });
  });
});

describe('credentials named by configuration', () => {
  it('counts the variable an apiKeyEnv or tokenEnv names, whatever its name, and the provider keys ca reads', () => {
    const config = {
      providers: { local: { type: 'openai-compatible' as const, baseURL: 'http://127.0.0.1:1/v1', apiKeyEnv: 'LLM_AUTH' } },
      envs: { prod: { target: { type: 'http' as const, url: 'https://deploy.example.test/hook', tokenEnv: 'DEPLOY_BEARER' } } },
    };
    const values = credentialValues(config, { LLM_AUTH: 'loc-4242', DEPLOY_BEARER: 'dep-9999', OPENAI_COMPATIBLE_API_KEY: 'oc-12345', PATH: '/usr/bin', EDITOR: 'vim' });
    expect(values.sort()).toEqual(['dep-9999', 'loc-4242', 'oc-12345']);
  });

  it('scrubs a secret in JSON text too, where quotes and backslashes are escaped', () => {
    const scrub = createSecretScrubber(['pa"ss\\word-77']);
    expect(scrub.text(JSON.stringify({ echoed: 'key is pa"ss\\word-77' }))).toBe(`{"echoed":"key is ${REDACTED}"}`);
  });
});
