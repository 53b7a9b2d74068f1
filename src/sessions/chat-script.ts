import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isNode, isScalar, type Document } from 'yaml';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { formatYamlPath, parseLocatedYaml, valueAtPath } from '../config/located-yaml.js';
import { JsonPathError, parseJsonPath, type PathSegment } from './read-json-path.js';

/** A regular expression as written in the script, and compiled. */
export interface ScriptPattern {
  source: string;
  regex: RegExp;
}

/** A value at a JSON path of the reply (parsed as JSON) or of the session's state. */
export interface PathExpectation {
  /** `state:` is the shorthand for `equals: { in: state }`; kept apart to say it the way it was written. */
  kind: 'equals' | 'state';
  in: 'reply' | 'state';
  path: PathSegment[];
  value: unknown;
  line?: number;
}

export interface ToolExpectation {
  name: string;
  /** A deep partial match on the call's input, when given. */
  args?: unknown;
  hasArgs: boolean;
  line?: number;
}

export interface ErrorExpectation {
  contains?: string;
  matches?: ScriptPattern;
  code?: string;
  line?: number;
}

/** What one turn expects, normalised: every list may be empty. */
export interface TurnExpectations {
  contains: { text: string; line?: number }[];
  matches: (ScriptPattern & { line?: number })[];
  equals: PathExpectation[];
  tools: ToolExpectation[];
  /** The turn must fail (with this error). */
  error?: ErrorExpectation;
  /** The turn must succeed: the default, unless `error:` is expected or `no-error: false` allows anything. */
  mustSucceed: boolean;
  /** Line of `no-error:` or of the turn, for the report. */
  line?: number;
}

export interface ScriptTurn {
  user: string;
  line: number;
  expect: TurnExpectations;
}

/** A chat script (`*.chat.yaml`), validated. The format is in docs/sessions.md. */
export interface ChatScript {
  /** Absolute path of the script. */
  file: string;
  /** The script as messages name it (relative to the working directory). */
  shown: string;
  /** The session or agent it talks to, when the script says. */
  session?: string;
  /** Absolute path of `mock:`, resolved against the script's folder. */
  mock?: string;
  /** Approvals asked during the script: all approved or none (the default); a script never asks. */
  approve?: 'all' | 'none';
  turns: ScriptTurn[];
}

const HINT = 'See "Chat scripts" in docs/sessions.md for the format.';

const text = z.string('must be text');
const textList = z.array(text.min(1, 'must not be empty'), 'must be text or a list of texts').min(1, 'needs at least one entry');
const equalsCheck = z.strictObject({ path: z.string('must be a JSON path like $.stage').min(1), value: z.unknown(), in: z.enum(['reply', 'state']).optional() });
const stateCheck = z.strictObject({ path: z.string('must be a JSON path like stage').min(1), equals: z.unknown() });
const toolCheck = z.strictObject({ name: z.string('must be a tool, flow or agent name').min(1), args: z.unknown().optional() });
const errorCheck = z.strictObject({ contains: text.optional(), matches: text.optional(), code: text.optional() });
const expectSchema = z.strictObject({
  contains: textList.optional(),
  matches: textList.optional(),
  equals: z.array(equalsCheck).min(1).optional(),
  state: z.array(stateCheck).min(1).optional(),
  tool: z.array(toolCheck).min(1).optional(),
  error: errorCheck.optional(),
  'no-error': z.boolean('must be true or false').optional(),
});
const turnSchema = z.strictObject({ user: text.min(1, 'must not be empty'), expect: expectSchema.nullish() });
const scriptSchema = z.strictObject({
  session: text.min(1).optional(),
  mock: text.min(1).optional(),
  approve: z.enum(['all', 'none']).optional(),
  turns: z.array(turnSchema, 'must be a list of turns').min(1, 'needs at least one turn'),
});

/** Known keys per mapping, for "unknown key" messages: by the last named step of the path. */
const KNOWN_KEYS: Record<string, string[]> = {
  '': ['session', 'mock', 'approve', 'turns'],
  turns: ['user', 'expect'],
  expect: ['contains', 'matches', 'equals', 'state', 'tool', 'error', 'no-error'],
  equals: ['path', 'value', 'in'],
  state: ['path', 'equals'],
  tool: ['name', 'args'],
  error: ['contains', 'matches', 'code'],
};

/** Reads and validates a chat script. A problem is a UserError (exit 2) naming file:line:column. */
export function readChatScript(file: string, cwd = process.cwd()): ChatScript {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' || relative.startsWith('..') ? absolute : relative;
  let source: string;
  try {
    source = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UserError('chat-script-unreadable', `cannot read chat script ${shown}: ${reason}`, { hint: HINT });
  }
  return parseChatScript(source, absolute, shown);
}

