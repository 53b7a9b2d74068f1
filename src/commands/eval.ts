import path from 'node:path';
import { Flags } from '@oclif/core';
import { writeOutputFile } from '../app/write-output-file.js';
import { CaCommand } from '../cli/base-command.js';
import { exitWhenDone } from '../cli/exit-when-done.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { telemetryFlag } from '../cli/runtime-flags.js';
import { EXIT } from '../core/errors.js';
import type { EvalResult } from '../core/results.js';
import { renderEval } from '../ui/eval/render-eval.js';
import { renderEvalJunit } from '../ui/eval/render-eval-junit.js';
import { renderEvalMarkdown } from '../ui/eval/render-eval-markdown.js';
import { createProgress } from '../ui/progress.js';

export default class Eval extends CaCommand<EvalResult> {
  static override summary = 'Run the eval cases of the selected nodes (evals/**/*.eval.yaml) and score them: evals for CI (runs project code).';
  static override description =
    'Each case runs its node as a stored run (ca trace RUN shows it) and is scored by its expectations (equals, contains, matches, gte, lte, schema, tool_called, judge, max_cost_usd, max_tokens). Exit 0 when every file passes (or meets its threshold:), 1 when a case fails, 2 for a mistake in an eval file or the flags. See docs/evals.md.';
  static override examples = [
    '<%= config.bin %> eval',
    '<%= config.bin %> eval -s triage --mock mocks.yaml',
    '<%= config.bin %> eval -s state:modified+ --state git:origin/main --junit evals.xml --markdown evals.md',
    '<%= config.bin %> eval --baseline last',
  ];

  static override flags = {
    ...selectionFlags,
    ...telemetryFlag,
    mock: Flags.string({ summary: "Model answers (and tools:) for every case, instead of each eval file's mock: (relative to the working directory)." }),
    concurrency: Flags.integer({ summary: 'Cases in flight at once (default 4).', min: 1, max: 64 }),
    baseline: Flags.string({ summary: 'Compare with an earlier evaluation: last, an id (ev_…) from .ca/evals/, or a file written by ca eval --json; regressions are reported apart from known failures.' }),
    junit: Flags.string({ summary: 'Also write JUnit XML to FILE (a testsuite per eval file, a testcase per case).', helpValue: 'FILE' }),
    markdown: Flags.string({ summary: 'Also write a Markdown summary to FILE, for a pull-request comment.', helpValue: 'FILE' }),
  };

  async run(): Promise<EvalResult> {
    const { flags } = await this.parse(Eval);
    const { evalProject } = await import('../app/eval-project.js');
    const controller = new AbortController();
    const onInterrupt = () => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
    };
    process.on('SIGINT', onInterrupt);
    const progress = createProgress(process.stderr, 'cases');
    let result: EvalResult;
    try {
      result = await evalProject({
        project: flags.project,
        selection: selectionRequest(flags),
        signal: controller.signal,
        onCase: progress.update,
        ...(flags.mock === undefined ? {} : { mock: flags.mock }),
        ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
        ...(flags.baseline === undefined ? {} : { baseline: flags.baseline }),
        ...(flags['no-telemetry'] ? { telemetry: false } : {}),
        onWarning: (message) => this.warnings([message]),
      });
    } finally {
      progress.done();
      process.off('SIGINT', onInterrupt);
      exitWhenDone();
    }
    this.warnings(result.warnings);
    if (flags.junit !== undefined) writeOutputFile(path.resolve(flags.junit), renderEvalJunit(result), flags.junit);
    if (flags.markdown !== undefined) writeOutputFile(path.resolve(flags.markdown), renderEvalMarkdown(result), flags.markdown);
    if (!result.ok) process.exitCode = EXIT.failed;
    if (!this.jsonEnabled() && result.files.length > 0) this.log(renderEval(result, this.out));
    return result;
  }
}
