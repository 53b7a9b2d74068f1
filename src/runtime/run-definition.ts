import type { RunEndedEvent, SpanKind } from '../core/trace.js';
import type { Definition } from '../sdk/definition.js';
import { abortReason } from './abortable.js';
import { Interpreter } from './interpreter.js';
import { isCancellation, RunError, toTraceError } from './run-errors.js';
import type { RuntimeOptions } from './runtime-options.js';
import { type Span, TraceRecorder } from './trace-recorder.js';

/**
 * Runs `body` as one run: the root span, the interpreter, and a `run.ended` event whatever happens
 * (success, failure, cancellation). Never throws for the run's own failures: they are the outcome.
 */
export async function asRun(
  root: { name: string; kind: SpanKind; input: unknown },
  options: RuntimeOptions,
  body: (interpreter: Interpreter, span: Span, signal: AbortSignal) => Promise<unknown>,
): Promise<RunEndedEvent> {
  const recorder = new TraceRecorder(options.runId, options.onEvent, options.redact ?? ((value) => value), options.now);
  const interpreter = new Interpreter(options, recorder);
  const signal = options.signal ?? new AbortController().signal;
  const span = recorder.startRun(root.name, root.kind, root.input, options.sessionId);
  try {
    const output = await body(interpreter, span, signal);
    if (signal.aborted) throw abortReason(signal);
    return recorder.endRun(span, { status: 'succeeded', output });
  } catch (thrown) {
    // Code that swallowed our abort and threw something of its own was still cancelled.
    const error = signal.aborted && !(thrown instanceof RunError) ? abortReason(signal) : thrown;
    const status = isCancellation(error) ? 'cancelled' : 'failed';
    const failedPath = status === 'failed' ? (recorder.whereFailed(error) ?? span.path) : undefined;
    return recorder.endRun(span, { status, error: toTraceError(error), ...(failedPath ? { failedPath } : {}) });
  }
}

/** `ca run NAME`: one definition, run from its root span. */
export function runDefinition(def: Definition, input: unknown, options: RuntimeOptions): Promise<RunEndedEvent> {
  return asRun({ name: def.name, kind: def.kind, input }, options, (interpreter, span, signal) => interpreter.execute(span, def, input, signal));
}
