import { Flags } from '@oclif/core';
import { testSessions } from '../app/test-sessions.js';
import { CaCommand } from '../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { EXIT } from '../core/errors.js';
import { CHAT_SCRIPT_FORMATS, type ChatScriptFormat, type SessionTestResult } from '../core/results.js';
import { renderJunit } from '../ui/chat/render-junit.js';
import { renderTestResult } from '../ui/chat/render-script-result.js';
import { exitWhenDone } from '../cli/exit-when-done.js';
import { telemetryFlag } from '../cli/runtime-flags.js';

export default class Test extends CaCommand<SessionTestResult> {
  static override summary = 'Run the chat scripts of the selected sessions and agents: session tests for CI (runs project code).';
  static override description =
    "For each selected session or agent, runs NAME.chat.yaml and NAME.*.chat.yaml found next to its definition or in the project's chats/ folder, each in a new session, and checks every turn. Exit 1 when an expectation fails; a selection with no scripts is a warning (exit 0). See docs/sessions.md.";
  static override examples = [
    '<%= config.bin %> test',
    '<%= config.bin %> test -s tag:refunds --mock mocks.yaml',
    '<%= config.bin %> test -s state:modified+ --state git:origin/main --format junit > sessions.xml',
  ];

  static override flags = {
    ...selectionFlags,
    ...telemetryFlag,
    mock: Flags.string({ summary: "Model answers for every script, instead of each script's mock: (relative to the working directory)." }),
    approve: Flags.string({ summary: "Approvals in every script: all or none (default: each script's approve:, else none).", options: ['all', 'none'] }),
    format: Flags.string({ char: 'f', summary: 'pretty (default), json or junit (JUnit XML: a testsuite per script, a testcase per turn).', options: [...CHAT_SCRIPT_FORMATS], default: 'pretty' }),
  };

  async run(): Promise<SessionTestResult> {
    const { flags } = await this.parse(Test);
    const result = await testSessions({
      project: flags.project,
      selection: selectionRequest(flags),
      ...(flags.mock === undefined ? {} : { mock: flags.mock }),
      ...(flags.approve === undefined ? {} : { approve: flags.approve as 'all' | 'none' }),
      ...(flags['no-telemetry'] ? { telemetry: false } : {}),
      onWarning: (message) => this.warnings([message]),
    });
    this.warnings(result.warnings);
    if (!result.passed) process.exitCode = EXIT.failed;
    exitWhenDone();
    if (this.jsonEnabled()) return result;
    const format = flags.format as ChatScriptFormat;
    if (format === 'json') this.logJson(result);
    else if (format === 'junit') process.stdout.write(renderJunit(result.scripts, 'ca test'));
    else if (result.scripts.length > 0) this.log(renderTestResult(result, this.out));
    return result;
  }
}
