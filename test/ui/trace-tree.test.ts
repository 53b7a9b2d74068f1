import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/core/trace.js';
import { eventLine } from '../../src/ui/trace/event-line.js';
import { createLiveTrace, type LiveStream } from '../../src/ui/trace/live-trace.js';
import { renderTraceTree } from '../../src/ui/trace/render-trace-tree.js';
import { deniedRefundRun, deniedRefundTree, traceBuilder } from '../helpers/trace-events.js';

const plain = pc.createColors(false);
const colored = pc.createColors(true);
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

/** A refund that fails three levels down: refund_flow › issue_refund, with no failedPath from the runtime. */
function nestedFailure() {
  return traceBuilder('r_mi8h3k2x0nest0')
    .run('concierge', 'agent')
    .span('r1', 'root', 'round 1', 'round', 10)
    .span('m1', 'r1', 'openai:gpt-4o', 'model', 11)
    .end('m1', 900, 'succeeded', { tokens: { input: 1200, output: 80 }, costUsd: 0.0038 })
    .span('f1', 'r1', 'refund_flow', 'flow', 901, { input: { ticket: 'T-7' } })
    .span('t1', 'f1', 'issue_refund', 'tool', 905)
    .log('t1', 906, 'POST /refunds\n  amount: 120 EUR')
    .end('t1', 1400, 'failed', { error: { code: 'error', message: 'payment provider said 502' } })
    .end('f1', 1401, 'failed', { error: { code: 'error', message: 'payment provider said 502' } })
    .end('r1', 1402, 'failed', { error: { code: 'error', message: 'payment provider said 502' } })
    .finish(1403, 'failed', { error: { code: 'error', message: 'payment provider said 502' }, tokens: { input: 1200, output: 80 }, costUsd: 0.0038 });
}

/** A fake terminal: a TTY of a given size that records what is written. */
function fakeTerminal(size: { columns?: number; rows?: number } = {}): LiveStream & { output: string[] } {
  const output: string[] = [];
  return {
    isTTY: true,
    columns: size.columns ?? 100,
    rows: size.rows ?? 50,
    output,
    write(chunk: string | Uint8Array) {
      output.push(String(chunk));
      return true;
    },
  } as LiveStream & { output: string[] };
}

