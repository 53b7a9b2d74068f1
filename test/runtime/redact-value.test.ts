import { describe, expect, it } from 'vitest';
import { REDACTED, createRedactor, secretsFromEnv } from '../../src/runtime/redact-value.js';

describe('what enters a trace', () => {
  const redact = createRedactor({ secrets: secretsFromEnv({ OPENAI_API_KEY: 'sk-live-abcdef123456', HOME: '/root', SHORT_TOKEN: 'abc' }), maxString: 40, maxItems: 3, maxDepth: 3 });

  it('hides values under secret-looking keys, at any depth', () => {
    expect(redact({ headers: { Authorization: 'Bearer xyz', accept: 'json' }, apiKey: 'k', password: '', ticket: 'T-1' })).toEqual({
      headers: { Authorization: REDACTED, accept: 'json' },
      apiKey: REDACTED,
      password: '',
      ticket: 'T-1',
    });
  });

  it('blanks the value of a key-like environment variable wherever it appears, but not short or ordinary ones', () => {
    expect(redact('calling with sk-live-abcdef123456 now')).toBe(`calling with ${REDACTED} now`);
    expect(redact({ note: 'home is /root', code: 'abc' })).toEqual({ note: 'home is /root', code: 'abc' });
  });

  it('cuts long strings, long arrays and deep nesting, and survives cycles', () => {
    expect(redact('x'.repeat(100))).toBe(`${'x'.repeat(40)}… (60 more characters)`);
    expect(redact([1, 2, 3, 4, 5])).toEqual([1, 2, 3, '… 2 more items']);
    expect(redact({ a: { b: { c: { d: 1 } } } })).toEqual({ a: { b: { c: '[object]' } } });
    const loop: Record<string, unknown> = { id: 'ORD-1' };
    loop['self'] = loop;
    expect(redact(loop)).toEqual({ id: 'ORD-1', self: '[circular]' });
  });

  it('turns values JSON cannot hold into text', () => {
    expect(redact({ when: new Date(0), big: 10n, fn: function refund() {}, err: new Error('card declined') })).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      big: '10n',
      fn: '[function refund]',
      err: { error: 'card declined' },
    });
  });
});
