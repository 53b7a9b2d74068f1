import Table from 'cli-table3';
import type { EvalCaseResult, EvalResult } from '../../core/results.js';
import { visible } from '../../core/visible-text.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from '../borderless-table.js';
import type { Colors } from '../colors.js';

/**
 * `ca eval`: a table per eval file (case, verdict, the first failed expectation as expected vs
 * actual, the run to trace), the file's pass rate, then the totals and, with a baseline, the
 * regressions apart from the known failures.
 */
export function renderEval(result: EvalResult, c: Colors): string {
  const blocks: string[] = [];
  for (const file of result.files) {
    const table = new Table({ head: ['case', 'verdict', 'expected', 'actual', 'run'].map((h) => c.bold(h)), chars: BORDERLESS_CHARS, style: PLAIN_STYLE });
    for (const evalCase of file.cases) table.push(row(evalCase, c));
    const rate = `${file.passed}/${file.cases.length} passed`;
    const threshold = file.threshold < 1 ? ` (threshold ${Math.round(file.threshold * 100)}%: ${file.ok ? c.green('met') : c.red('not met')})` : '';
    blocks.push(`${c.bold(visible(file.target))} ${c.dim(file.file)}  ${file.ok ? c.green(rate) : c.red(rate)}${threshold}\n${trimLines(table.toString())}`);
  }
  const { totals } = result;
  const summary = `${totals.cases} case${totals.cases === 1 ? '' : 's'} in ${totals.files} file${totals.files === 1 ? '' : 's'}: ${c.green(`${totals.passed} passed`)}${totals.failed > 0 ? `, ${c.red(`${totals.failed} failed`)}` : ''} · ${(result.durationMs / 1000).toFixed(1)}s · ${result.evalId}`;
  blocks.push(summary);
  if (result.baseline) {
    const b = result.baseline;
    const list = (refs: { file: string; case: string }[]) => refs.map((ref) => `  ${visible(ref.case)} ${c.dim(ref.file)}`).join('\n');
    const lines = [`against ${b.from}: ${b.regressions.length} regression${b.regressions.length === 1 ? '' : 's'}, ${b.knownFailures.length} known failure${b.knownFailures.length === 1 ? '' : 's'}, ${b.fixed.length} fixed, ${b.new.length} new`];
    if (b.regressions.length > 0) lines.push(c.red('regressions (passed before, fail now):'), list(b.regressions));
    if (b.knownFailures.length > 0) lines.push(c.yellow('known failures (failed before too):'), list(b.knownFailures));
    if (b.fixed.length > 0) lines.push(c.green('fixed:'), list(b.fixed));
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

function row(evalCase: EvalCaseResult, c: Colors): string[] {
  const verdict = evalCase.passed ? c.green('pass') : c.red('FAIL');
  const failed = evalCase.expectations.find((e) => !e.passed);
  if (evalCase.passed || !failed) {
    const why = evalCase.passed ? '' : `the run ${evalCase.runStatus}${evalCase.error ? `: ${evalCase.error.message}` : ''}`;
    return [visible(evalCase.name), verdict, '', visible(why), c.dim(evalCase.runId)];
  }
  const where = failed.path === undefined ? `${failed.scorer}` : `${failed.path} ${failed.scorer}`;
  return [visible(evalCase.name), verdict, visible(`${where}: ${failed.expected}`), visible(failed.actual), c.dim(evalCase.runId)];
}