describe('renderTraceTree', () => {
  it('draws nesting, retries, logs, usage, a denial with its hint, and where the run failed', () => {
    expect(renderTraceTree(deniedRefundRun().events, plain)).toBe(deniedRefundTree().join('\n'));
  });

  it('shows a propagated error once, under the span where it happened, and finds the failing path itself', () => {
    expect(renderTraceTree(nestedFailure().events, plain)).toBe(
      [
        '✗ agent concierge  failed  1.40s · 1,280 tokens · $0.0038  r_mi8h3k2x0nest0',
        '└─ ✗ round 1  1.39s',
        '   ├─ ✓ model openai:gpt-4o  889ms · 1,280 tokens · $0.0038',
        '   └─ ✗ flow refund_flow  500ms',
        '      └─ ✗ tool issue_refund  495ms',
        '           payment provider said 502',
        '           POST /refunds',
        '             amount: 120 EUR',
        '',
        'failed at concierge › round 1 › refund_flow › issue_refund: payment provider said 502',
      ].join('\n'),
    );
  });

  it('shows running spans with a spinner frame and their time so far (from `now`, else the latest event)', () => {
    const running = nestedFailure().events.filter((event) => event.seq <= 6);
    const lastAt = running.at(-1)!.at;
    expect(renderTraceTree(running, plain, { now: lastAt + 1000, frame: 3 })).toBe(
      [
        '⠸ agent concierge  running  1.91s so far  r_mi8h3k2x0nest0',
        '└─ ⠸ round 1  1.90s',
        '   ├─ ✓ model openai:gpt-4o  889ms · 1,280 tokens · $0.0038',
        '   └─ ⠸ flow refund_flow  1.00s',
        '      └─ ⠸ tool issue_refund  1.00s',
        '           POST /refunds',
        '             amount: 120 EUR',
      ].join('\n'),
    );
    // Without a clock the same events always give the same text.
    expect(renderTraceTree(running, plain)).toBe(renderTraceTree(running, plain));
    expect(renderTraceTree(running, plain).split('\n')[0]).toBe('⠋ agent concierge  running  906ms so far  r_mi8h3k2x0nest0');
  });

  it('marks cancelled spans, and spans a cancelled run never ended', () => {
    const events = traceBuilder('r_mi8h3k2x0canc0')
      .run('escalate', 'flow')
      .span('a1', 'root', 'Refund 120 EUR to T-7?', 'approval', 5)
      .end('a1', 2000, 'cancelled', { error: { code: 'cancelled', message: 'interrupted by Ctrl-C' } })
      .span('n1', 'root', 'notify_tier2', 'tool', 2001)
      .finish(2002, 'cancelled', { error: { code: 'cancelled', message: 'interrupted by Ctrl-C' } }).events;
    expect(renderTraceTree(events, plain)).toBe(
      [
        '⊘ flow escalate  cancelled  2.00s  r_mi8h3k2x0canc0',
        '├─ ⊘ approval Refund 120 EUR to T-7?  2.00s',
        '│    interrupted by Ctrl-C',
        '└─ ⊘ tool notify_tier2  1ms',
        '',
        'cancelled: interrupted by Ctrl-C',
      ].join('\n'),
    );
  });

  it('colours icons and statuses only when asked, and does not depend on the order events arrive in', () => {
    const { events } = deniedRefundRun();
    const text = renderTraceTree(events, colored);
    expect(text).toContain(colored.green('✓'));
    expect(text).toContain(colored.red('✗'));
    expect(text).toContain(colored.red('failed'));
    expect(text.replace(ANSI, '')).toBe(renderTraceTree(events, plain));
    expect(renderTraceTree(events, plain)).not.toMatch(ANSI);
    const shuffled = [...events].reverse();
    expect(renderTraceTree(shuffled, plain)).toBe(renderTraceTree(events, plain));
    expect(renderTraceTree([], plain)).toBe('');
  });

  it('names the attempt only for a retry or a try that failed', () => {
    const trace = traceBuilder('r_mi8h3k2x0try00').run('triage', 'flow');
    trace.span('s1', 'root', 'update_ticket', 'tool', 1, { attempt: 1, attempts: 2 }).end('s1', 4);
    trace.span('s2', 'root', 'lookup_ticket', 'tool', 5, { attempt: 1, attempts: 3 });
    expect(renderTraceTree(trace.events, plain).split('\n').slice(1)).toEqual(['├─ ✓ tool update_ticket  3ms', '└─ ⠋ tool lookup_ticket  0ms']);
  });

  it("names an MCP tool's server, and the tool's name there when the node's differs", () => {
    const trace = traceBuilder('r_mi8h3k2x0mcp00').run('station_check', 'flow');
    trace.span('s1', 'root', 'get_forecast', 'tool', 1, { mcp: { server: 'weather', tool: 'get_forecast' } });
    trace.log('s1', 460, 'started MCP server weather (weather-server 1.4.0) in 458 ms').end('s1', 468);
    trace.span('s2', 'root', 'station_crash', 'tool', 470, { mcp: { server: 'weather', tool: 'crash' }, attempt: 2, attempts: 2 });
    trace.end('s2', 480, 'failed', { error: { code: 'mcp-exited', message: 'MCP server weather exited' } });
    expect(renderTraceTree(trace.events, plain).split('\n').slice(1, 5)).toEqual([
      '├─ ✓ tool get_forecast (mcp weather)  467ms',
      '│    started MCP server weather (weather-server 1.4.0) in 458 ms',
      '└─ ✗ tool station_crash (mcp weather › crash)  attempt 2/2  10ms',
      '     MCP server weather exited',
    ]);
    expect(renderTraceTree(trace.events, colored)).toContain(colored.dim('(mcp weather › crash)'));
  });

  it('shows inputs and outputs only when verbose, cut to one line', () => {
    const trace = traceBuilder('r_mi8h3k2x0verb0').run('triage', 'flow', { ticket: 'T-1042' });
    trace.span('s1', 'root', 'kb_answer', 'reasoner', 1, { input: { question: 'why '.repeat(60) } });
    trace.end('s1', 20, 'succeeded', { output: { answer: 'Refunds take 5 days.' } }).finish(21, 'succeeded', { output: { reply: 'ok' } });
    expect(renderTraceTree(trace.events, plain)).not.toContain('Refunds take');
    const lines = renderTraceTree(trace.events, plain, { verbose: true }).split('\n');
    expect(lines).toEqual([
      '✓ flow triage  succeeded  21ms  r_mi8h3k2x0verb0',
      '│ in  {"ticket":"T-1042"}',
      '│ out {"reply":"ok"}',
      '└─ ✓ reasoner kb_answer  19ms',
      `     in  ${`{"question":"${'why '.repeat(60)}"}`.slice(0, 99)}…`,
      '     out {"answer":"Refunds take 5 days."}',
    ]);
  });
});

