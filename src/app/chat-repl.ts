import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline/promises';
import type { ApprovalMode, Approver } from '../core/approval.js';
import { isUserError } from '../core/errors.js';
import type { ChatResult } from '../core/results.js';
import type { ChatTranscriptEntry, ToolCallNote, TurnReport } from '../core/session.js';
import { traceEventJson } from '../core/trace.js';
import type { Colors } from '../ui/colors.js';
import { CHAT_PROMPT, renderChatHelp, renderGoodbye, renderReply, renderSessionLine, renderToolCall, renderTurnProblem } from '../ui/chat/render-chat.js';
import { renderTranscript } from '../ui/chat/render-transcript.js';
import { createSpinner, type Spinner } from '../ui/chat/spinner.js';
import { formatUserError } from '../ui/format-error.js';
import { renderTraceTree } from '../ui/trace/render-trace-tree.js';
import { parseChatCommand, type ChatCommand } from './chat-commands.js';
import type { ProjectOptions } from './load-project.js';
import { SessionRunner } from './session-runner.js';

/** The streams a chat talks over: the process's own, or a test's. */
export interface ChatStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface ChatOptions extends ProjectOptions {
  /** A session, or an agent (wrapped in a session that keeps its conversation). */
  name: string;
  /** Resume this session: id, unique prefix, or `last`. */
  session?: string;
  mock?: string;
  approve: ApprovalMode;
  /** One JSON line per turn (the TurnReport) instead of the reply. */
  json?: boolean;
  colors: { out: Colors; err: Colors };
  streams?: ChatStreams;
  env?: NodeJS.ProcessEnv;
  /** `--no-telemetry` (false): the turns are not exported over OTLP. */
  telemetry?: boolean;
  /** A line for stderr when the turns' spans could not all be exported (said once the chat ends). */
  onWarning?: (message: string) => void;
}

/**
 * `ca chat NAME`: a conversation with a stored session. On a terminal it is a REPL (readline's
 * line editing and history, a spinner while a turn runs, Ctrl-C cancels the turn); with piped stdin
 * each non-empty line is one turn and stdout gets only the replies. Slash commands work in both.
 */
