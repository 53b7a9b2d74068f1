import type { ChatCheck } from '../core/results.js';
import type { ToolCallNote } from '../core/session.js';
import type { TraceError } from '../core/trace.js';
import type { ErrorExpectation, PathExpectation, ToolExpectation, TurnExpectations } from './chat-script.js';
import { formatJsonPath, readJsonPath } from './read-json-path.js';

/** What a turn did, as far as a script can see: a TurnReport's checkable part. */
export interface TurnObservation {
  status: 'succeeded' | 'failed' | 'cancelled';
  reply?: string;
  error?: TraceError;
  failedPath?: string[];
  toolCalls: readonly ToolCallNote[];
  state: unknown;
}

/**
 * Every expectation of a turn against what the turn did, passed or not, in the order a reader
 * wants them: how the turn ended, then the reply, the state and the calls. Reply checks are left
 * out when the turn failed without being expected to: the failure is the news, not the missing reply.
 */
export function checkTurn(expect: TurnExpectations, observed: TurnObservation): ChatCheck[] {
  const checks: ChatCheck[] = [];
  const outcome = checkOutcome(expect, observed);
  if (outcome) checks.push(outcome);
  if (observed.status === 'succeeded' && observed.reply !== undefined) {
    const reply = observed.reply;
    for (const { text, line } of expect.contains) {
      checks.push(check('contains', `reply contains ${JSON.stringify(text)}`, reply.includes(text), quote(reply), line));
    }
    for (const { source, regex, line } of expect.matches) {
      regex.lastIndex = 0;
      checks.push(check('matches', `reply matches ${showPattern(source)}`, regex.test(reply), quote(reply), line));
    }
  }
  for (const expectation of expect.equals) {
    if (expectation.in === 'reply' && observed.status !== 'succeeded') continue;
    checks.push(checkPath(expectation, observed));
  }
  for (const expectation of expect.tools) checks.push(checkTool(expectation, observed.toolCalls));
  return checks;
}

function checkOutcome(expect: TurnExpectations, observed: TurnObservation): ChatCheck | undefined {
  const succeeded = observed.status === 'succeeded';
  if (expect.error) {
    const expected = `the turn fails${describeError(expect.error)}`;
    if (succeeded) return check('error', expected, false, `it succeeded with the reply ${quote(observed.reply ?? '')}`, expect.error.line);
    const message = observed.error?.message ?? observed.status;
    const code = observed.error?.code;
    const { contains, matches } = expect.error;
    if (matches) matches.regex.lastIndex = 0;
    const passed =
      (contains === undefined || message.includes(contains)) &&
      (matches === undefined || matches.regex.test(message)) &&
      (expect.error.code === undefined || expect.error.code === code);
    return check('error', expected, passed, describeFailure(observed), expect.error.line);
  }
  if (!expect.mustSucceed) return undefined;
  return check('no-error', 'the turn succeeds', succeeded, succeeded ? 'it succeeded' : describeFailure(observed), expect.line);
}

function checkPath(expectation: PathExpectation, observed: TurnObservation): ChatCheck {
  const where = `${expectation.in} ${formatJsonPath(expectation.path)}`;
  const expected = `${where} equals ${show(expectation.value)}`;
  let root: unknown = observed.state;
  if (expectation.in === 'reply') {
    try {
      root = JSON.parse(observed.reply ?? '');
    } catch {
      return check(expectation.kind, expected, false, `the reply is not JSON: ${quote(observed.reply ?? '')}`, expectation.line);
    }
  }
  const found = readJsonPath(root, expectation.path);
  if (!found.found) return check(expectation.kind, expected, false, `no value at ${found.missing}`, expectation.line);
  return check(expectation.kind, expected, deepEqual(found.value, expectation.value), show(found.value), expectation.line);
}

function checkTool(expectation: ToolExpectation, calls: readonly ToolCallNote[]): ChatCheck {
  const expected = `${expectation.name} is called${expectation.hasArgs ? ` with ${show(expectation.args)}` : ''}`;
  const named = calls.filter((call) => call.name === expectation.name);
  const matching = expectation.hasArgs ? named.filter((call) => partialMatch(expectation.args, call.input)) : named;
  const shown = (list: readonly ToolCallNote[]) => list.map((call) => `${call.name}(${call.input === undefined ? '' : show(call.input)})`).join(', ');
  if (matching.length > 0) return check('tool', expected, true, shown(matching), expectation.line);
  const actual = named.length > 0 ? `called as ${shown(named)}` : calls.length > 0 ? `not called; the turn called ${[...new Set(calls.map((call) => call.name))].join(', ')}` : 'nothing was called';
  return check('tool', expected, false, actual, expectation.line);
}

function check(kind: ChatCheck['kind'], expected: string, passed: boolean, actual: string, line: number | undefined): ChatCheck {
  return { kind, expected, actual, passed, ...(line === undefined ? {} : { line }) };
}

/** ` with an error containing "x" and matching /y/, code z`. */
function describeError(error: ErrorExpectation): string {
  const text = [
    error.contains === undefined ? undefined : `containing ${JSON.stringify(error.contains)}`,
    error.matches === undefined ? undefined : `matching ${showPattern(error.matches.source)}`,
  ].filter((part) => part !== undefined);
  const parts = [text.length > 0 ? `with an error ${text.join(' and ')}` : undefined, error.code === undefined ? undefined : `${text.length > 0 ? '' : 'with '}code ${error.code}`];
  const said = parts.filter((part) => part !== undefined);
  return said.length === 0 ? '' : ` ${said.join(', ')}`;
}

/** `failed at support_chat › concierge: no mock for … [mock-missing]`. */
export function describeFailure(observed: Pick<TurnObservation, 'status' | 'error' | 'failedPath'>): string {
  if (observed.status === 'succeeded') return 'it succeeded';
  const where = observed.failedPath && observed.failedPath.length > 0 ? ` at ${observed.failedPath.join(' › ')}` : '';
  const error = observed.error ? `: ${observed.error.message}${observed.error.code ? ` [${observed.error.code}]` : ''}` : '';
  return `${observed.status}${where}${error}`;
}

function showPattern(source: string): string {
  return source.startsWith('/') ? source : `/${source}/`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/**
 * `expected` is found in `actual`: every key of an expected object matches the same key of the
 * actual one (other keys may be there too), lists match item by item with the same length, and
 * anything else is equal.
 */
export function partialMatch(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => partialMatch(item, actual[i]));
  }
  if (isPlainObject(expected)) {
    return isPlainObject(actual) && Object.entries(expected).every(([key, value]) => Object.hasOwn(actual, key) && partialMatch(value, actual[key]));
  }
  return Object.is(expected, actual) || expected === actual;
}

/** Equal as JSON values: the same scalars, lists item by item, objects with exactly the same keys. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const other = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === other.length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return Object.is(a, b) || a === b;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
