import type { ReplayResult, ReplaySelectionResult } from '../../core/results.js';
import type { Colors } from '../colors.js';
import { displayName } from '../../core/node-name.js';
import { visible } from '../../core/visible-text.js';

/** `ca replay`: one line for the verdict; for a divergence, the step and what differs. */
export function renderReplay(result: ReplayResult, c: Colors): string {
  const head = `${displayName(result.name)} (run ${result.runId}, ${result.steps} step${result.steps === 1 ? '' : 's'})`;
  if (result.verdict === 'identical') return `${c.green('✓ identical')}  ${head}: same steps, same output; no tool or model was called`;
  const divergence = result.divergence!;
  const lines = [`${c.red('✗ diverged')}  ${head} at ${visible(divergence.step)}`, `  ${visible(divergence.message)}`];
  if ('recorded' in divergence) {
    lines.push(`  recorded  ${visible(JSON.stringify(divergence.recorded) ?? 'undefined')}`);
    lines.push(`  now       ${visible(JSON.stringify(divergence.now) ?? 'undefined')}`);
  }
  return lines.join('\n');
}

/** `ca replay -s`: each replay as above, then the nodes not replayed, then a count. */
export function renderReplaySelection(result: ReplaySelectionResult, c: Colors): string {
  const lines = result.replays.map((replay) => renderReplay(replay, c));
  for (const skipped of result.skipped) lines.push(`${c.dim('- not replayed')}  ${displayName(skipped.name)}: ${visible(skipped.reason)}`);
  const diverged = result.replays.filter((replay) => replay.verdict !== 'identical').length;
  const count = `${result.replays.length} replayed, ${diverged} diverged, ${result.skipped.length} not replayed (${result.selected} selected)`;
  lines.push(diverged > 0 ? c.red(count) : count);
  return lines.join('\n');
}
