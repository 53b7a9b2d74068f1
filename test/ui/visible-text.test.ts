import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayName, isValidNodeName } from '../../src/core/node-name.js';
import { quoted, visible, visibleLines } from '../../src/core/visible-text.js';
import { SpecCheck } from '../../src/sdk/validate.js';

// What a terminal or a CI log would act on: C0 and C1 controls (tab aside), DEL, line and paragraph separators, bidi controls.
// eslint-disable-next-line no-control-regex
const ACTS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('\n', '\r', '\u001b', '\u0085', '\u202e', '\u2028', ':', ' ', '\\', '"'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 60 });

describe('visible', () => {
  it('shows control characters as escapes, on one line', () => {
    expect(visible('a\nb\r\u001b[31mc\u0000\u007f\u0085\u202e\u2028')).toBe('a\\nb\\r\\x1b[31mc\\0\\x7f\\x85\\u202e\\u2028');
    expect(visible('tabs\tstay')).toBe('tabs\tstay');
  });

  it('keeps a leading :: from reading as a GitHub workflow command, and leaves :: elsewhere alone', () => {
    expect(visible('::warning::x')).toBe('\\x3a:warning::x');
    expect(visible('  ::error::x')).toBe('  \\x3a:error::x');
    expect(visible('see a::b')).toBe('see a::b');
  });

  it('returns text without control characters as it is', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        fc.pre(!ACTS.test(text) && !text.trimStart().startsWith('::'));
        expect(visible(text)).toBe(text);
      }),
    );
  });

  it('never leaves a character a terminal or a log parser acts on, for any text (property)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const shown = visible(text);
        expect(ACTS.test(shown)).toBe(false);
        expect(shown.trimStart().startsWith('::')).toBe(false);
        for (const line of visibleLines(text).split('\n')) {
          expect(ACTS.test(line)).toBe(false);
          expect(line.trimStart().startsWith('::')).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes unambiguously: different texts never look the same once quoted', () => {
    expect(quoted('a\nb')).toBe('"a\\nb"');
    expect(quoted('a\\nb')).toBe('"a\\\\nb"');
    expect(quoted('say "hi"')).toBe('"say \\"hi\\""');
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        fc.pre(a !== b);
        expect(quoted(a)).not.toBe(quoted(b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('node names', () => {
  it('shows a valid name as it is and quotes any other', () => {
    expect(displayName('triage_ticket')).toBe('triage_ticket');
    expect(displayName('has space')).toBe('"has space"');
    expect(displayName('::warning::x')).toBe('"::warning::x"');
  });

  it('accepts exactly what the SDK factories accept (property)', () => {
    const nameLike = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', '_', '.', '-', '0', '9', ' ', ':', '\n', 'é'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(nameLike, (name) => {
        let accepted = true;
        try {
          SpecCheck.of('tool', { name });
        } catch {
          accepted = false;
        }
        expect(isValidNodeName(name)).toBe(accepted);
      }),
      { numRuns: 2000 },
    );
  });
});
