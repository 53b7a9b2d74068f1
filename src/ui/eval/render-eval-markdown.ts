import type { EvalResult } from '../../core/results.js';

/** `ca eval --markdown FILE`: a summary to post as a pull-request comment; failing cases first, with what they expected. */
export function renderEvalMarkdown(result: EvalResult): string {
  const { totals } = result;
  const lines = [`### ca eval: ${result.ok ? '✅' : '❌'} ${totals.passed}/${totals.cases} cases passed`, ''];
  if (result.baseline) {
    const b = result.baseline;
    lines.push(`Against \`${b.from}\`: **${b.regressions.length} regression${b.regressions.length === 1 ? '' : 's'}**, ${b.knownFailures.length} known failure${b.knownFailures.length === 1 ? '' : 's'}, ${b.fixed.length} fixed, ${b.new.length} new.`, '');
  }
  lines.push('| node | eval file | passed | pass rate |', '| --- | --- | --- | --- |');
  for (const file of result.files) lines.push(`| ${cell(file.target)} | \`${cell(file.file)}\` | ${file.passed}/${file.cases.length} | ${Math.round(file.passRate * 100)}%${file.threshold < 1 ? ` (threshold ${Math.round(file.threshold * 100)}%)` : ''} ${file.ok ? '✅' : '❌'} |`);
  const failing = result.files.flatMap((file) => file.cases.filter((c) => !c.passed).map((c) => ({ file, c })));
  if (failing.length > 0) {
    lines.push('', '<details open><summary>Failing cases</summary>', '', '| case | expected | actual | run |', '| --- | --- | --- | --- |');
    for (const { file, c } of failing) {
      const failed = c.expectations.find((e) => !e.passed);
      const regression = c.baseline === 'passed' ? ' **(regression)**' : '';
      const expected = failed ? `${failed.path === undefined ? failed.scorer : `${failed.path} ${failed.scorer}`}: ${failed.expected}` : '';
      const actual = failed ? failed.actual : `the run ${c.runStatus}${c.error ? `: ${c.error.message}` : ''}`;
      lines.push(`| ${cell(c.name)}${regression} (\`${cell(file.file)}:${c.line}\`) | ${cell(expected)} | ${cell(actual)} | \`ca trace ${c.runId}\` |`);
    }
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

/** A table cell: pipes and line breaks would end it. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
