import { Flags } from '@oclif/core';
import { lintProject } from '../app/lint-project.js';
import { CaCommand } from '../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { runWatch, watchFlag } from '../cli/watch-verb.js';
import { EXIT, UserError } from '../core/errors.js';
import { LINT_FORMATS, type LintFormat, type LintResult } from '../core/results.js';
import { renderLintGithub } from '../ui/lint/github.js';
import { renderLintPretty } from '../ui/lint/pretty.js';
import { renderLintSarif } from '../ui/lint/sarif.js';
import { renderFindingChanges } from '../ui/watch-diff.js';

export default class Lint extends CaCommand<LintResult> {
  static override summary = 'Check definitions against the lint rules (never runs project code; safe on untrusted pull requests).';
  static override examples = [
    '<%= config.bin %> lint',
    '<%= config.bin %> lint -s state:modified+ --state git:origin/main --format github',
    '<%= config.bin %> lint --format sarif > ca.sarif',
    '<%= config.bin %> lint --watch',
  ];

  static override flags = {
    ...selectionFlags,
    format: Flags.string({ char: 'f', summary: 'pretty (default), json, github (Actions annotations) or sarif (2.1.0).', options: [...LINT_FORMATS], default: 'pretty' }),
    'fail-severity': Flags.string({
      summary: 'Exit 1 when a finding is at or above this severity (default: lint.failSeverity in ca.yaml, else error).',
      options: ['info', 'warn', 'error'],
    }),
    ...watchFlag,
  };

  async run(): Promise<LintResult | undefined> {
    const { flags } = await this.parse(Lint);
    const format = (this.jsonEnabled() ? 'json' : flags.format) as LintFormat;
    const options: Parameters<typeof lintProject>[0] = { project: flags.project, selection: selectionRequest(flags), excerpts: format === 'pretty' };
    if (flags['fail-severity']) options.failSeverity = flags['fail-severity'] as LintResult['failSeverity'];
    if (flags.watch) {
      if (format === 'github' || format === 'sarif') {
        throw new UserError('usage', `--watch prints pretty or json findings, not ${format}`, { hint: 'Drop --format, or use --format json for one JSON object per line.' });
      }
      await runWatch<LintResult>({
        options: { project: flags.project },
        json: format === 'json',
        out: this.out,
        err: this.err,
        compute: (loaded) => lintProject({ ...options, loaded }),
        render: (result) => renderLintPretty(result, this.out),
        renderChanges: (before, after) => renderFindingChanges(before, after, this.out),
        diagnostics: 'none',
        warnings: (result) => result.warnings,
      });
      return undefined;
    }
    const result = await lintProject(options);
    this.warnings(result.warnings);
    this.diagnostics(result.diagnostics);
    if (format === 'pretty') this.log(renderLintPretty(result, this.out));
    else if (format === 'github') {
      const text = renderLintGithub(result, process.cwd());
      if (text) this.log(text);
    } else if (format === 'sarif') this.log(renderLintSarif(result, process.cwd()));
    else if (!this.jsonEnabled()) this.logJson(result);
    if (result.failed) process.exitCode = EXIT.failed;
    return result;
  }
}