describe('the live trace', () => {
  it('redraws in place on a TTY and leaves exactly what ca trace prints', () => {
    const { events } = nestedFailure();
    const terminal = fakeTerminal();
    let now = 1_000;
    const live = createLiveTrace(terminal, colored, { clock: () => (now += 100) });
    for (const event of events) live.push(event);
    live.done();
    live.done();

    const written = terminal.output.join('');
    // Frames drawn along the way, each erasing the one before (cursor up, clear to the end).
    expect(terminal.output.length).toBeGreaterThan(5);
    expect(written).toMatch(/\u001B\[\d+A\u001B\[0J/);
    // The last frame: erase, then renderTraceTree's bytes, then the cursor back.
    const final = written.slice(written.lastIndexOf('\u001B[0J') + '\u001B[0J'.length);
    expect(final).toBe(`${renderTraceTree(events, colored)}\n\u001B[?25h`);
    expect(written.startsWith('\u001B[?25l')).toBe(true);
  });

  it('erases exactly the rows it drew, counting lines that wrap', () => {
    const trace = traceBuilder('r_mi8h3k2x0wrap0').run('triage', 'flow');
    trace.span('s1', 'root', `lookup_ticket_${'x'.repeat(60)}`, 'tool', 1);
    const terminal = fakeTerminal({ columns: 40 });
    let now = 0;
    const live = createLiveTrace(terminal, plain, { clock: () => (now += 100) });
    for (const event of trace.events) live.push(event);
    const drawn = terminal.output.at(-1)!;
    const rows = drawn
      .replace(/^.*\u001B\[0J/s, '')
      .trimEnd()
      .split('\n')
      .reduce((sum, line) => sum + Math.max(1, Math.ceil([...line].length / 40)), 0);
    live.done();
    expect(terminal.output.at(-1)).toMatch(new RegExp(`^\\r\\u001B\\[${rows}A\\u001B\\[0J`));
  });

  it('never draws a frame taller than the screen', () => {
    const trace = traceBuilder('r_mi8h3k2x0tall0').run('nightly_reconcile', 'flow');
    for (let index = 0; index < 30; index++) trace.span(`s${index}`, 'root', `fetch_invoice`, 'tool', index).end(`s${index}`, index + 1);
    const terminal = fakeTerminal({ rows: 8 });
    let now = 0;
    const live = createLiveTrace(terminal, plain, { clock: () => (now += 100) });
    for (const event of trace.events) live.push(event);
    const frames = terminal.output.filter((chunk) => chunk.includes('fetch_invoice'));
    for (const frame of frames) expect(frame.replace(/^.*\u001B\[0J/s, '').trimEnd().split('\n').length).toBeLessThanOrEqual(7);
    live.done();
    expect(terminal.output.at(-1)!.replace(/^.*\u001B\[0J/s, '')).toBe(`${renderTraceTree(trace.events, plain)}\n\u001B[?25h`);
  });

  it('gets out of the way while paused (for an approval prompt) and draws again below it', () => {
    const { events } = deniedRefundRun();
    const terminal = fakeTerminal();
    let now = 0;
    const live = createLiveTrace(terminal, plain, { clock: () => (now += 100) });
    for (const event of events.slice(0, 4)) live.push(event);
    live.pause();
    expect(terminal.output.at(-1)).toMatch(/^\r\u001B\[\d+A\u001B\[0J$/);
    const before = terminal.output.length;
    terminal.write('Refund 120 EUR to T-1042? [y/N] y\n');
    for (const event of events.slice(4)) live.push(event);
    expect(terminal.output.length).toBe(before + 1);
    live.resume();
    // The first frame after the prompt erases nothing: the prompt stays on screen.
    expect(terminal.output.at(-1)).toBe(`${renderTraceTree(events, plain, { now })}\n`);
    live.done();
    expect(terminal.output.at(-1)).toBe(`\r\u001B[${renderTraceTree(events, plain, { now }).split('\n').length}A\u001B[0J${renderTraceTree(events, plain)}\n\u001B[?25h`);
  });

  it('off a TTY prints nothing while running and the tree once at the end', () => {
    const { events } = deniedRefundRun();
    const output: string[] = [];
    const live = createLiveTrace({ isTTY: false, write: (chunk: string) => output.push(chunk) > 0 } as LiveStream, plain);
    for (const event of events) live.push(event);
    expect(output).toEqual([]);
    live.done();
    expect(output).toEqual([`${renderTraceTree(events, plain)}\n`]);
  });
});

describe('event lines', () => {
  it('are one line of JSON per event that reads back as the event', () => {
    const { events } = nestedFailure();
    for (const event of events) {
      const line = eventLine(event);
      expect(line).not.toContain('\n');
      expect(JSON.parse(line)).toEqual(event);
    }
    const odd = { ...events[1]!, type: 'span.started', input: { amount: 10n } } as TraceEvent;
    expect(JSON.parse(eventLine(odd)).input).toEqual({ amount: '10' });
  });
});
