import { isDeepStrictEqual } from 'node:util';
import type { ExpectationVerdict } from '../core/results.js';
import type { Expectation } from './eval-file.js';

/** What one case's run gave, as the scorers see it. */
export interface CaseOutcome {
  status: string;
  output?: unknown;
  error?: { code: string; message: string };
  /** Names of the nodes the run called (its spans), in order. */
  called: readonly string[];
  costUsd: number;
  tokens: { input: number; output: number };
}


/** A JSON schema check, given by the caller (the runtime's ajv). */
export type SchemaCheck = (schema: Record<string, unknown>, value: unknown) => string | undefined;

/**
 * Scores one expectation other than `judge` (which asks a model: the app layer runs it). A path
 * that is not in the output fails the expectation and says so; nothing here throws.
 */
export function scoreExpectation(expectation: Exclude<Expectation, { kind: 'judge' }>, outcome: CaseOutcome, checkSchema: SchemaCheck, hasOutputSchema: boolean): ExpectationVerdict {
  const base = { scorer: expectation.kind, line: expectation.line, ...('path' in expectation && expectation.path !== undefined ? { path: expectation.path } : {}) };
  const verdict = (passed: boolean, expected: string, actual: string): ExpectationVerdict => ({ ...base, passed, expected, actual });
  switch (expectation.kind) {
    case 'tool_called':
      return verdict(outcome.called.includes(expectation.tool), `${expectation.tool} called`, outcome.called.length === 0 ? 'nothing called' : `called ${[...new Set(outcome.called)].join(', ')}`);
    case 'max_cost_usd':
      return verdict(outcome.costUsd <= expectation.value, `cost ≤ $${expectation.value}`, `$${round(outcome.costUsd)}`);
    case 'max_tokens': {
      const tokens = outcome.tokens.input + outcome.tokens.output;
      return verdict(tokens <= expectation.value, `≤ ${expectation.value} tokens`, `${tokens} tokens`);
    }
    default:
      break;
  }
  if (outcome.status !== 'succeeded') return verdict(false, describe(expectation), `the run ${outcome.status}${outcome.error ? `: ${outcome.error.message}` : ''}`);
  const found = valueAt(outcome.output, expectation.path);
  if (!found.found) return verdict(false, describe(expectation), `${expectation.path} is not in the output${found.at ? ` (${found.at})` : ''}`);
  const actual = found.value;
  switch (expectation.kind) {
    case 'equals':
      return verdict(isDeepStrictEqual(actual, expectation.value), show(expectation.value), show(actual));
    case 'contains': {
      const passed =
        typeof actual === 'string' ? typeof expectation.value === 'string' && actual.includes(expectation.value)
        : Array.isArray(actual) ? actual.some((item) => isDeepStrictEqual(item, expectation.value))
        : false;
      return verdict(passed, `contains ${show(expectation.value)}`, show(actual));
    }
    case 'matches':
      return verdict(typeof actual === 'string' && new RegExp(expectation.pattern).test(actual), `matches /${expectation.pattern}/`, show(actual));
    case 'gte':
    case 'lte': {
      const passed = typeof actual === 'number' && (expectation.kind === 'gte' ? actual >= expectation.value : actual <= expectation.value);
      return verdict(passed, `${expectation.kind === 'gte' ? '≥' : '≤'} ${expectation.value}`, show(actual));
    }
    case 'schema': {
      if (expectation.schema === true) {
        // The runtime validated the output against the node's own schema: the run succeeding is the check.
        return verdict(hasOutputSchema, "the node's output schema", hasOutputSchema ? 'valid' : 'the node has no output schema');
      }
      const problem = checkSchema(expectation.schema, actual);
      return verdict(problem === undefined, 'valid against the schema', problem ?? 'valid');
    }
  }
}

function describe(expectation: Exclude<Expectation, { kind: 'judge' | 'tool_called' | 'max_cost_usd' | 'max_tokens' }>): string {
  switch (expectation.kind) {
    case 'equals':
      return show(expectation.value);
    case 'contains':
      return `contains ${show(expectation.value)}`;
    case 'matches':
      return `matches /${expectation.pattern}/`;
    case 'gte':
      return `≥ ${expectation.value}`;
    case 'lte':
      return `≤ ${expectation.value}`;
    case 'schema':
      return 'valid against the schema';
  }
}

/** `queue`, `items[2].amount`, `a.b`: the value there, or where the path stopped. */
export function valueAt(value: unknown, path: string | undefined): { found: true; value: unknown } | { found: false; at?: string } {
  if (path === undefined) return { found: true, value };
  let current = value;
  let walked = '';
  for (const segment of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    const key: string | number = segment.startsWith('[') ? Number(segment.slice(1, -1)) : segment;
    const next = typeof key === 'number' ? (Array.isArray(current) ? current[key] : undefined) : typeof current === 'object' && current !== null && !Array.isArray(current) && Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
    if (next === undefined) return { found: false, ...(walked === '' ? {} : { at: `${walked} is ${show(current)}` }) };
    walked += typeof key === 'number' ? segment : walked === '' ? key : `.${key}`;
    current = next;
  }
  return { found: true, value: current };
}

export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function round(usd: number): string {
  return usd.toFixed(usd < 0.01 ? 6 : 4).replace(/0+$/, '').replace(/\.$/, '');
}
