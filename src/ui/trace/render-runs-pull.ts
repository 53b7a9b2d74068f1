import type { RunsPullResult } from '../../core/results.js';
import { visible } from '../../core/visible-text.js';
import type { Colors } from '../colors.js';

/** `ca runs pull`: what was copied where, what was not and why, and how to replay it. */
export function renderRunsPull(result: RunsPullResult, c: Colors): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const left = [
    result.already > 0 ? `${result.already} already there` : '',
    result.unfinished > 0 ? `${result.unfinished} not finished yet` : '',
    result.unselected > 0 ? `${result.unselected} through no selected node` : '',
  ].filter(Boolean);
  return [
    `${c.green('✔')} copied ${plural(result.copied.length, 'run')} of env ${visible(result.env)}${left.length ? ` (${left.join(', ')})` : ''}`,
    c.dim(`  ${visible(result.from)} → ${visible(result.into)}`),
    c.dim(`  replay them: ca replay -s SELECTION --runs env:${visible(result.env)} --from ${visible(result.into)}`),
  ].join('\n');
}
