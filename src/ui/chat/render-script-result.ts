import Table from 'cli-table3';
import type { ChatCheck, ChatScriptResult, ChatScriptTurn, SessionTestResult } from '../../core/results.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from '../borderless-table.js';
import type { Colors } from '../colors.js';
import { formatDuration } from '../trace/format-run-values.js';
import { CHAT_PROMPT } from './render-chat.js';
import { visible } from '../../core/visible-text.js';
import { displayName } from '../../core/node-name.js';

const REPLY_CHECKS = new Set<ChatCheck['kind']>(['contains', 'matches']);

/** `ca chat NAME --script FILE`: every turn with its mark, the failures in full, then one summary line. */
export function renderScriptResult(result: ChatScriptResult, c: Colors): string {
  const lines = [`${c.bold(visible(result.script))} ${c.dim('→')} ${visible(result.name)} ${c.dim(`(session ${result.sessionId})`)}`];
  for (const turn of result.turns) lines.push(...renderTurn(result, turn, c, true));
  lines.push('', scriptSummary(result, c));
  return lines.join('\n');
}

/** One turn: `✓ turn 1  you › …  2ms`; a failed one also gets each failed expectation, what came instead, and the reply or error. */
export function renderTurn(result: ChatScriptResult, turn: ChatScriptTurn, c: Colors, showPassed: boolean): string[] {
  if (turn.passed && !showPassed) return [];
  const mark = turn.passed ? c.green('✓') : c.red('✗');
  const head = `  ${mark} turn ${turn.index}  ${c.dim(CHAT_PROMPT)}${oneLine(turn.user)}  ${c.dim(formatDuration(turn.durationMs))}`;
  if (turn.passed) return [head];
  const lines = [`${head}  ${c.dim(`${visible(result.script)}:${turn.line}`)}`];
  const failed = turn.checks.filter((check) => !check.passed);
  for (const check of failed) {
    lines.push(`      ${c.red('expected')}  ${visible(check.expected)}${check.line !== undefined && check.line !== turn.line ? c.dim(`  (line ${check.line})`) : ''}`);
    lines.push(`      ${c.bold('actual')}    ${visible(check.actual)}`);
  }
  const showsReply = failed.some((check) => REPLY_CHECKS.has(check.kind) || (check.kind === 'error' && turn.status === 'succeeded'));
  const showsError = failed.some((check) => check.kind === 'no-error' || check.kind === 'error');
  if (turn.status === 'succeeded' && !showsReply) lines.push(`      ${c.dim('reply')}     ${visible(JSON.stringify(turn.reply ?? ''))}`);
  if (turn.status !== 'succeeded' && !showsError) lines.push(`      ${c.dim('error')}     ${visible(turn.error?.message ?? turn.status)}`);
  lines.push(c.dim(`      trace: ca trace ${turn.runId}`));
  return lines;
}

function scriptSummary(result: ChatScriptResult, c: Colors): string {
  const failed = result.turns.filter((turn) => !turn.passed).length;
  const total = result.turns.length;
  const time = formatDuration(result.durationMs);
  if (failed === 0) return `${c.green('✓')} ${total} turn${total === 1 ? '' : 's'} passed ${c.dim(`· ${time}`)}`;
  return `${c.red('✗')} ${failed} of ${total} turn${total === 1 ? '' : 's'} failed ${c.dim(`· ${time}`)}`;
}

/** `ca test`: the failures of each failed script, then a table of every script and a closing line. */
export function renderTestResult(result: SessionTestResult, c: Colors): string {
  const lines: string[] = [];
  for (const script of result.scripts.filter((s) => !s.passed)) {
    lines.push(`${c.red('✗')} ${c.bold(visible(script.script))} ${c.dim('→')} ${visible(script.name)} ${c.dim(`(session ${script.sessionId})`)}`);
    for (const turn of script.turns) lines.push(...renderTurn(script, turn, c, false));
    lines.push('');
  }
  const table = new Table({ head: ['', 'script', 'session', 'turns', 'failed', 'time'].map((h) => c.bold(h)), chars: BORDERLESS_CHARS, style: PLAIN_STYLE });
  for (const script of result.scripts) {
    const failed = script.turns.filter((turn) => !turn.passed).length;
    table.push([
      script.passed ? c.green('✓') : c.red('✗'),
      visible(script.script),
      visible(script.name),
      String(script.turns.length),
      failed === 0 ? c.dim('0') : c.red(String(failed)),
      formatDuration(script.durationMs),
    ]);
  }
  lines.push(trimLines(table.toString()), '');
  const failedScripts = result.scripts.filter((s) => !s.passed).length;
  const turns = result.scripts.reduce((sum, s) => sum + s.turns.length, 0);
  const failedTurns = result.scripts.reduce((sum, s) => sum + s.turns.filter((turn) => !turn.passed).length, 0);
  const counts = `${result.scripts.length} script${result.scripts.length === 1 ? '' : 's'}, ${turns} turn${turns === 1 ? '' : 's'}`;
  lines.push(
    failedScripts === 0
      ? `${c.green('✓')} ${counts}: all passed`
      : `${c.red('✗')} ${counts}: ${failedScripts} script${failedScripts === 1 ? '' : 's'} failed (${failedTurns} turn${failedTurns === 1 ? '' : 's'})`,
  );
  if (result.untested.length > 0) lines.push(c.dim(`no script for ${result.untested.map(displayName).join(', ')}`));
  return lines.join('\n');
}

function oneLine(text: string): string {
  const flat = visible(text.replace(/\s*\n\s*/g, ' ⏎ '));
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
