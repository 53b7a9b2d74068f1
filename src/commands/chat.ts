import { Args, Flags } from '@oclif/core';
import { runChat } from '../app/chat-repl.js';
import { runChatScript } from '../app/run-chat-script.js';
import { CaCommand } from '../cli/base-command.js';
import { mockFlag, telemetryFlag } from '../cli/runtime-flags.js';
import { TURN_APPROVAL_MODES, type ApprovalMode } from '../core/approval.js';
import { EXIT, UserError } from '../core/errors.js';
import { CHAT_SCRIPT_FORMATS, type ChatScriptFormat, type ChatScriptResult } from '../core/results.js';
import { renderJunit } from '../ui/chat/render-junit.js';
import { renderScriptResult } from '../ui/chat/render-script-result.js';
import { exitWhenDone } from '../cli/exit-when-done.js';

export default class Chat extends CaCommand<ChatScriptResult | undefined> {
  static override summary = 'Talk to a session or agent: a REPL on a terminal, one turn per line from a pipe, or a checked script (runs project code).';
  static override description =
    'Opens a new session of NAME (or resumes one with --session) and takes turns: each turn is a run, its trace in .ca/runs.db. On a terminal: /help, /state, /trace, /reset, /save FILE, /exit; Ctrl-C cancels a running turn. With piped stdin each non-empty line is a turn and stdout gets the replies only; exit 1 if a turn failed. --script FILE runs a chat script in a new session and checks each turn (exit 1 when an expectation fails). See docs/sessions.md.';
  static override examples = [
    '<%= config.bin %> chat refund_desk',
    '<%= config.bin %> chat support_chat --mock mocks.yaml --session last',
    'printf "T-1042\\n49.90\\nyes\\n" | <%= config.bin %> chat refund_desk',
    '<%= config.bin %> chat refund_desk --script src/refund_desk.chat.yaml --format junit > chat.xml',
  ];

  static override args = {
    // ignoreStdin: oclif would otherwise take a missing NAME from piped stdin, which holds the messages.
    name: Args.string({ description: 'The session or agent (optional with --script when the script names it).', ignoreStdin: true }),
  };

  static override flags = {
    session: Flags.string({ summary: 'Resume this session: its id, a unique prefix of one, or last (the latest of NAME).' }),
    ...mockFlag,
    ...telemetryFlag,
    approve: Flags.string({
      summary: 'ctx.approve and agent approvals: ask on a terminal (default; denied elsewhere), all, or none. A script never asks: none unless it says approve: all.',
      options: [...TURN_APPROVAL_MODES],
    }),
    script: Flags.string({ summary: "Run this chat script (YAML) in a new session and check each turn's expectations." }),
    format: Flags.string({ char: 'f', summary: 'With --script: pretty (default), json or junit (JUnit XML).', options: [...CHAT_SCRIPT_FORMATS], default: 'pretty' }),
  };

  async run(): Promise<ChatScriptResult | undefined> {
    const { args, flags } = await this.parse(Chat);
    const json = this.jsonEnabled();
    const approve = flags.approve as ApprovalMode | undefined;
    if (flags.script !== undefined) {
      if (flags.session !== undefined) {
        throw new UserError('usage', '--script always runs in a new session; it cannot resume one with --session', { hint: 'drop --session' });
      }
      const result = await runChatScript({
        project: flags.project,
        script: flags.script,
        ...(args.name === undefined ? {} : { name: args.name }),
        ...(flags.mock === undefined ? {} : { mock: flags.mock }),
        ...(approve === undefined ? {} : { approve }),
        ...(flags['no-telemetry'] ? { telemetry: false } : {}),
        onWarning: (message) => this.warnings([message]),
      });
      exitWhenDone();
      if (!result.passed) process.exitCode = EXIT.failed;
      if (json) return result;
      const format = flags.format as ChatScriptFormat;
      if (format === 'json') this.logJson(result);
      else if (format === 'junit') process.stdout.write(renderJunit([result]));
      else this.log(renderScriptResult(result, this.out));
      return result;
    }
    if (args.name === undefined) {
      throw new UserError('usage', 'ca chat needs the session or agent to talk to', { hint: 'ca chat NAME, or ca chat --script FILE with session: in the script' });
    }
    if (flags.format !== 'pretty') throw new UserError('usage', '--format goes with --script', { hint: 'for one JSON line per turn, use --json' });
    const result = await runChat({
      project: flags.project,
      name: args.name,
      approve: approve ?? 'ask',
      json,
      colors: { out: this.out, err: this.err },
      ...(flags.session === undefined ? {} : { session: flags.session }),
      ...(flags.mock === undefined ? {} : { mock: flags.mock }),
      ...(flags['no-telemetry'] ? { telemetry: false } : {}),
      onWarning: (message) => this.warnings([message]),
    });
    exitWhenDone();
    // Piped input is a batch: it failed if a turn did. At a terminal the person saw each error as it came.
    if (result.piped && (result.failed > 0 || result.cancelled > 0 || result.interrupted)) process.exitCode = EXIT.failed;
    return undefined;
  }
}
