import type { SessionEvent, ToolCallNote } from '../core/session.js';
import type { Colors } from './colors.js';
import { visible } from '../core/visible-text.js';

/** One line per session event for `ca listen`: time, turn, what happened. */
export function renderSessionEvent(event: SessionEvent, c: Colors): string {
  const time = new Date(event.at).toISOString().slice(11, 23);
  const turn = event.turn === undefined ? '      ' : `turn ${String(event.turn).padEnd(2)}`;
  return `${c.dim(time)}  ${turn}  ${describe(event, c)}`;
}

function describe(event: SessionEvent, c: Colors): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'turn.started':
      return `${c.cyan('turn.started')}  ${quote(data['message'])}`;
    case 'tool.called': {
      const call = data as unknown as ToolCallNote;
      const mark = call.status === 'succeeded' ? c.green('✓') : c.red('✗');
      return `${c.cyan('tool.called')}   ${call.kind} ${visible(call.name)} ${mark} ${call.durationMs}ms${call.error ? ` ${c.red(visible(call.error.message))}` : ''}`;
    }
    case 'reply':
      return `${c.cyan('reply')}         ${quote(data['reply'])}`;
    case 'emit':
      return `${c.cyan('emit')}          ${visible(String(data['event']))}${data['data'] === undefined ? '' : ` ${visible(JSON.stringify(data['data']) ?? '')}`}`;
    case 'turn.done':
      return c.green('turn.done');
    case 'turn.failed':
      return `${c.red('turn.failed')}   ${visible(String(data['status'] ?? 'failed'))}: ${visible(String(data['error'] ?? ''))}`;
    default:
      return c.cyan(event.type);
  }
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  const line = text.replace(/\s+/g, ' ');
  return visible(JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line));
}
