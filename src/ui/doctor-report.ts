import Table from 'cli-table3';
import type { CheckStatus, DoctorResult } from '../core/doctor-result.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from './borderless-table.js';
import type { Colors } from './colors.js';
import { visible } from '../core/visible-text.js';

function paint(status: CheckStatus, c: Colors): string {
  if (status === 'ok') return c.green(status);
  if (status === 'warn') return c.yellow(status);
  if (status === 'fail') return c.red(status);
  return c.dim(status);
}

/** `ca doctor`: one row per check (status, what, what was found), hints under the table, then the verdict. */
export function renderDoctor(result: DoctorResult, c: Colors): string {
  const table = new Table({ head: ['status', 'check', 'found'].map((h) => c.bold(h)), chars: BORDERLESS_CHARS, style: PLAIN_STYLE });
  for (const check of result.checks) table.push([paint(check.status, c), check.title, visible(check.summary)]);
  const hints = result.checks
    .filter((check) => check.hint && (check.status === 'warn' || check.status === 'fail'))
    .map((check) => `  ${paint(check.status, c)} ${check.title}: ${c.dim(visible(check.hint!))}`);
  const count = (status: CheckStatus) => result.checks.filter((check) => check.status === status).length;
  const parts = [`${count('ok')} ok`, `${count('warn')} warning${count('warn') === 1 ? '' : 's'}`, `${count('fail')} failed`];
  if (count('skip') > 0) parts.push(`${count('skip')} not checked`);
  const verdict = result.ok ? c.green(`✔ ${parts.join(', ')}`) : c.red(`✖ ${parts.join(', ')}`);
  return [trimLines(table.toString()), ...(hints.length ? ['', ...hints] : []), '', verdict].join('\n');
}
