import { toJsonValue, type JsonValue } from '../core/json-value.js';
import { NO_SECRETS } from '../core/secret-scrubber.js';
import type { RunEndedEvent, SpanKind } from '../core/trace.js';
import type { Definition } from '../sdk/definition.js';
import { abortReason } from './abortable.js';
import { watchForStuck } from './idle-watch.js';
import { Interpreter, PARKED } from './interpreter.js';
import { DRAINED } from './step-journal.js';
import { isCancellation, RunError, toTraceError } from './run-errors.js';
import type { RuntimeOptions } from './runtime-options.js';
import { createTraceCopy } from './trace-copy.js';
import { type Span, TraceRecorder } from './trace-recorder.js';

/**
 * How a run ended: `ended` is the trace's last event (values bounded and redacted, as stored);
 * `output` is the exact value the run returned, converted once to JSON (core/json-value.ts) with
 * only known secret values removed: what a verb prints.
 */
export interface RunOutcome {
  ended: RunEndedEvent;
  output?: JsonValue;
}

/**
 * Runs `body` as one run: the root span, the interpreter, and a `run.ended` event whatever happens
 * (success, failure, cancellation, project code calling process.exit, a promise that can never
 * settle). Never throws for the run's own failures: they are the outcome.
 */
export async function asRun(
  root: { name: string; kind: SpanKind; input: unknown },
  options: RuntimeOptions,
  body: (interpreter: Interpreter, span: Span, signal: AbortSignal) => Promise<unknown>,
): Promise<RunOutcome> {
  const recorder = new TraceRecorder(options.runId, options.onEvent, options.traceCopy ?? createTraceCopy({ scrubber: options.scrubber }), options.now, options.segment);
  // Aborted by the run's own failures that user code cannot be trusted to pass on (process.exit, a stuck promise).
  const failure = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failure.signal]) : failure.signal;
  const failRun = (error: RunError) => {
    if (!failure.signal.aborted) failure.abort(error);
  };
  const interpreter = new Interpreter(options, recorder, failRun);
  const span = recorder.startRun(root.name, root.kind, root.input, options.sessionId, options.forkOf);
  // The run itself is the journal's first step: its exact input is what a replay or a resume starts from.
  const rootAttempt = (options.segment?.rootAttempts ?? 0) + 1;
  await interpreter.steps.started({ key: span.key, name: root.name, kind: root.kind, input: root.input, attempt: rootAttempt, keepInput: true });
  const stopWatching = watchForStuck(() => {
    const waiting = recorder.waitingOn();
    const error = neverSettled(waiting.map((at) => (at.kind === 'run' ? root.kind : at.kind) + ' ' + at.name));
    for (const at of waiting) recorder.blame(error, at);
    failRun(error);
  });
  try {
    const output = await body(interpreter, span, signal);
    if (signal.aborted) throw abortReason(signal);
    // Code that caught the drain's refusal and went on still skipped a step: the run stops here, to go on later.
    if (interpreter.steps.drained) throw drained();
    const exact = (options.scrubber ?? NO_SECRETS).value(toJsonValue(output));
    // The trace's copy is cut from the same converted value the verb prints.
    await interpreter.steps.ended(span.key, { status: 'succeeded', ...(exact === undefined ? {} : { output: exact }), attempts: rootAttempt });
    const ended = recorder.endRun(span, { status: 'succeeded', output: exact });
    return exact === undefined ? { ended } : { ended, output: exact };
  } catch (thrown) {
    // Code that swallowed our abort and threw something of its own was still cancelled (or failed).
    const error = failure.signal.aborted ? (failure.signal.reason as RunError) : signal.aborted && !(thrown instanceof RunError) ? abortReason(signal) : thrown;
    const stopped = interpreter.steps.drained && !failure.signal.aborted ? drained() : error;
    const status = stopped !== error ? 'interrupted' : isCancellation(error) ? 'cancelled' : isParked(error) ? 'waiting' : 'failed';
    const failedPath = status === 'cancelled' || status === 'interrupted' ? undefined : (recorder.whereFailed(error) ?? span.path);
    await interpreter.steps.ended(span.key, { status: status === 'failed' ? 'failed' : 'cancelled', error: toTraceError(stopped), attempts: rootAttempt });
    return { ended: recorder.endRun(span, { status, error: toTraceError(stopped), ...(failedPath ? { failedPath } : {}) }) };
  } finally {
    stopWatching();
    // The run's MCP servers end with it: succeeded, failed or cancelled (Ctrl-C).
    await interpreter.closeMcp();
  }
}

function drained(): RunError {
  return new RunError(DRAINED, 'the run stopped before its next step: the worker running it is shutting down', { hint: 'it goes on from its journal on the next worker' });
}

function isParked(error: unknown): boolean {
  return error instanceof RunError && error.code === PARKED;
}

function neverSettled(waiting: readonly string[]): RunError {
  const what = waiting.length === 0 ? 'the run' : waiting.join(', ');
  return new RunError('never-settled', `${what} never settled: it waits on a promise that nothing is left to resolve`, {
    hint: 'make sure every promise resolves or rejects (a forgotten callback, a missing resolve()), or give the call a timeoutMs',
  });
}

/** `ca run NAME`: one definition, run from its root span. */
export function runDefinition(def: Definition, input: unknown, options: RuntimeOptions): Promise<RunOutcome> {
  return asRun({ name: def.name, kind: def.kind === 'mcp_server' ? 'tool' : def.kind, input }, options, (interpreter, span, signal) => interpreter.execute(span, def, input, signal));
}
