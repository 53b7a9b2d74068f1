import { displayName } from '../../core/node-name.js';
import type { EnvRunReplay, ReplayRunsResult, ReplayStepSide } from '../../core/results.js';
import { visible } from '../../core/visible-text.js';
import type { Colors } from '../colors.js';
import { formatAge } from './format-run-values.js';
import { outputDiff } from './output-diff.js';

/** A value on one line, cut where it would wrap a terminal twice. */
const VALUE_WIDTH = 160;

/**
 * `ca replay --runs env:E`: a line per run, newest first (with what differs under a divergence),
 * then the counts. `now` makes the ages (5m ago) reproducible.
 */
export function renderReplayRuns(result: ReplayRunsResult, c: Colors, now: number): string {
  const lines: string[] = [];
  for (const run of result.runs) lines.push(...renderRun(run, c, now));
  lines.push(countLine(result, c));
  return lines.join('\n');
}

function renderRun(run: EnvRunReplay, c: Colors, now: number): string[] {
  const head = `${displayName(run.name)} ${run.runId} (${run.release ? `release ${shortRelease(run.release)}, ` : ''}${formatAge(run.startedAt, now)})`;
  const reason = run.reason === undefined ? '' : visible(run.reason);
  switch (run.verdict) {
    case 'identical':
      return [`${c.green('✓ identical     ')} ${head}: same steps, same output`, ...(reason ? [c.dim(`    ${reason}`)] : [])];
    case 'not-affected':
      return [`${c.dim('- not affected  ')} ${head}: ${reason}`];
    case 'not-comparable':
      return [`${c.yellow('? not comparable')} ${head}: ${reason}`];
    case 'diverged': {
      const divergence = run.divergence!;
      const lines = [`${c.red('✗ diverged      ')} ${head} at ${visible(divergence.step)}`, `    ${visible(divergence.message)}`];
      const { recorded, now: current } = divergence.at ?? {};
      if (recorded) lines.push(`    recorded  ${describeSide(recorded)}`);
      if (current && (!recorded || current.key !== recorded.key || current.name !== recorded.name)) lines.push(`    now       ${describeSide(current)}`);
      if ('recorded' in divergence || 'now' in divergence) {
        for (const line of outputDiff(divergence.recorded, divergence.now)) {
          const text = `    ${line.sign} ${visible(line.text)}`;
          lines.push(line.sign === '-' ? c.red(text) : line.sign === '+' ? c.green(text) : c.dim(text));
        }
      }
      if (reason) lines.push(c.dim(`    ${reason}`));
      return lines;
    }
  }
}

/** `reasoner draft_refund_reply (…#1) → {"reply":"…"}`: what was (or is now) at a step. */
function describeSide(side: ReplayStepSide): string {
  const outcome = side.error ? ` ✗ ${side.error.message}` : 'output' in side ? ` → ${shortJson(side.output)}` : '';
  return visible(`${side.kind} ${side.name} (${side.key})${outcome}`);
}

function countLine(result: ReplayRunsResult, c: Colors): string {
  const { identical, diverged, notAffected, notComparable } = result.counts;
  const total = result.runs.length;
  const since = result.since === undefined ? '' : ` since ${new Date(result.since).toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  const text = `${total} run${total === 1 ? '' : 's'} of env ${visible(result.env)}${since} (${visible(result.store)}): ${diverged} diverged, ${identical} identical, ${notAffected} not affected, ${notComparable} not comparable`;
  return diverged > 0 ? c.red(text) : text;
}

export function shortJson(value: unknown, width = VALUE_WIDTH): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** A release as people read it: a content hash cut to twelve characters, anything shorter whole. */
export function shortRelease(release: string): string {
  return /^[0-9a-f]{16,}$/i.test(release) ? release.slice(0, 12) : release;
}