/** Script text → ChatScript; `file` (absolute) anchors `mock:`, `shown` names the file in errors. */
export function parseChatScript(source: string, file: string, shown: string): ChatScript {
  const yaml = parseLocatedYaml(source, shown);
  if (yaml.syntaxError) throw new UserError('chat-script-invalid', `not valid YAML: ${yaml.syntaxError.message}`, { location: yaml.syntaxError.location, hint: HINT });
  const { document, at } = yaml;

  // Singletons written for lists (`contains: "x"`, `tool: lookup_ticket`) are wrapped; an error
  // inside one must still point at what was written, so the wrapping is remembered.
  const wrapped = new Set<string>();
  const written = (where: readonly PropertyKey[]) => where.filter((segment, i) => !(typeof segment === 'number' && wrapped.has(key(where.slice(0, i)))));
  const nodeAt = (where: readonly PropertyKey[]) => {
    const real = written(where);
    for (let depth = real.length; depth >= 0; depth--) {
      const node = depth === 0 ? document.contents : document.getIn(real.slice(0, depth), true);
      if (isNode(node)) return node;
    }
    return undefined;
  };
  const lineOf = (where: readonly PropertyKey[]) => {
    const node = nodeAt(where);
    return node?.range ? at(node.range[0]).line : undefined;
  };
  /** `keyOf`: point at that key of the mapping at `where` (an unknown key; a key that conflicts with another). */
  const problem = (where: readonly PropertyKey[], message: string, keyOf?: { key: string; label: 'map' | 'key' }): never => {
    let node: unknown = nodeAt(where);
    if (keyOf !== undefined && isMap(node)) node = node.items.find((pair) => isScalar(pair.key) && pair.key.value === keyOf.key)?.key ?? node;
    const label = formatYamlPath(keyOf?.label === 'key' ? [...written(where), keyOf.key] : written(where));
    throw new UserError('chat-script-invalid', `${label ? `${label}: ` : ''}${message}`, { location: at(isNode(node) ? node.range?.[0] : undefined), hint: HINT });
  };

  const raw: unknown = yaml.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) problem([], 'a chat script is a mapping with turns: (and optionally session:, mock:, approve:)');
  normalise(raw as Record<string, unknown>, document, wrapped, problem);

  const parsed = scriptSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
    const where = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const unknown = issue.keys[0]!;
      const section = [...written(where)].reverse().find((p): p is string => typeof p === 'string') ?? '';
      return problem(where, `unknown key "${unknown}" (expected ${(KNOWN_KEYS[section] ?? []).join(', ')})`, { key: unknown, label: 'map' });
    }
    const missing = issue.code === 'invalid_type' && valueAtPath(raw, where) === undefined;
    return problem(where, missing ? 'is required' : issue.message);
  }
  const data = parsed.data;

  const pattern = (where: PropertyKey[], written: string): ScriptPattern => {
    const literal = /^\/(.*)\/([a-z]*)$/s.exec(written);
    try {
      return { source: written, regex: literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(written) };
    } catch (error) {
      return problem(where, `not a valid regular expression: ${(error as Error).message}`);
    }
  };
  const jsonPath = (where: PropertyKey[], written: string): PathSegment[] => {
    try {
      return parseJsonPath(written);
    } catch (error) {
      if (error instanceof JsonPathError) return problem(where, `${JSON.stringify(written)}: ${error.message}`);
      throw error;
    }
  };

  const turns = data.turns.map((turn, index): ScriptTurn => {
    const base = ['turns', index];
    const expect = turn.expect ?? {};
    const within = (...rest: PropertyKey[]) => [...base, 'expect', ...rest];
    const replyChecks: string[] = (['contains', 'matches'] as const).filter((k) => expect[k] !== undefined);
    if ((expect.equals ?? []).some((check) => (check.in ?? 'reply') === 'reply')) replyChecks.push('equals');
    if (expect.error !== undefined && expect['no-error'] === true) problem(within(), 'conflicts with error: (a turn either fails or it does not)', { key: 'no-error', label: 'key' });
    if (expect.error !== undefined && replyChecks.length > 0) {
      problem(within(), `checks the reply, and a turn expected to fail has none (drop ${replyChecks[0]}: or error:)`, { key: replyChecks[0]!, label: 'key' });
    }
    const error: ErrorExpectation | undefined =
      expect.error === undefined
        ? undefined
        : {
            line: lineOf(within('error')),
            ...(expect.error.contains === undefined ? {} : { contains: expect.error.contains }),
            ...(expect.error.code === undefined ? {} : { code: expect.error.code }),
            ...(expect.error.matches === undefined ? {} : { matches: pattern(within('error', 'matches'), expect.error.matches) }),
          };
    return {
      user: turn.user,
      line: lineOf(base) ?? 1,
      expect: {
        contains: (expect.contains ?? []).map((text, i) => ({ text, line: lineOf(within('contains', i)) })),
        matches: (expect.matches ?? []).map((written, i) => ({ ...pattern(within('matches', i), written), line: lineOf(within('matches', i)) })),
        equals: [
          ...(expect.equals ?? []).map((check, i): PathExpectation => ({
            kind: 'equals',
            in: check.in ?? 'reply',
            path: jsonPath(within('equals', i, 'path'), check.path),
            value: check.value,
            line: lineOf(within('equals', i)),
          })),
          ...(expect.state ?? []).map((check, i): PathExpectation => ({
            kind: 'state',
            in: 'state',
            path: jsonPath(within('state', i, 'path'), check.path),
            value: check.equals,
            line: lineOf(within('state', i)),
          })),
        ],
        tools: (expect.tool ?? []).map((check, i) => ({
          name: check.name,
          hasArgs: check.args !== undefined,
          line: lineOf(within('tool', i)),
          ...(check.args === undefined ? {} : { args: check.args }),
        })),
        ...(error ? { error } : {}),
        mustSucceed: error === undefined && expect['no-error'] !== false,
        line: expect['no-error'] === undefined ? lineOf(base) : lineOf(within('no-error')),
      },
    };
  });

  return {
    file,
    shown,
    turns,
    ...(data.session === undefined ? {} : { session: data.session }),
    ...(data.mock === undefined ? {} : { mock: path.resolve(path.dirname(file), data.mock) }),
    ...(data.approve === undefined ? {} : { approve: data.approve }),
  };
}

