import { describe, expect, it } from 'vitest';
import { resultText, toJsonValue } from '../../src/core/json-value.js';

describe('the one JSON conversion of a run’s values', () => {
  it('keeps plain JSON exactly: nothing cut, nothing redacted, key order kept', () => {
    const invoice = { token: 'tok-123', lines: Array.from({ length: 60 }, (_, i) => ({ sku: `SKU-${i}` })), note: 'n'.repeat(3000), z: 1, a: 2 };
    expect(toJsonValue(invoice)).toEqual(invoice);
    expect(Object.keys(toJsonValue(invoice) as object)).toEqual(['token', 'lines', 'note', 'z', 'a']);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { level: i, inner: deep };
    expect(toJsonValue(deep)).toEqual(deep);
  });

  it('converts what JSON cannot carry, the way the table in json-value.ts says', () => {
    const cyclic: Record<string, unknown> = { order: 'ORD-9' };
    cyclic['self'] = cyclic;
    const failure = Object.assign(new Error('card declined'), { code: 'card_declined' });
    expect(
      toJsonValue({
        cyclic,
        big: 12345678901234567890n,
        when: new Date(Date.UTC(2026, 11, 7)),
        refund: () => 1,
        missing: undefined,
        list: [undefined, () => 1, Number.NaN, Infinity, -0],
        byRegion: new Map([['EU', 3]]),
        tags: new Set(['vip']),
        failure,
        bytes: new Uint8Array([1, 2]),
      }),
    ).toEqual({
      cyclic: { order: 'ORD-9', self: '[circular]' },
      big: '12345678901234567890',
      when: '2026-12-07T00:00:00.000Z',
      list: [null, null, null, null, 0],
      byRegion: { EU: 3 },
      tags: ['vip'],
      failure: { name: 'Error', message: 'card declined', code: 'card_declined' },
      bytes: [1, 2],
    });
    expect(toJsonValue(undefined)).toBeUndefined();
  });

  it('keeps a __proto__ key as data', () => {
    const parsed = JSON.parse('{"__proto__": {"admin": true}}');
    const out = toJsonValue(parsed) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"__proto__":{"admin":true}}');
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('prints a string as it is and anything else as indented JSON', () => {
    expect(resultText('Refund approved')).toBe('Refund approved');
    expect(resultText({ ok: true })).toBe('{\n  "ok": true\n}');
    expect(resultText(undefined)).toBeUndefined();
  });
});
