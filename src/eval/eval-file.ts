import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { formatYamlPath, parseLocatedYaml, type LocatedYaml } from '../config/located-yaml.js';
import { UserError, type ErrorLocation } from '../core/errors.js';

/** Where eval files live, from the project folder (SPEC §13). */
export const EVAL_GLOB = 'evals/**/*.eval.{yaml,yml}';

/** One expectation of a case: what is checked, and where (a path into the output; none = the whole output). */
export type Expectation =
  | { kind: 'equals'; path?: string; value: unknown; line: number }
  | { kind: 'contains'; path?: string; value: unknown; line: number }
  | { kind: 'matches'; path?: string; pattern: string; line: number }
  | { kind: 'gte' | 'lte'; path?: string; value: number; line: number }
  | { kind: 'schema'; path?: string; schema: true | Record<string, unknown>; line: number }
  | { kind: 'tool_called'; tool: string; line: number }
  | { kind: 'judge'; judge: string; threshold: number; criteria?: string; line: number }
  | { kind: 'max_cost_usd' | 'max_tokens'; value: number; line: number };

export const SCORERS = ['equals', 'contains', 'matches', 'gte', 'lte', 'schema', 'tool_called', 'judge', 'max_cost_usd', 'max_tokens'] as const;

export interface EvalCase {
  name: string;
  input: unknown;
  expect: Expectation[];
  line: number;
}

/** An eval file, read and checked: the node it evaluates and its cases. */
export interface EvalFile {
  /** Project-relative, forward slashes. */
  file: string;
  /** The runnable node the cases run (`flow:`, or `agent:` / `node:`). */
  target: string;
  /** Where `flow:` is written, for errors about the node. */
  targetLine: number;
  /** Pass rate (0–1) at or above which the file passes though some cases fail; default 1. */
  threshold?: number;
  /** A mock file for model calls (and tools), relative to the eval file. */
  mock?: string;
  approve?: 'all' | 'none';
  cases: EvalCase[];
}

const expectationSchema = z
  .strictObject({
    path: z.string().min(1).optional(),
    equals: z.unknown().optional(),
    contains: z.unknown().optional(),
    matches: z.string().optional(),
    gte: z.number().optional(),
    lte: z.number().optional(),
    schema: z.union([z.literal(true), z.record(z.string(), z.unknown())]).optional(),
    tool_called: z.string().min(1).optional(),
    judge: z.string().min(1).optional(),
    threshold: z.number().min(0).max(1).optional(),
    criteria: z.string().optional(),
    max_cost_usd: z.number().nonnegative().optional(),
    max_tokens: z.number().int().nonnegative().optional(),
  });

const fileSchema = z.strictObject({
  flow: z.string().min(1).optional(),
  agent: z.string().min(1).optional(),
  node: z.string().min(1).optional(),
  threshold: z.number().min(0).max(1).optional(),
  mock: z.string().min(1).optional(),
  approve: z.enum(['all', 'none']).optional(),
  cases: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        input: z.unknown().optional(),
        expect: z.array(z.unknown()).min(1, 'a case needs at least one expectation'),
      }),
    )
    .min(1, 'an eval file needs at least one case'),
});

const HINT = 'See docs/evals.md for the format of eval files.';

/** Reads one eval file; every mistake is a UserError (exit 2) at its line and column. */
export function readEvalFile(root: string, file: string): EvalFile {
  const absolute = path.join(root, file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new UserError('eval-invalid', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { location: { file }, hint: HINT });
  }
  return parseEvalFile(text, file);
}

