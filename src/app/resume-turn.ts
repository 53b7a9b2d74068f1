import type { RunResult } from '../core/results.js';
import type { Continuation } from './plan-continuation.js';
import type { LoadedProject } from './load-project.js';
import { SessionRunner, type SessionOptions, type TurnHooks } from './session-runner.js';
import type { CaNode } from '../core/node.js';
import type { TraceEvent } from '../core/trace.js';

/** What `ca run --resume` passes on to a turn (run-node.ts's options, without importing it back). */
type TurnResumeOptions = Omit<SessionOptions, 'name' | 'session' | 'loaded'> &
  Pick<TurnHooks, 'signal' | 'onEarlierEvents'> & { onEvent?: (event: TraceEvent) => void; onStart?: (info: { runId: string; node: CaNode }) => void };

/**
 * `ca run --resume RUN` where RUN is a session turn (SPEC §9): the turn goes on inside its session,
 * which keeps its conversation and moves its state only if the resumed turn succeeds.
 */
export async function resumeTurn(options: TurnResumeOptions, loaded: LoadedProject, continuing: Continuation & { sessionId: string }, store: string): Promise<RunResult> {
  const runner = await SessionRunner.open({
    ...options,
    loaded,
    name: continuing.node.name,
    session: continuing.sessionId,
    approve: options.approve,
    ...(options.mock === undefined ? {} : { mock: options.mock }),
  });
  try {
    options.onStart?.({ runId: continuing.from, node: continuing.node });
    const report = await runner.resumeTurn(continuing, {
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEarlierEvents ? { onEarlierEvents: options.onEarlierEvents } : {}),
    });
    return {
      runId: report.runId,
      name: continuing.node.name,
      kind: continuing.node.kind,
      status: report.status,
      durationMs: report.durationMs,
      tokens: report.tokens,
      costUsd: report.costUsd,
      store,
      ...(report.reply === undefined ? {} : { output: report.reply }),
      ...(report.error === undefined ? {} : { error: report.error }),
      ...(report.failedPath === undefined ? {} : { failedPath: report.failedPath }),
      ...(report.segment ? { resumed: { segment: report.segment.segment, from: report.segment.from } } : {}),
    };
  } finally {
    await runner.close();
  }
}
