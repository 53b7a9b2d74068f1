import type { EvalCaseResult, EvalFileResult, EvalResult } from '../../core/results.js';
import { attrs, seconds, text } from '../junit-xml.js';

/** `ca eval --junit FILE`: a `<testsuite>` per eval file, a `<testcase>` per case, a `<failure>` naming each failed expectation. No timestamps: the same evaluation writes the same bytes. */
export function renderEvalJunit(result: EvalResult): string {
  const time = result.files.reduce((sum, file) => sum + file.cases.reduce((s, c) => s + c.durationMs, 0), 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs({ name: 'ca eval', tests: result.totals.cases, failures: result.totals.failed, errors: 0, time: seconds(time) })}>`];
  for (const file of result.files) {
    lines.push(`  <testsuite ${attrs({ name: `${file.target} (${file.file})`, tests: file.cases.length, failures: file.failed, errors: 0, skipped: 0, time: seconds(file.cases.reduce((s, c) => s + c.durationMs, 0)), file: file.file })}>`);
    for (const evalCase of file.cases) lines.push(...testcase(file, evalCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(file: EvalFileResult, evalCase: EvalCaseResult): string[] {
  const open = `    <testcase ${attrs({ name: evalCase.name, classname: file.target, time: seconds(evalCase.durationMs), file: file.file, line: evalCase.line })}`;
  if (evalCase.passed) return [`${open}/>`];
  const failed = evalCase.expectations.filter((e) => !e.passed);
  const body = [
    `${file.file}:${evalCase.line} ${evalCase.name}`,
    ...(evalCase.runStatus === 'succeeded' ? [] : [`run:      ${evalCase.runStatus}${evalCase.error ? `: ${evalCase.error.message}` : ''}`]),
    ...failed.flatMap((e) => [`${e.path === undefined ? e.scorer : `${e.path} ${e.scorer}`} (line ${e.line})`, `  expected: ${e.expected}`, `  actual:   ${e.actual}`]),
    `trace:    ca trace ${evalCase.runId}`,
  ].join('\n');
  const message = failed.map((e) => `${e.path === undefined ? '' : `${e.path}: `}${e.expected}`).join('; ') || `the run ${evalCase.runStatus}`;
  return [`${open}>`, `      <failure ${attrs({ message, type: failed.map((e) => e.scorer).join(',') || 'run' })}>${text(body)}</failure>`, '    </testcase>'];
}
