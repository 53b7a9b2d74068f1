import type { EnvRunReplay, ReplayRunsResult } from '../../core/results.js';
import { outputDiff } from './output-diff.js';
import { shortJson, shortRelease } from './render-replay-runs.js';

/** Changed lines of an output diff shown in a table cell; the rest is counted. */
const DIFF_LINES = 4;
const CELL_WIDTH = 200;

/**
 * `ca replay --runs env:E --markdown FILE`: a summary fit for a pull-request comment. The counts,
 * a table of the runs that diverged (where, why, and a short diff of the final output), then the
 * runs that could not be compared. Identical and unaffected runs are counted, not listed.
 */
export function renderReplayRunsMarkdown(result: ReplayRunsResult): string {
  const { identical, diverged, notAffected, notComparable } = result.counts;
  const since = result.since === undefined ? '' : ` since ${new Date(result.since).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const lines = [
    `### ca replay: env \`${code(result.env)}\` against this change`,
    '',
    `${result.runs.length} recorded run${result.runs.length === 1 ? '' : 's'} of \`${code(result.env)}\`${since}, replayed offline against the working tree:`,
    '',
    '| verdict | runs |',
    '| --- | ---: |',
    `| ${diverged > 0 ? '❌ ' : ''}diverged | ${diverged} |`,
    `| ✅ identical | ${identical} |`,
    `| not affected | ${notAffected} |`,
    `| not comparable | ${notComparable} |`,
  ];
  const divergedRuns = result.runs.filter((run) => run.verdict === 'diverged');
  if (divergedRuns.length > 0) {
    lines.push('', '#### Diverged', '', '| run | node | release | step | what differs | output diff |', '| --- | --- | --- | --- | --- | --- |');
    for (const run of divergedRuns) lines.push(`| \`${run.runId}\` | ${cell(run.name)} | ${run.release ? `\`${code(shortRelease(run.release))}\`` : ''} | \`${code(run.divergence!.step)}\` | ${cell(whatDiffers(run))} | ${diffCell(run)} |`);
  }
  const notCompared = result.runs.filter((run) => run.verdict === 'not-comparable');
  if (notCompared.length > 0) {
    lines.push('', '#### Not comparable', '');
    for (const run of notCompared) lines.push(`- \`${run.runId}\` ${cell(run.name)}: ${cell(run.reason ?? '')}`);
  }
  lines.push('', `<sub>\`ca replay --runs env:${code(result.env)}\` · ${result.selected} node${result.selected === 1 ? '' : 's'} selected · runs from ${cell(result.store)} · no tool or model was called</sub>`, '');
  return lines.join('\n');
}

function whatDiffers(run: EnvRunReplay): string {
  const divergence = run.divergence!;
  const recorded = divergence.at?.recorded;
  return recorded && 'output' in recorded ? `${divergence.message} (recorded: ${shortJson(recorded.output, 60)})` : divergence.message;
}

/** The changed lines of the output diff, one per line of the cell. */
function diffCell(run: EnvRunReplay): string {
  const divergence = run.divergence!;
  if (!('recorded' in divergence) && !('now' in divergence)) return '';
  const changed = outputDiff(divergence.recorded, divergence.now, 0);
  const shown = changed.slice(0, DIFF_LINES).map((line) => `<code>${html(`${line.sign} ${line.text.trim()}`)}</code>`);
  if (changed.length > DIFF_LINES) shown.push(`… ${changed.length - DIFF_LINES} more`);
  return shown.join('<br>');
}

/** Text for a table cell: on one line, HTML and pipes inert, not too long. */
function cell(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return html(one.length > CELL_WIDTH ? `${one.slice(0, CELL_WIDTH - 1)}…` : one);
}

/** `&#124;` rather than `\|`: a table row is split at bare pipes before anything else is read. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
}

/** Text inside backticks: a backtick would end it. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/\|/g, '\\|');
}
