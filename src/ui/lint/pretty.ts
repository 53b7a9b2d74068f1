import type { Finding } from '../../core/finding.js';
import type { LintResult } from '../../core/results.js';
import type { Colors } from '../colors.js';
import { visible } from '../../core/visible-text.js';

/** Grouped by file; each finding with its place, rule, message, a code frame and the hint. */
export function renderLintPretty(result: LintResult, c: Colors): string {
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  for (const [file, findings] of byFile) {
    out.push(c.underline(visible(file)));
    for (const f of findings) {
      const label = f.severity === 'error' ? c.red('error') : f.severity === 'warn' ? c.yellow('warning') : c.blue('info');
      out.push(`  ${c.dim(`${f.line}:${f.column}`)}  ${label}  ${visible(f.message)}  ${c.dim(f.ruleId)}`);
      if (f.excerpt) {
        const width = String(f.excerpt.firstLine + f.excerpt.lines.length - 1).length;
        f.excerpt.lines.forEach((text, index) => {
          const number = f.excerpt!.firstLine + index;
          const marker = number === f.line ? c.red('>') : ' ';
          out.push(`    ${marker} ${c.dim(String(number).padStart(width))} | ${visible(text)}`);
          if (number === f.line) out.push(`      ${' '.repeat(width)} | ${' '.repeat(Math.max(0, f.column - 1))}${c.red('^')}`);
        });
      }
      if (f.hint) out.push(`    ${c.dim(`hint: ${visible(f.hint)}`)}`);
    }
    out.push('');
  }
  const { error, warn, info } = result.counts;
  const problems = error + warn + info;
  const summary =
    problems === 0
      ? c.green(`no problems in ${result.linted} node${result.linted === 1 ? '' : 's'}`)
      : `${problems} problem${problems === 1 ? '' : 's'} (${error} error${error === 1 ? '' : 's'}, ${warn} warning${warn === 1 ? '' : 's'}, ${info} info) in ${result.linted} node${result.linted === 1 ? '' : 's'}`;
  const suppressed = result.suppressed ? c.dim(` · ${result.suppressed} silenced by disable comments`) : '';
  const verdict = result.failed ? c.red(` · fails at ${result.failSeverity}`) : '';
  out.push(`${result.failed ? c.red('✖') : c.green('✔')} ${summary}${suppressed}${verdict}`);
  return out.join('\n');
}
