import { closest, distance } from 'fastest-levenshtein';
import type { Criterion } from './selection-spec.js';
import { selectionError, type TokenPlace } from './selection-error.js';
import { DEFAULT_METHOD, METHODS } from './methods/registry.js';
import type { ParseContext } from './methods/selector-method.js';

const MAX_DEPTH = 1_000_000;

/** Where the term sits in its flag value, so errors can point at the exact characters. */
export interface TermPlace {
  source: string;
  /** The whole flag value. */
  text: string;
  /** Offset of the term in it. */
  offset: number;
}

/**
 * Parses one `[@][N]+[method[.arg]:]value[+[N]]` term. Every mistake is an error that names the
 * token and points at it: unknown method, empty value, stray `+`, `@` with a trailing `+`, bad depth.
 */
export function parseCriterion(term: string, where: TermPlace, context: ParseContext): Criterion {
  const fail = (code: string, message: string, start: number, end: number, hint?: string): never => {
    const place: TokenPlace = { source: where.source, text: where.text, start: where.offset + start, end: where.offset + end };
    throw selectionError(code, message, place, hint);
  };
  if (term === '') fail('empty-criterion', 'empty selection criterion', 0, 1, 'Remove the extra comma, or put a criterion on both sides of it.');

  let i = 0;
  const criterion: Criterion = { raw: term, method: DEFAULT_METHOD, args: [], value: '', childrensParents: false };
  if (term.startsWith('@')) {
    criterion.childrensParents = true;
    i = 1;
  }
  const depth = (digits: string, start: number): number | null => {
    if (digits === '') return null;
    const n = Number(digits);
    if (!/^[1-9]\d*$/.test(digits) || n > MAX_DEPTH) {
      fail('bad-depth', `bad depth '${digits}'`, start, start + digits.length, 'A depth is a whole number of hops from 1, as in 2+triage or triage+1.');
    }
    return n;
  };
  const leading = /^(\d*)\+/.exec(term.slice(i));
  if (leading) {
    criterion.parents = depth(leading[1]!, i);
    i += leading[0].length;
  }
  let end = term.length;
  const trailing = /\+(\d*)$/.exec(term.slice(i));
  if (trailing) {
    end = i + trailing.index;
    criterion.children = depth(trailing[1]!, end + 1);
    if (criterion.childrensParents) {
      fail('at-with-children', "'@' cannot be combined with a trailing '+'", end, term.length, "@x already selects x's descendants and their parents: drop the '+'.");
    }
  }

  const body = term.slice(i, end);
  const colon = body.indexOf(':');
  let valueStart = i;
  if (colon >= 0) {
    const methodText = body.slice(0, colon);
    const [name = '', ...args] = methodText.split('.');
    valueStart = i + colon + 1;
    const method = METHODS.get(name);
    if (!method) {
      const known = [...METHODS.keys()];
      const guess = closest(name, known);
      const near = name !== '' && distance(name, guess) <= Math.max(2, Math.floor(name.length / 2));
      fail('unknown-method', name === '' ? "missing selector method before ':'" : `unknown selector method '${name}'`, i, i + Math.max(1, name.length), `${near ? `did you mean '${guess}'? ` : ''}Methods: ${known.join(', ')}`);
    }
    if (method!.takesArgs && args.length === 0) {
      fail('method-needs-key', `${name} needs a key, as in ${name}.effect:dangerous`, i, i + name.length);
    }
    if (!method!.takesArgs && args.length > 0) {
      fail('method-takes-no-key', `${name} takes no key ('.${args.join('.')}')`, i + name.length, i + methodText.length, `Write ${name}:value.`);
    }
    if (args.some((arg) => arg === '')) fail('empty-key', `empty key in '${methodText}'`, i, i + methodText.length);
    criterion.method = name;
    criterion.args = args;
  }
  const value = term.slice(valueStart, end);
  criterion.value = value;
  if (value === '') {
    fail('empty-value', colon >= 0 ? `empty value after '${body.slice(0, colon)}:'` : 'empty value', valueStart, valueStart + 1, 'Write the value right after the colon, as in tag:support.');
  }
  const plus = value.indexOf('+');
  if (plus >= 0) {
    fail('stray-plus', "a '+' inside a value", valueStart + plus, valueStart + plus + 1, 'Graph operators go at the start (+x, 2+x) or the end (x+, x+2) of a criterion.');
  }
  const at = value.indexOf('@', METHODS.get(criterion.method)!.scopedValues ? 1 : 0);
  if (at >= 0) fail('stray-at', "an '@' inside a value", valueStart + at, valueStart + at + 1, "'@' only goes at the very start: @x.");
  const problem = METHODS.get(criterion.method)!.validate?.(value, criterion.args, context);
  if (problem) fail(`invalid-${criterion.method}`, problem.message, valueStart, end, problem.hint);
  return criterion;
}