export async function runChat(options: ChatOptions): Promise<ChatResult> {
  const streams = options.streams ?? { input: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const interactive = streams.input.isTTY === true;
  // The approver needs the prompt, which needs the session: it asks through whatever is set here.
  let ask: Approver | undefined;
  const approve: Approver =
    options.approve === 'all' ? async () => true
    : options.approve === 'none' || !interactive ? async () => false
    : (request, signal) => (ask ? ask(request, signal) : Promise.resolve(false));
  const runner = await SessionRunner.open({
    project: options.project,
    cwd: options.cwd,
    name: options.name,
    approve,
    ...(options.session === undefined ? {} : { session: options.session }),
    ...(options.mock === undefined ? {} : { mock: options.mock }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
    ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
  });
  try {
    const chat = new Chat(runner, streams, options, interactive);
    ask = (request, signal) => chat.askApproval(request.prompt, request.path, signal);
    return await chat.run();
  } finally {
    await runner.close();
  }
}

class Chat {
  private readonly transcript: ChatTranscriptEntry[] = [];
  private readonly runIds = new Map<number, string>();
  private readonly spinner: Spinner;
  private readonly out: Colors;
  private readonly err: Colors;
  private readonly json: boolean;
  private rl: Interface | undefined;
  private current: AbortController | undefined;
  private lastTurn: number | undefined;
  private turns = 0;
  private failed = 0;
  private cancelled = 0;
  private interrupted = false;
  private stopping = false;

  constructor(
    private readonly runner: SessionRunner,
    private readonly streams: ChatStreams,
    private readonly options: ChatOptions,
    private readonly interactive: boolean,
  ) {
    this.out = options.colors.out;
    this.err = options.colors.err;
    this.json = options.json === true;
    this.spinner = createSpinner(interactive ? streams.stderr : { write: () => true }, this.err);
  }

  private get name(): string {
    return this.runner.node.name;
  }

  async run(): Promise<ChatResult> {
    const resumed = this.runner.turns > 0 || this.options.session !== undefined;
    this.note(renderSessionLine({ sessionId: this.runner.id, name: this.name, turns: this.runner.turns, resumed }, this.err));
    if (this.interactive) this.note(this.err.dim('/help for commands · /exit or Ctrl-D to leave · Ctrl-C cancels a running turn'));
    const rl = createInterface({
      input: this.streams.input,
      // Prompts and echo go to stderr: stdout holds the conversation, so `ca chat x > log` still shows the prompt.
      ...(this.interactive ? { output: this.streams.stderr, terminal: true } : { terminal: false }),
      prompt: this.err.dim(CHAT_PROMPT),
      historySize: 1000,
      removeHistoryDuplicates: true,
    });
    this.rl = rl;
    const onInterrupt = () => this.interrupt();
    rl.on('SIGINT', onInterrupt);
    process.on('SIGINT', onInterrupt);
    try {
      if (this.interactive) rl.prompt();
      for await (const line of rl) {
        const text = line.trim();
        if (text !== '') {
          const command = parseChatCommand(text);
          if (command.type === 'message') await this.turn(command.text);
          else if (!(await this.command(command))) break;
        }
        if (this.stopping) break;
        if (this.interactive) rl.prompt();
      }
    } finally {
      process.off('SIGINT', onInterrupt);
      rl.close();
      this.spinner.stop();
    }
    if (this.interactive) this.note(`\n${renderGoodbye({ sessionId: this.runner.id, name: this.name }, this.err)}`);
    return {
      sessionId: this.runner.id,
      name: this.name,
      turns: this.turns,
      failed: this.failed,
      cancelled: this.cancelled,
      piped: !this.interactive,
      interrupted: this.interrupted,
    };
  }

  /**
   * Ctrl-C: cancels the running turn (a second one while it winds down quits). At the prompt it
   * clears a half-typed line, and on an empty line it leaves. With piped input it stops reading.
   */
  private interrupt(): void {
    if (this.current) {
      if (this.current.signal.aborted) process.exit(130);
      this.current.abort();
      if (!this.interactive) {
        this.interrupted = true;
        this.stopping = true;
      }
      return;
    }
    const rl = this.rl;
    if (this.interactive && rl && rl.line !== '') {
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    this.interrupted = true;
    this.stopping = true;
    rl?.close();
  }

  private async turn(message: string): Promise<void> {
    this.transcript.push({ type: 'user', text: message });
    const controller = new AbortController();
    this.current = controller;
    this.spinner.start(`${this.name} is thinking…`);
    const calls: ToolCallNote[] = [];
    // On a terminal an agent's reply is shown as it streams; `streaming` is true mid-line.
    let streamed = false;
    let streaming = false;
    let report: TurnReport;
    try {
      report = await this.runner.turn(message, {
        signal: controller.signal,
        onToolCall: (call) => {
          calls.push(call);
          if (this.json) return;
          this.spinner.clear();
          if (streaming) this.streams.stdout.write('\n');
          streaming = false;
          this.note(renderToolCall(call, this.err));
        },
        ...(this.interactive && !this.json
          ? {
              onText: (delta: string) => {
                if (!streaming) {
                  this.spinner.stop();
                  this.streams.stdout.write(renderReply(this.name, '', this.out));
                  streaming = true;
                  streamed = true;
                }
                this.streams.stdout.write(delta);
              },
            }
          : {}),
      });
    } catch (error) {
      // A turn that could not start (another process is in a turn of this session): say so and go on.
      if (!isUserError(error)) throw error;
      this.spinner.stop();
      this.failed++;
      this.note(formatUserError(error, this.err));
      return;
    } finally {
      this.current = undefined;
      this.spinner.stop();
    }
    this.turns++;
    this.lastTurn = report.turn;
    this.runIds.set(report.turn, report.runId);
    for (const call of calls) this.transcript.push({ type: 'tool', turn: report.turn, call });
    if (this.json) this.write(JSON.stringify(report));
    if (report.status === 'succeeded') {
      this.transcript.push({ type: 'reply', turn: report.turn, text: report.reply ?? '' });
      if (streamed) {
        // The reply is on screen already; a round that streamed text and then called tools is
        // followed by the answer of a later round, so what streamed last is the reply.
        if (streaming) this.streams.stdout.write('\n');
      } else if (!this.json) this.write(this.interactive ? renderReply(this.name, report.reply ?? '', this.out) : (report.reply ?? ''));
      return;
    }
    if (streaming) this.streams.stdout.write('\n');
    if (report.status === 'cancelled') this.cancelled++;
    else this.failed++;
    this.transcript.push({
      type: 'failed',
      turn: report.turn,
      status: report.status,
      ...(report.error ? { error: report.error } : {}),
      ...(report.failedPath ? { failedPath: report.failedPath } : {}),
    });
    if (!this.json || this.interactive) for (const line of renderTurnProblem(report, this.err)) this.note(line);
  }

  /** Runs a slash command; false when the chat should end. */
  private async command(command: Exclude<ChatCommand, { type: 'message' }>): Promise<boolean> {
    switch (command.type) {
      case 'exit':
        return false;
      case 'help':
        this.note(renderChatHelp(this.err));
        return true;
      case 'state':
        this.write(this.json ? JSON.stringify({ sessionId: this.runner.id, state: this.runner.state }) : JSON.stringify(this.runner.state, null, 2));
        return true;
      case 'trace': {
        const turn = command.turn ?? this.lastTurn;
        const runId = turn === undefined ? undefined : this.runIds.get(turn);
        if (runId === undefined) {
          this.note(this.err.yellow(turn === undefined ? 'no turn yet: /trace shows the last turn of this chat' : `turn ${turn} was not taken in this chat (its turns: ${[...this.runIds.keys()].join(', ') || 'none yet'})`));
          return true;
        }
        const events = await this.runner.traceOf(runId);
        if (this.json) for (const event of events) this.write(traceEventJson(event));
        else this.write(renderTraceTree(events, this.out));
        return true;
      }
      case 'reset':
        this.runner.reset();
        this.transcript.push({ type: 'reset' });
        this.note(this.err.dim(`state reset: the conversation starts over (session ${this.runner.id}; earlier turns stay in its history)`));
        return true;
      case 'save':
        this.save(command.file);
        return true;
      case 'usage':
        this.note(this.err.yellow(command.message));
        return true;
      case 'unknown':
        this.note(`${this.err.yellow(`unknown command /${command.name}`)} ${this.err.dim('(/help lists the commands; start a message with // to send a leading slash)')}`);
        return true;
    }
  }

  private save(file: string): void {
    const target = path.resolve(this.options.cwd ?? process.cwd(), file);
    const format = /\.(md|markdown)$/i.test(target) ? 'markdown' : 'text';
    const body = renderTranscript(this.transcript, { name: this.name, sessionId: this.runner.id, savedAt: new Date().toISOString() }, format);
    try {
      writeFileSync(target, body);
    } catch (error) {
      this.note(this.err.red(`cannot save to ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (error as Error).message}`));
      return;
    }
    const messages = this.transcript.filter((entry) => entry.type === 'user').length;
    this.note(this.err.dim(`saved ${messages} message${messages === 1 ? '' : 's'} to ${file} (${format === 'markdown' ? 'Markdown' : 'text'})`));
  }

  /** An approval asked through the chat's own prompt (a second readline on stdin would steal lines). */
  async askApproval(prompt: string, where: readonly string[], signal: AbortSignal): Promise<boolean> {
    const rl = this.rl;
    if (!rl) return false;
    this.spinner.pause();
    try {
      const path = where.length > 1 ? ` (${where.slice(0, -1).join(' › ')})` : '';
      const answer = await rl.question(`${this.err.yellow('approve')}: ${prompt}${path} [y/N] `, { signal });
      return /^y(es)?$/i.test(answer.trim());
    } catch {
      return false;
    } finally {
      this.spinner.resume();
    }
  }

  /** stdout: replies, /state, /trace, JSON lines. */
  private write(text: string): void {
    this.streams.stdout.write(`${text}\n`);
  }

  /** stderr: everything else (notes, calls, errors). */
  private note(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }
}
