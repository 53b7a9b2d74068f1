import type { ReplayResult } from '../../core/results.js';
import type { Colors } from '../colors.js';

/** `ca replay`: one line for the verdict; for a divergence, the step and what differs. */
export function renderReplay(result: ReplayResult, c: Colors): string {
  const head = `${result.name} (run ${result.runId}, ${result.steps} step${result.steps === 1 ? '' : 's'})`;
  if (result.verdict === 'identical') return `${c.green('✓ identical')}  ${head}: same steps, same output; no tool or model was called`;
  const divergence = result.divergence!;
  const lines = [`${c.red('✗ diverged')}  ${head} at ${divergence.step}`, `  ${divergence.message}`];
  if ('recorded' in divergence) {
    lines.push(`  recorded  ${JSON.stringify(divergence.recorded)}`);
    lines.push(`  now       ${JSON.stringify(divergence.now)}`);
  }
  return lines.join('\n');
}
