import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatYamlPath, parseLocatedYaml, valueAtPath } from '../../config/located-yaml.js';
import { UserError } from '../../core/errors.js';
import type { TokenUsage } from '../../core/trace.js';

/** One tool call a scripted model asks for. */
export interface MockToolCall {
  tool: string;
  args: unknown;
}

/** One scripted model reply of an agent: tool calls (a round that goes on), or the answer. */
export type MockRound = { toolCalls: MockToolCall[]; usage?: TokenUsage } | { answer: unknown; usage?: TokenUsage };

/** A reasoner's replies, one per call in order; the last one repeats. */
export interface ReasonerMock {
  outputs: unknown[];
  usage?: TokenUsage;
}

/** A `--mock FILE`, validated. */
export interface MockFile {
  /** The file as shown in messages (relative to the working directory). */
  file: string;
  reasoners: Record<string, ReasonerMock>;
  agents: Record<string, MockRound[]>;
  /** Tools that answer from the file instead of running (an MCP tool's server is never started): outputs in order, the last repeats. */
  tools: Record<string, { outputs: unknown[] }>;
}

const usageSchema = z.strictObject({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() });
const toolCallSchema = z.strictObject({ tool: z.string().min(1), args: z.unknown().optional() });
const roundSchema = z
  .strictObject({
    tool: z.string().min(1).optional(),
    args: z.unknown().optional(),
    tools: z.array(toolCallSchema).min(1).optional(),
    answer: z.unknown().optional(),
    usage: usageSchema.optional(),
  })
  .superRefine((round, ctx) => {
    const kinds = (['tool', 'tools', 'answer'] as const).filter((key) => key in round);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: kinds.length === 0 ? 'a round needs one of tool:, tools: or answer:' : `a round has one of tool:, tools: or answer:, not ${kinds.join(' and ')}`,
      });
    } else if ('args' in round && kinds[0] !== 'tool') {
      ctx.addIssue({ code: 'custom', message: 'args: goes with tool:', path: ['args'] });
    }
  });
const mockSchema = z.strictObject({
  reasoners: z.record(z.string().min(1), z.unknown()).nullish(),
  agents: z.record(z.string().min(1), z.unknown()).nullish(),
  tools: z.record(z.string().min(1), z.unknown()).nullish(),
});

/** The sequence form of a reasoner's mock: `{ outputs: [...] }`, optionally with `usage:`. */
function isSequence(value: unknown): value is { outputs: unknown[]; usage?: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return Array.isArray((value as { outputs?: unknown }).outputs) && keys.every((key) => key === 'outputs' || key === 'usage');
}

/**
 * Reads a `--mock FILE` (YAML, or JSON, which is YAML too). A problem is a UserError (exit 2)
 * naming file:line:column and what is wrong, like ca.yaml's. The format is in docs/run.md.
 */
export function readMockFile(file: string, cwd = process.cwd()): MockFile {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const shown = relative.startsWith('..') ? absolute : relative;
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UserError('mock-unreadable', `cannot read mock file ${shown}: ${reason}`, { hint: 'Pass --mock a YAML or JSON file of canned model replies (see docs/run.md).' });
  }
  return parseMockText(text, shown);
}

/** Mock file text → MockFile; `shown` names the file in errors. */
export function parseMockText(text: string, shown: string): MockFile {
  const yaml = parseLocatedYaml(text, shown);
  const hint = 'See "Mocking models" in docs/run.md for the format.';
  if (yaml.syntaxError) throw new UserError('mock-invalid', `not valid YAML: ${yaml.syntaxError.message}`, { location: yaml.syntaxError.location, hint });
  const value = yaml.value;
  const problem = (where: readonly PropertyKey[], message: string, keyOf?: string): never => {
    const label = formatYamlPath(where);
    throw new UserError('mock-invalid', `${label ? `${label}: ` : ''}${message}`, { location: yaml.locate(where, keyOf), hint });
  };
  if (typeof value !== 'object' || Array.isArray(value)) problem([], 'a mock file is a mapping with reasoners:, agents: and tools:');

  const fail = (prefix: readonly PropertyKey[], error: z.ZodError): never => {
    // A misspelt key also leaves its real one missing: report the misspelling, the actual mistake.
    const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
    const where = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const known = where.length === 0 ? ['reasoners', 'agents', 'tools'] : where.at(-1) === 'usage' ? ['input', 'output'] : ['tool', 'args', 'tools', 'answer', 'usage'];
      return problem(where, `unknown key "${key}" (expected ${known.join(', ')})`, key);
    }
    const missingKey = issue.code === 'invalid_type' && valueAtPath(value, where) === undefined;
    return problem(where, missingKey ? 'is required' : issue.message);
  };
  const parsed = mockSchema.safeParse(value);
  if (!parsed.success) fail([], parsed.error);
  const data = parsed.data!;

  const reasoners: Record<string, ReasonerMock> = {};
  for (const [name, entry] of Object.entries(data.reasoners ?? {})) {
    if (!isSequence(entry)) {
      reasoners[name] = { outputs: [entry] };
      continue;
    }
    if (entry.outputs.length === 0) problem(['reasoners', name, 'outputs'], 'needs at least one output');
    const mock: ReasonerMock = { outputs: entry.outputs };
    if (entry.usage !== undefined) {
      const usage = usageSchema.safeParse(entry.usage);
      if (!usage.success) fail(['reasoners', name, 'usage'], usage.error);
      mock.usage = usage.data!;
    }
    reasoners[name] = mock;
  }

  const agents: Record<string, MockRound[]> = {};
  for (const [name, script] of Object.entries(data.agents ?? {})) {
    // A list of rounds, or one round on its own (an agent that answers at once).
    const rounds = Array.isArray(script) ? z.array(roundSchema).min(1, 'needs at least one round').safeParse(script) : roundSchema.safeParse(script);
    if (!rounds.success) fail(['agents', name], rounds.error);
    const list = rounds.data!;
    agents[name] = (Array.isArray(list) ? list : [list]).map((round): MockRound => {
      const usage = round.usage ? { usage: round.usage } : {};
      if (round.tool !== undefined) return { toolCalls: [{ tool: round.tool, args: round.args ?? {} }], ...usage };
      if (round.tools !== undefined) return { toolCalls: round.tools.map((call) => ({ tool: call.tool, args: call.args ?? {} })), ...usage };
      return { answer: round.answer, ...usage };
    });
  }
  const tools: Record<string, { outputs: unknown[] }> = {};
  for (const [name, entry] of Object.entries(data.tools ?? {})) {
    const sequence = typeof entry === 'object' && entry !== null && !Array.isArray(entry) && Object.keys(entry).length === 1 && Array.isArray((entry as { outputs?: unknown }).outputs);
    const outputs = sequence ? (entry as { outputs: unknown[] }).outputs : [entry];
    if (outputs.length === 0) problem(['tools', name, 'outputs'], 'needs at least one output');
    tools[name] = { outputs };
  }
  return { file: shown, reasoners, agents, tools };
}
