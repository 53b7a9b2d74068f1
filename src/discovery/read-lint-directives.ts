import type { LintDirective } from '../core/project-scan.js';

const DIRECTIVE = /\/\/\s*ca-lint-disable-next-line\b(.*)$/;

/**
 * `// ca-lint-disable-next-line RULE[, RULE] -- reason` comments, read line by line (a cheap text
 * scan: the syntax tree drops comments). `--` and what follows is the reason.
 */
export function readLintDirectives(text: string): LintDirective[] {
  if (!text.includes('ca-lint-disable')) return [];
  const directives: LintDirective[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = DIRECTIVE.exec(line);
    if (!match) return;
    const [rulesText = '', ...reasonParts] = match[1]!.split('--');
    const reason = reasonParts.join('--').trim();
    const directive: LintDirective = {
      line: index + 1,
      column: match.index + 1,
      rules: rulesText.split(/[\s,]+/).filter((rule) => rule !== ''),
    };
    if (reason !== '') directive.reason = reason;
    directives.push(directive);
  });
  return directives;
}
