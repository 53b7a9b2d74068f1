import { describe, expect, it } from 'vitest';
import { JsonPathError, formatJsonPath, parseJsonPath, readJsonPath } from '../../src/sessions/read-json-path.js';

const refund = {
  stage: 'confirm',
  ticket: { id: 'T-1042', tags: ['billing', 'refund'] },
  lines: [{ sku: 'SKU-1', cents: 4990 }, { sku: 'SKU-2', cents: 0 }],
  'amount due': 49.9,
  notes: null,
};

describe('parseJsonPath', () => {
  it.each([
    ['$', []],
    ['$.stage', ['stage']],
    ['stage', ['stage']],
    ['ticket.id', ['ticket', 'id']],
    ['$.ticket.tags[1]', ['ticket', 'tags', 1]],
    ['$.lines[-1].sku', ['lines', -1, 'sku']],
    ["$['amount due']", ['amount due']],
    ['$["amount due"]', ['amount due']],
    ["$['it\\'s']", ["it's"]],
    ['[0].sku', [0, 'sku']],
    ['$.refund-id', ['refund-id']],
  ])('%s', (text, segments) => {
    expect(parseJsonPath(text)).toEqual(segments);
  });

  it.each([
    ['', /empty/],
    ['$..stage', /recursive descent/],
    ['$.lines[*]', /wildcards/],
    ['$.*', /wildcards/],
    ['$.lines[0:2]', /slices/],
    ['$.lines[?(@.cents > 0)]', /filters/],
    ['$.lines[first]', /not an index/],
    ['$.stage.', /ends with "\."/],
    ['$.lines[0', /unterminated "\["/],
    ["$['amount due", /unterminated '/],
    ['$ stage', /unexpected " "/],
  ])('refuses %s', (text, message) => {
    expect(() => parseJsonPath(text)).toThrow(message);
    expect(() => parseJsonPath(text)).toThrow(JsonPathError);
  });
});

describe('readJsonPath', () => {
  const read = (path: string) => readJsonPath(refund, parseJsonPath(path));

  it('reads objects, lists (from the end too) and quoted keys', () => {
    expect(read('$')).toEqual({ found: true, value: refund });
    expect(read('stage')).toEqual({ found: true, value: 'confirm' });
    expect(read('$.ticket.tags[0]')).toEqual({ found: true, value: 'billing' });
    expect(read('$.lines[-1].cents')).toEqual({ found: true, value: 0 });
    expect(read('lines.0.sku')).toEqual({ found: true, value: 'SKU-1' });
    expect(read("$['amount due']")).toEqual({ found: true, value: 49.9 });
    expect(read('notes')).toEqual({ found: true, value: null });
  });

  it('says where a path stops finding a value', () => {
    expect(read('$.refund')).toEqual({ found: false, missing: '$.refund' });
    expect(read('$.lines[2].sku')).toEqual({ found: false, missing: '$.lines[2]: the list has 2 items' });
    expect(read('$.lines.first')).toEqual({ found: false, missing: '$.lines.first: $.lines is a list' });
    expect(read('$.stage.name')).toEqual({ found: false, missing: '$.stage.name: $.stage is string' });
    expect(read('$.notes.text')).toEqual({ found: false, missing: '$.notes.text: $.notes is null' });
  });

  it('does not read inherited properties', () => {
    expect(read('$.ticket.constructor')).toEqual({ found: false, missing: '$.ticket.constructor' });
  });
});

describe('formatJsonPath', () => {
  it('writes what parseJsonPath reads', () => {
    for (const text of ['$', '$.stage', '$.lines[-1].sku', "$['amount due']", "$['it\\'s'][0]"]) {
      expect(formatJsonPath(parseJsonPath(text))).toBe(text);
    }
    expect(formatJsonPath(['0'])).toBe("$['0']");
  });
});
