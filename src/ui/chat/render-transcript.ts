import type { ChatTranscriptEntry } from '../../core/session.js';
import { colorsFor } from '../colors.js';
import { formatDuration } from '../trace/format-run-values.js';
import { CHAT_PROMPT, renderReply, renderToolCall, renderTurnProblem } from './render-chat.js';

export interface TranscriptInfo {
  name: string;
  sessionId: string;
  /** ISO time of the save. */
  savedAt: string;
}

const PLAIN = colorsFor({ isTTY: false }, {});

/**
 * `/save FILE`: the conversation of this `ca chat` as Markdown (replies are often Markdown
 * themselves, so they are written as they are) or as the plain text the terminal showed.
 */
export function renderTranscript(entries: readonly ChatTranscriptEntry[], info: TranscriptInfo, format: 'markdown' | 'text'): string {
  const turns = entries.filter((entry) => entry.type === 'user').length;
  const summary = `session ${info.sessionId} · ${turns} message${turns === 1 ? '' : 's'} · saved ${info.savedAt}`;
  if (format === 'text') {
    const lines = [`ca chat ${info.name} · ${summary}`, ''];
    for (const entry of entries) {
      if (entry.type === 'user') lines.push(`${CHAT_PROMPT}${entry.text}`);
      else if (entry.type === 'reply') lines.push(renderReply(info.name, entry.text, PLAIN));
      else if (entry.type === 'tool') lines.push(renderToolCall(entry.call, PLAIN));
      else if (entry.type === 'failed') lines.push(...renderTurnProblem({ turn: entry.turn, status: entry.status, error: entry.error, failedPath: entry.failedPath }, PLAIN));
      else lines.push('-- /reset: the conversation starts over --');
    }
    return `${lines.join('\n')}\n`;
  }
  const blocks = [`# Chat with ${info.name}`, `Session \`${info.sessionId}\` · ${turns} message${turns === 1 ? '' : 's'} · saved ${info.savedAt}`];
  let calls: string[] = [];
  const flush = () => {
    if (calls.length > 0) blocks.push(calls.join('\n'));
    calls = [];
  };
  for (const entry of entries) {
    if (entry.type === 'tool') {
      const call = entry.call;
      const icon = call.status === 'succeeded' ? '✓' : call.status === 'cancelled' ? '⊘' : '✗';
      calls.push(`- ↳ \`${call.name}\` ${icon} ${formatDuration(call.durationMs)}${call.error ? `: ${call.error.message}` : ''}`);
      continue;
    }
    flush();
    if (entry.type === 'user') blocks.push(`**you** › ${entry.text}`);
    else if (entry.type === 'reply') blocks.push(`**${info.name}** › ${entry.text}`);
    else if (entry.type === 'failed') {
      const [first] = renderTurnProblem({ turn: entry.turn, status: entry.status, error: entry.error, failedPath: entry.failedPath }, PLAIN);
      blocks.push(`> ${first}`);
    } else blocks.push('---', '*/reset: the conversation starts over.*');
  }
  flush();
  return `${blocks.join('\n\n')}\n`;
}
