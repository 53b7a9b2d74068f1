import type { EnqueueResult, RunResult, UpgradeResult, WorkerSummary } from '../core/results.js';
import { shortRelease } from '../core/release.js';
import { visible } from '../core/visible-text.js';
import type { Colors } from './colors.js';
import { formatDuration } from './trace/format-run-values.js';
import { paintStatus } from './trace/render-runs.js';

/** Said once the worker serves its queue (and, for a worker env, which release and why that one). */
export function renderWorkerReady(info: { executorId: string; queue: string; store: string; concurrency: number; leaseMs: number; release?: NonNullable<WorkerSummary['release']> }, c: Colors): string {
  const line = c.dim(`worker ${info.executorId} serves queue ${info.queue} of ${info.store} (${info.concurrency} at once, lease ${info.leaseMs} ms)`);
  if (!info.release) return line;
  const why = { current: `the current release of ${info.release.env}`, older: `an older release of ${info.release.env}, for the runs still pinned to it`, own: `this tree's own release (--allow-dirty): only runs pinned to it run here` }[info.release.how];
  return `${line}\n${c.bold(`release ${shortRelease(info.release.id)}`)} ${c.dim(`· ${why}`)}`;
}

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
  const pinned = result.release === undefined ? '' : `, pinned to release ${shortRelease(result.release)} of ${result.env}`;
  const notes = [c.dim(`queued ${visible(result.name)} on queue ${result.queue}${pinned} (${result.store}) · ca trace ${result.runId}`)];
  if (result.workers === 0) {
    notes.push(
      result.release === undefined
        ? `${c.yellow('warning')}: no worker serves queue ${result.queue} now: the run waits until one starts (ca worker --queue ${result.queue})`
        : `${c.yellow('warning')}: no worker serves release ${shortRelease(result.release)} of ${result.env} now: the run waits until one starts from that code (ca worker --env ${result.env})`,
    );
  }
  return { stdout: result.runId, notes };
}

/** `ca run --resume RUN --upgrade`: where the run went, and what runs live because of it. */
export function renderUpgrade(result: UpgradeResult, c: Colors): string[] {
  if (!result.moved) return [c.dim(`run ${result.runId} is on the current release ${shortRelease(result.to)} of ${result.env} already: nothing to move`)];
  const lines = [`${c.green('moved')} run ${result.runId} (${visible(result.name)}) from release ${shortRelease(result.from)} to ${c.bold(shortRelease(result.to))} of ${result.env}`];
  if (result.changed.length > 0) lines.push(c.yellow(`from the first step of ${result.changed.map((change) => visible(change.name)).join(', ')} on, it runs live (--from-divergence)`));
  lines.push(c.dim(result.requeued ? `queued again: a worker of release ${shortRelease(result.to)} goes on with it` : `a worker of release ${shortRelease(result.to)} goes on with it once it is approved`));
  return lines;
}
