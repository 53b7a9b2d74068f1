import type { ToolCallNote, TurnReport } from '../../core/session.js';
import type { Colors } from '../colors.js';
import { formatDuration } from '../trace/format-run-values.js';
import { visible, visibleLines } from '../../core/visible-text.js';

/** What the REPL prints before each message the user types. */
export const CHAT_PROMPT = 'you › ';

/** `refund_desk › How much should we refund on T-1042?` */
export function renderReply(name: string, reply: string, c: Colors): string {
  return `${c.bold(c.cyan(visible(name)))} › ${visibleLines(reply)}`;
}

/** One call of the turn, as it ends: `  ↳ lookup_ticket ✓ 3ms`, `  ↳ issue_refund ✗ 12ms  card declined`. */
export function renderToolCall(call: ToolCallNote, c: Colors): string {
  const icon = call.status === 'succeeded' ? c.green('✓') : call.status === 'cancelled' ? c.yellow('⊘') : c.red('✗');
  const error = call.error ? `  ${c.red(visible(call.error.message))}` : '';
  return `  ${c.dim('↳')} ${visible(call.name)} ${icon} ${c.dim(formatDuration(call.durationMs))}${error}`;
}

/** A turn that did not succeed: where it broke and why (and what to do), or that it was cancelled. */
export function renderTurnProblem(report: Pick<TurnReport, 'turn' | 'status' | 'error' | 'failedPath'>, c: Colors): string[] {
  if (report.status === 'cancelled') return [c.yellow(`⊘ turn ${report.turn} cancelled`) + c.dim(' (the state is the one before it)')];
  const where = report.failedPath && report.failedPath.length > 0 ? ` at ${c.bold(report.failedPath.map(visible).join(' › '))}` : '';
  const lines = [`${c.red(`✗ turn ${report.turn} failed`)}${where}: ${visible(report.error?.message ?? 'unknown error')}`];
  if (report.error?.hint) lines.push(c.dim(`  hint: ${visible(report.error.hint)}`));
  return lines;
}

/** The first line on stderr: the session to resume. */
export function renderSessionLine(info: { sessionId: string; name: string; turns: number; resumed: boolean }, c: Colors): string {
  const how = info.resumed ? `resumed after ${info.turns} turn${info.turns === 1 ? '' : 's'}` : 'new';
  return `session ${c.bold(info.sessionId)} ${c.dim(`(${info.name}, ${how})`)}`;
}

/** The last line of an interactive chat: how to come back. */
export function renderGoodbye(info: { sessionId: string; name: string }, c: Colors): string {
  return c.dim(`session ${info.sessionId} · resume with: ca chat ${info.name} --session ${info.sessionId}`);
}

export const CHAT_COMMANDS: readonly { usage: string; does: string }[] = [
  { usage: '/help', does: 'this list' },
  { usage: '/state', does: "the session's state, as JSON" },
  { usage: '/trace [TURN]', does: "the last turn's trace tree (or that turn's, from this chat)" },
  { usage: '/reset', does: 'start the conversation over (fresh state; earlier turns stay in the history)' },
  { usage: '/save FILE', does: 'write the transcript: Markdown for .md, plain text otherwise' },
  { usage: '/exit', does: 'leave (also Ctrl-D, or Ctrl-C at an empty prompt)' },
];

export function renderChatHelp(c: Colors): string {
  const width = Math.max(...CHAT_COMMANDS.map((command) => command.usage.length));
  return [
    ...CHAT_COMMANDS.map((command) => `  ${c.bold(command.usage.padEnd(width))}  ${command.does}`),
    c.dim('  Anything else is a message. Start it with // to send a leading slash. Ctrl-C cancels a running turn.'),
  ].join('\n');
}
