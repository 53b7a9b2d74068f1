import path from 'node:path';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import { globSync } from 'tinyglobby';
import { UserError } from '../core/errors.js';
import type { CaNode } from '../core/node.js';
import type { EvalCaseResult, EvalFileResult, EvalResult, ExpectationVerdict } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import type { TraceEvent } from '../core/trace.js';
import { compareWithBaseline } from '../eval/compare-baseline.js';
import { EVAL_GLOB, readEvalFile, type EvalCase, type EvalFile, type Expectation } from '../eval/eval-file.js';
import { loadBaseline, newEvalId, saveEval } from '../eval/eval-history.js';
import { scoreExpectation, show, type CaseOutcome } from '../eval/score-case.js';
import { findNode } from './find-node.js';
import type { LoadedProject, ProjectOptions } from './load-project.js';
import { assertRunnable, runNode } from './run-node.js';
import { loadAndSelect } from './select-project.js';
import { useTelemetry, type TraceTelemetry } from './telemetry.js';

export interface EvalOptions extends ProjectOptions {
  selection: SelectionRequest;
  /** `--mock FILE` (from the working directory): instead of each file's `mock:`. */
  mock?: string;
  /** Cases in flight at once (default 4). */
  concurrency?: number;
  /** `--baseline last|ev_…|FILE`. */
  baseline?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** `--no-telemetry` (false): the cases' runs are not exported over OTLP (SPEC §13). */
  telemetry?: boolean;
  /** The one line for stderr when the cases' spans could not all be exported. */
  onWarning?: (message: string) => void;
  /** After each case, for progress. */
  onCase?(done: number, total: number): void;
}

export const DEFAULT_EVAL_CONCURRENCY = 4;

/**
 * `ca eval` (SPEC §13): the eval files of the selected nodes (every eval file without -s), each
 * case run as a stored run of its node (`ca trace` shows it), scored, and the evaluation kept in
 * .ca/evals/ for later baselines. Every mistake in a file, and every node it names that does not
 * exist, is a usage error before any case runs.
 */
export async function evalProject(options: EvalOptions): Promise<EvalResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const project = await loadAndSelect(options);
  const root = project.config.root;
  const files = globSync(EVAL_GLOB, { cwd: root, ignore: ['**/node_modules/**'] }).sort();
  const everything = options.selection.select.length === 0 && options.selection.exclude.length === 0 && options.selection.selector === undefined;
  const warnings = [...project.selection.warnings];
  const chosen: { file: EvalFile; node: CaNode }[] = [];
  for (const file of files.map((name) => readEvalFile(root, name))) {
    const node = checkFile(project, file);
    if (everything || project.selection.selected.has(node.name)) chosen.push({ file, node });
  }
  if (chosen.length === 0) warnings.push(files.length === 0 ? `no eval files: ca eval reads ${EVAL_GLOB} in the project folder` : 'no eval files for the selected nodes');
  // A baseline that cannot be read fails before anything runs.
  const baseline = options.baseline === undefined ? undefined : loadBaseline(root, options.baseline, cwd);

  const jobs = chosen.flatMap(({ file, node }) => file.cases.map((evalCase) => ({ file, node, evalCase })));
  const results = new Map<(typeof jobs)[number], EvalCaseResult>();
  let done = 0;
  // One OTLP export for every case (and judge) of the evaluation, finished once they have all run.
  const exporting = await useTelemetry(project.config, options.env ?? process.env, jobs.length === 0 ? false : options.telemetry);
  const running: CaseOptions = { ...options, telemetry: exporting.telemetry ?? false };
  try {
    await pool(jobs, Math.max(1, options.concurrency ?? DEFAULT_EVAL_CONCURRENCY), async (job) => {
      results.set(job, await runCase(project, job.file, job.node, job.evalCase, running, cwd));
      options.onCase?.(++done, jobs.length);
    });
  } finally {
    await exporting.finish(options.onWarning);
  }

  const fileResults: EvalFileResult[] = chosen.map(({ file, node }) => {
    const cases = jobs.filter((job) => job.file === file).map((job) => results.get(job)!);
    const passed = cases.filter((c) => c.passed).length;
    const threshold = file.threshold ?? 1;
    const passRate = cases.length === 0 ? 1 : passed / cases.length;
    return { file: file.file, target: node.name, cases, passed, failed: cases.length - passed, passRate, threshold, ok: passRate >= threshold };
  });
  const cases = fileResults.flatMap((file) => file.cases);
  const result: EvalResult = {
    evalId: newEvalId(),
    files: fileResults,
    totals: { files: fileResults.length, cases: cases.length, passed: cases.filter((c) => c.passed).length, failed: cases.filter((c) => !c.passed).length },
    ok: fileResults.every((file) => file.ok),
    durationMs: Math.round(performance.now() - started),
    warnings,
  };
  if (baseline) result.baseline = compareWithBaseline(result, baseline.result, baseline.from);
  if (jobs.length > 0) saveEval(root, result);
  return result;
}

