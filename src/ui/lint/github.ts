import path from 'node:path';
import type { LintResult } from '../../core/results.js';

const LEVELS = { error: 'error', warn: 'warning', info: 'notice' } as const;

// Workflow-command escaping, as GitHub's own toolkit does it.
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions annotations, one workflow command per line. Paths are relative to `base` (the
 * working directory: the repository root in a workflow), so a project in a subfolder still points
 * at the right file.
 */
export function renderLintGithub(result: LintResult, base: string): string {
  return result.findings
    .map((f) => {
      const file = path.relative(base, path.join(result.root, f.file)).split(path.sep).join('/');
      const properties = `file=${escapeProperty(file)},line=${f.line},col=${f.column},title=${escapeProperty(`ca lint: ${f.ruleId}`)}`;
      const message = f.hint ? `${f.message} (${f.hint})` : f.message;
      return `::${LEVELS[f.severity]} ${properties}::${escapeData(message)}`;
    })
    .join('\n');
}