export function parseEvalFile(text: string, file: string): EvalFile {
  const yaml = parseLocatedYaml(text, file);
  if (yaml.syntaxError) throw new UserError('eval-invalid', `not valid YAML: ${yaml.syntaxError.message}`, { location: yaml.syntaxError.location, hint: HINT });
  const problem = (where: readonly PropertyKey[], message: string, keyOf?: string): never => {
    const label = formatYamlPath(where);
    throw new UserError('eval-invalid', `${label ? `${label}: ` : ''}${message}`, { location: yaml.locate(where, keyOf), hint: HINT });
  };
  const value = yaml.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) problem([], 'an eval file is a mapping with flow: and cases:');
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) zodProblem(parsed.error, [], problem);
  const data = parsed.data!;
  const targets = (['flow', 'agent', 'node'] as const).filter((key) => data[key] !== undefined);
  if (targets.length !== 1) problem([], targets.length === 0 ? 'flow: is required (the node the cases run)' : `give one of flow:, agent: or node:, not ${targets.join(' and ')}`);
  const target = data[targets[0]!]!;
  const names = new Set<string>();
  const cases = data.cases.map((entry, index): EvalCase => {
    if (names.has(entry.name)) problem(['cases', index, 'name'], `a second case named "${entry.name}": case names are unique in a file`);
    names.add(entry.name);
    return {
      name: entry.name,
      input: entry.input,
      line: line(yaml, ['cases', index]),
      expect: entry.expect.map((raw, at) => readExpectation(raw, ['cases', index, 'expect', at], yaml, problem)),
    };
  });
  return {
    file,
    target,
    targetLine: line(yaml, [targets[0]!]),
    ...(data.threshold === undefined ? {} : { threshold: data.threshold }),
    ...(data.mock === undefined ? {} : { mock: data.mock }),
    ...(data.approve === undefined ? {} : { approve: data.approve }),
    cases,
  };
}

function readExpectation(raw: unknown, where: PropertyKey[], yaml: LocatedYaml, problem: (where: readonly PropertyKey[], message: string, keyOf?: string) => never): Expectation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) problem(where, `an expectation is a mapping with one scorer (${SCORERS.join(', ')})`);
  const known = new Set<string>([...SCORERS, 'path', 'threshold', 'criteria']);
  const unknown = Object.keys(raw as object).find((key) => !known.has(key));
  if (unknown !== undefined) problem(where, `unknown scorer "${unknown}" (scorers: ${SCORERS.join(', ')})`, unknown);
  const parsed = expectationSchema.safeParse(raw);
  if (!parsed.success) zodProblem(parsed.error, where, problem);
  const e = parsed.data!;
  const scorers = SCORERS.filter((scorer) => Object.hasOwn(raw as object, scorer));
  if (scorers.length !== 1) problem(where, scorers.length === 0 ? `an expectation needs one scorer (${SCORERS.join(', ')})` : `one scorer per expectation, not ${scorers.join(' and ')}`);
  const scorer = scorers[0]!;
  const at = line(yaml, where);
  const path = e.path === undefined ? {} : { path: e.path };
  const onlyWith = (key: 'threshold' | 'criteria', owner: string) => {
    if (e[key] !== undefined && scorer !== owner) problem([...where, key], `${key}: goes with ${owner}:`);
  };
  onlyWith('threshold', 'judge');
  onlyWith('criteria', 'judge');
  if (e.path !== undefined && (scorer === 'tool_called' || scorer === 'judge' || scorer === 'max_cost_usd' || scorer === 'max_tokens')) problem([...where, 'path'], `path: does not go with ${scorer}:`);
  switch (scorer) {
    case 'equals':
    case 'contains':
      return { kind: scorer, ...path, value: (raw as Record<string, unknown>)[scorer], line: at };
    case 'matches':
      try {
        new RegExp(e.matches!);
      } catch (error) {
        problem([...where, 'matches'], `not a regular expression: ${(error as Error).message}`);
      }
      return { kind: 'matches', ...path, pattern: e.matches!, line: at };
    case 'gte':
    case 'lte':
      return { kind: scorer, ...path, value: e[scorer]!, line: at };
    case 'schema':
      return { kind: 'schema', ...path, schema: e.schema as true | Record<string, unknown>, line: at };
    case 'tool_called':
      return { kind: 'tool_called', tool: e.tool_called!, line: at };
    case 'judge':
      return { kind: 'judge', judge: e.judge!, threshold: e.threshold ?? 0.5, ...(e.criteria === undefined ? {} : { criteria: e.criteria }), line: at };
    default:
      return { kind: scorer, value: e[scorer]!, line: at };
  }
}

function zodProblem(error: z.ZodError, prefix: readonly PropertyKey[], problem: (where: readonly PropertyKey[], message: string, keyOf?: string) => never): never {
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  const where = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (issue.code === 'unrecognized_keys') return problem(where, `unknown key "${issue.keys[0]}"`, issue.keys[0]);
  return problem(where, issue.message);
}

function line(yaml: LocatedYaml, where: readonly PropertyKey[]): number {
  return (yaml.locate(where) as ErrorLocation).line ?? 1;
}
