import { describe, expect, it } from 'vitest';
import { normalizeCode } from '../../src/discovery/normalize-code.js';

describe('normalised code: formatting never counts, behaviour always does', () => {
  const same: [string, string, string][] = [
    ['whitespace and line breaks', 'const refund = {amount:120}', 'const refund = {\n  amount: 120\n}'],
    ['comments', 'issue(refund) // now', '/* audited */ issue(refund)'],
    ['quote style', "notify('billing')", 'notify("billing")'],
    ['escapes in strings', "say('it\\'s done')", 'say("it\'s done")'],
    ['trailing commas', 'call(a, b,)\nconst l = [1, 2,]\nconst o = { a: 1, }', 'call(a, b)\nconst l = [1, 2]\nconst o = { a: 1 }'],
    ['semicolons at line ends', 'const a = 1;\nconst b = 2;\n', 'const a = 1\nconst b = 2'],
    ['semicolon before a closing brace', 'function f() { return 1; }', 'function f() { return 1 }'],
  ];
  it.each(same)('%s', (_label, a, b) => {
    expect(normalizeCode(a)).toBe(normalizeCode(b));
  });

  const different: [string, string, string][] = [
    ['string contents', "notify('billing')", "notify('Billing')"],
    ['whitespace inside a string', "say('refund issued')", "say('refund  issued')"],
    ['whitespace inside a template', 'say(`refund ${id} issued`)', 'say(`refund ${id}  issued`)'],
    ['a regular expression', 'const re = /a b/', 'const re = /a  b/'],
    ['a semicolon that ASI would not add back', 'a;\n(b)', 'a\n(b)'],
    ['a semicolon between statements on one line', 'a; b', 'a b'],
    ['an operator', 'total = a + b', 'total = a - b'],
    ['a number', 'limit(5000)', 'limit(500)'],
  ];
  it.each(different)('%s', (_label, a, b) => {
    expect(normalizeCode(a)).not.toBe(normalizeCode(b));
  });
});
