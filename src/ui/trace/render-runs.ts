import Table from 'cli-table3';
import type { RunsResult } from '../../core/results.js';
import type { RunStatus } from '../../core/trace.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from '../borderless-table.js';
import type { Colors } from '../colors.js';
import { formatAge, formatCost, formatCount, formatRunDuration, totalTokens } from './format-run-values.js';
import { displayName } from '../../core/node-name.js';
import { visible } from '../../core/visible-text.js';
import { shortRelease } from '../../core/release.js';

const ERROR_WIDTH = 60;

/** `ca runs`: newest first; `now` makes the "started" column (5m ago) reproducible. */
export function renderRuns(result: RunsResult, c: Colors, now: number): string {
  if (result.runs.length === 0) return c.dim('no runs recorded yet (run one with ca run NAME)');
  // The release column only where runs of worker envs are listed (SPEC §14).
  const releases = result.runs.some((run) => run.release !== undefined);
  const table = new Table({
    head: ['id', 'name', 'kind', 'status', ...(releases ? ['release'] : []), 'started', 'duration', 'tokens', 'cost', 'error'].map((h) => c.bold(h)),
    chars: BORDERLESS_CHARS,
    style: PLAIN_STYLE,
  });
  for (const run of result.runs) {
    const tokens = totalTokens(run.tokens);
    const error = run.error ? oneLine(run.error.message) : '';
    table.push([
      run.id,
      displayName(run.name),
      run.kind,
      paintStatus(run.status, c),
      ...(releases ? [run.release === undefined ? c.dim('-') : `${shortRelease(run.release)} ${c.dim(run.env ?? '')}`] : []),
      formatAge(run.startedAt, now),
      formatRunDuration(run.durationMs, run.durationKind),
      tokens > 0 ? formatCount(tokens) : c.dim('-'),
      formatCost(run.costUsd) ?? c.dim('-'),
      error === '' ? '' : run.status === 'failed' ? c.red(error) : c.yellow(error),
    ]);
  }
  const waiting = (result.unserved ?? []).map(
    ({ env, release, queued }) =>
      c.yellow(`${queued} run${queued === 1 ? '' : 's'} queued for release ${shortRelease(release)} of ${env} wait${queued === 1 ? 's' : ''}: no live worker serves that release (start one from its code with ca worker --env ${env}, or move ${queued === 1 ? 'it' : 'them'}: ca run --resume RUN --upgrade)`),
  );
  return [trimLines(table.toString()), ...waiting].join('\n');
}

export function paintStatus(status: RunStatus, c: Colors): string {
  switch (status) {
    case 'succeeded':
      return c.green(status);
    case 'failed':
      return c.red(status);
    case 'running':
      return c.cyan(status);
    default:
      return c.yellow(status);
  }
}

function oneLine(text: string): string {
  const line = visible(text.split('\n')[0] ?? '');
  return line.length > ERROR_WIDTH ? `${line.slice(0, ERROR_WIDTH - 1)}…` : line;
}
