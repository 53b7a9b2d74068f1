import type { RunEndedEvent } from '../core/trace.js';
import type { Definition } from '../sdk/definition.js';
import { abortReason } from './abortable.js';
import { Interpreter } from './interpreter.js';
import { isCancellation, toTraceError } from './run-errors.js';
import type { RuntimeOptions } from './runtime-options.js';
import { TraceRecorder } from './trace-recorder.js';

/**
 * Runs one definition as a run: the root span, the interpreter, and a `run.ended` event whatever
 * happens (success, failure, cancellation). Never throws for the run's own failures: they are
 * the outcome.
 */
export async function runDefinition(def: Definition, input: unknown, options: RuntimeOptions): Promise<RunEndedEvent> {
  const recorder = new TraceRecorder(options.runId, options.onEvent, options.redact ?? ((value) => value), options.now);
  const interpreter = new Interpreter(options, recorder);
  const signal = options.signal ?? new AbortController().signal;
  const root = recorder.startRun(def.name, def.kind, input, options.sessionId);
  try {
    const output = await interpreter.execute(root, def, input, signal);
    if (signal.aborted) throw abortReason(signal);
    return recorder.endRun(root, { status: 'succeeded', output });
  } catch (thrown) {
    const error = signal.aborted && !isCancellation(thrown) && !(thrown instanceof Error && 'code' in thrown) ? abortReason(signal) : thrown;
    const status = isCancellation(error) ? 'cancelled' : 'failed';
    const failedPath = status === 'failed' ? (recorder.whereFailed(error) ?? root.path) : undefined;
    return recorder.endRun(root, { status, error: toTraceError(error), ...(failedPath ? { failedPath } : {}) });
  }
}