/**
 * Shorthands to their long form before validation: a single check where a list is allowed,
 * `tool: NAME`, `error: true | "text"`. Text written as a YAML number or boolean (`user: 49.90`)
 * is taken as written, not as the number it would parse to.
 */
function normalise(raw: Record<string, unknown>, document: Document, wrapped: Set<string>, problem: (where: readonly PropertyKey[], message: string) => never): void {
  const asWritten = (where: PropertyKey[], value: unknown): unknown => {
    if (typeof value !== 'number' && typeof value !== 'boolean') return value;
    const node = document.getIn(where, true);
    return isScalar(node) && typeof node.source === 'string' ? node.source : String(value);
  };
  const list = (holder: Record<string, unknown>, name: string, where: PropertyKey[]) => {
    if (holder[name] === undefined || holder[name] === null) {
      delete holder[name];
      return;
    }
    if (!Array.isArray(holder[name])) {
      holder[name] = [holder[name]];
      wrapped.add(key([...where, name]));
    }
  };
  if (!Array.isArray(raw.turns)) return;
  raw.turns.forEach((turn: unknown, index) => {
    if (typeof turn !== 'object' || turn === null || Array.isArray(turn)) return;
    const base = ['turns', index];
    const t = turn as Record<string, unknown>;
    t.user = asWritten([...base, 'user'], t.user);
    if (typeof t.expect !== 'object' || t.expect === null || Array.isArray(t.expect)) return;
    const expect = t.expect as Record<string, unknown>;
    const where = [...base, 'expect'];
    for (const name of ['contains', 'matches', 'equals', 'state', 'tool']) list(expect, name, where);
    for (const name of ['contains', 'matches']) {
      const values = expect[name];
      if (Array.isArray(values)) expect[name] = values.map((value, i) => asWritten([...where, name, ...(wrapped.has(key([...where, name])) ? [] : [i])], value));
    }
    if (Array.isArray(expect.tool)) {
      expect.tool = expect.tool.map((tool: unknown) => (typeof tool === 'string' ? { name: tool } : tool));
    }
    const error = expect.error;
    if (error === true) expect.error = {};
    else if (error === false || error === null) delete expect.error;
    else if (typeof error === 'string') expect.error = { contains: error };
    else if (error !== undefined && (typeof error !== 'object' || Array.isArray(error))) {
      problem([...where, 'error'], 'is true, a text the error contains, or { contains, matches, code }');
    }
  });
}

function key(where: readonly PropertyKey[]): string {
  return where.map(String).join('\u0000');
}
