import type { EnqueueResult, RunResult, WorkerSummary } from '../core/results.js';
import { visible } from '../core/visible-text.js';
import type { Colors } from './colors.js';
import { formatDuration } from './trace/format-run-values.js';
import { paintStatus } from './trace/render-runs.js';

/** One line per run a worker ended: id, node, status, time; the error's first line when it failed. */
export function renderWorkerRun(result: RunResult, c: Colors): string {
  const how = result.resumed ? c.dim(` (segment ${result.resumed.segment})`) : '';
  const error = result.error && result.status !== 'succeeded' ? ` ${c.dim(visible(result.error.message.split('\n')[0] ?? ''))}` : '';
  return `${result.runId} ${visible(result.name)} ${paintStatus(result.status, c)}${how} ${c.dim(formatDuration(result.durationMs))}${error}`;
}

/** What a worker did, said when it stops. */
export function renderWorkerSummary(summary: WorkerSummary, c: Colors): string {
  const ended = Object.entries(summary.runs).map(([status, count]) => `${count} ${status}`);
  const parts = [ended.length > 0 ? ended.join(', ') : 'no runs ended'];
  if (summary.requeued > 0) parts.push(`${summary.requeued} queued again`);
  if (summary.recovered > 0) parts.push(`took over from ${summary.recovered} dead worker(s)`);
  return c.dim(`worker ${summary.executorId} stopped: ${parts.join(' · ')}`);
}

/** `ca run --queue`: the run id alone on stdout (for scripts), the rest on stderr. */
export function renderEnqueued(result: EnqueueResult, c: Colors): { stdout: string; notes: string[] } {
  const notes = [c.dim(`queued ${visible(result.name)} on ${result.queue} (${result.store}) · ca trace ${result.runId}`)];
  if (result.workers === 0) notes.push(`${c.yellow('warning')}: no worker serves queue ${result.queue} now: the run waits until one starts (ca worker --queue ${result.queue})`);
  return { stdout: result.runId, notes };
}