/** The file's node exists and runs, and every node its expectations name exists: else a usage error at the line. */
function checkFile(project: LoadedProject, file: EvalFile): CaNode {
  const at = (line: number) => ({ location: { file: path.join(project.config.root, file.file), line } });
  const lookUp = (name: string, line: number): CaNode => {
    try {
      return findNode(project.graph, name);
    } catch (error) {
      if (error instanceof UserError) throw new UserError(error.code, `${file.file}: ${error.message}`, { ...at(line), ...(error.hint ? { hint: error.hint } : {}) });
      throw error;
    }
  };
  const node = lookUp(file.target, file.targetLine);
  try {
    assertRunnable(node);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(error.code, `${file.file}: ${error.message}`, { ...at(file.targetLine), ...(error.hint ? { hint: error.hint } : {}) });
    throw error;
  }
  for (const evalCase of file.cases) {
    for (const expectation of evalCase.expect) {
      if (expectation.kind === 'tool_called') lookUp(expectation.tool, expectation.line);
      if (expectation.kind === 'judge') {
        const judge = lookUp(expectation.judge, expectation.line);
        if (judge.kind !== 'reasoner') throw new UserError('eval-invalid', `${file.file}: judge ${judge.name} is a ${judge.kind}; a judge is a reasoner of the project`, { ...at(expectation.line), hint: 'give judge: a reasoner that answers a score from 0 to 1 (a number, or { score })' });
      }
      if (expectation.kind === 'schema' && expectation.schema === true && !node.properties.includes('output')) {
        throw new UserError('eval-invalid', `${file.file}: schema: true checks the output against ${node.name}'s output schema, and ${node.name} has none`, { ...at(expectation.line), hint: 'give the node an output schema, or schema: { …a JSON schema… }' });
      }
    }
  }
  return node;
}

const validator = new AjvJsonSchemaValidator();
const checkSchema = (schema: Record<string, unknown>, value: unknown): string | undefined => {
  const checked = validator.getValidator(schema as JsonSchemaType)(value);
  return checked.valid ? undefined : (checked.errorMessage ?? 'does not match');
};

/** What a case runs with: the evaluation's options, and its export (or false). */
type CaseOptions = Omit<EvalOptions, 'telemetry'> & { telemetry: TraceTelemetry | false };

async function runCase(project: LoadedProject, file: EvalFile, node: CaNode, evalCase: EvalCase, options: CaseOptions, cwd: string): Promise<EvalCaseResult> {
  const mock = options.mock ?? (file.mock === undefined ? undefined : path.resolve(project.config.root, path.dirname(file.file), file.mock));
  const approve = async () => file.approve === 'all';
  const called: string[] = [];
  const onEvent = (event: TraceEvent) => {
    if (event.type === 'span.started' && event.kind !== 'round' && event.kind !== 'approval' && event.kind !== 'model') called.push(event.name);
  };
  const run = await runNode({
    project: options.project,
    cwd,
    loaded: project,
    name: node.name,
    input: evalCase.input,
    approve,
    onEvent,
    telemetry: options.telemetry,
    ...(mock === undefined ? {} : { mock }),
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const outcome: CaseOutcome = {
    status: run.status,
    ...(run.output === undefined ? {} : { output: run.output }),
    ...(run.error ? { error: run.error } : {}),
    called,
    costUsd: run.costUsd,
    tokens: run.tokens,
  };
  const expectations: ExpectationVerdict[] = [];
  let costUsd = run.costUsd;
  let tokens = { ...run.tokens };
  for (const expectation of evalCase.expect) {
    if (expectation.kind !== 'judge') {
      expectations.push(scoreExpectation(expectation, outcome, checkSchema, node.properties.includes('output')));
      continue;
    }
    const judged = await judge(project, expectation, evalCase, outcome, { ...options, ...(mock === undefined ? {} : { mock }) }, cwd);
    costUsd += judged.costUsd;
    tokens = { input: tokens.input + judged.tokens.input, output: tokens.output + judged.tokens.output };
    expectations.push(judged.verdict);
  }
  return {
    name: evalCase.name,
    line: evalCase.line,
    passed: run.status === 'succeeded' && expectations.every((e) => e.passed),
    runId: run.runId,
    runStatus: run.status,
    ...(run.error ? { error: run.error } : {}),
    durationMs: run.durationMs,
    costUsd,
    tokens,
    expectations,
  };
}

/** `judge:` asks a reasoner of the project for a score from 0 to 1 (its own stored run), given the case's input, output and criteria. */
async function judge(project: LoadedProject, expectation: Extract<Expectation, { kind: 'judge' }>, evalCase: EvalCase, outcome: CaseOutcome, options: CaseOptions, cwd: string) {
  const base = { scorer: 'judge', line: expectation.line, expected: `${expectation.judge} scores ≥ ${expectation.threshold}` };
  if (outcome.status !== 'succeeded') return { verdict: { ...base, passed: false, actual: `the run ${outcome.status}` }, costUsd: 0, tokens: { input: 0, output: 0 } };
  const run = await runNode({
    project: options.project,
    cwd,
    loaded: project,
    name: expectation.judge,
    input: { input: evalCase.input ?? null, output: outcome.output ?? null, ...(expectation.criteria === undefined ? {} : { criteria: expectation.criteria }) },
    approve: async () => false,
    telemetry: options.telemetry,
    ...(options.mock === undefined ? {} : { mock: options.mock }),
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const spent = { costUsd: run.costUsd, tokens: run.tokens };
  if (run.status !== 'succeeded') return { verdict: { ...base, passed: false, actual: `the judge's run ${run.status}${run.error ? `: ${run.error.message}` : ''} (ca trace ${run.runId})` }, ...spent };
  const raw = run.output;
  const score = scoreOf(typeof raw === 'string' ? parsed(raw) : raw);
  if (!(score >= 0 && score <= 1)) return { verdict: { ...base, passed: false, actual: `the judge answered ${show(raw)}, not a score from 0 to 1` }, ...spent };
  return { verdict: { ...base, passed: score >= expectation.threshold, actual: `scored ${score}` }, ...spent };
}

/** A judge's answer as a score: a number, or `{ score }`; a judge without an output schema answers text holding either. */
function scoreOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { score?: unknown }).score === 'number') return (value as { score: number }).score;
  return Number.NaN;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text.trim());
  } catch {
    return text;
  }
}

/** Runs `work` on every item, at most `size` at once. */
async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
