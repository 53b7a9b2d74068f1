import type { RunEndedEvent, SpanEndedEvent, SpanKind, SpanStartedEvent, TraceEvent } from '../../src/core/trace.js';

/** Builds a run's event stream by hand: times are milliseconds after `t0`, seq counts up as events are added. */
export function traceBuilder(runId: string, t0 = Date.UTC(2026, 10, 21, 9, 30)) {
  const events: TraceEvent[] = [];
  const startedAt = new Map<string, number>();
  const base = (at: number) => ({ runId, seq: events.length, at: t0 + at });
  const builder = {
    events,
    run(name: string, kind: SpanKind, input: unknown = {}, extra: { sessionId?: string } = {}) {
      startedAt.set('root', 0);
      events.push({ ...base(0), type: 'run.started', name, kind, input, spanId: 'root', ...extra });
      return builder;
    },
    span(spanId: string, parentId: string, name: string, kind: SpanKind, at: number, extra: Partial<Pick<SpanStartedEvent, 'attempt' | 'attempts' | 'input' | 'mcp'>> = {}) {
      startedAt.set(spanId, at);
      events.push({ ...base(at), type: 'span.started', spanId, parentId, name, kind, ...extra });
      return builder;
    },
    log(spanId: string, at: number, message: string) {
      events.push({ ...base(at), type: 'span.log', spanId, message });
      return builder;
    },
    end(spanId: string, at: number, status: SpanEndedEvent['status'] = 'succeeded', extra: Partial<Omit<SpanEndedEvent, 'type' | 'spanId' | 'status'>> = {}) {
      events.push({ ...base(at), type: 'span.ended', spanId, status, durationMs: at - (startedAt.get(spanId) ?? 0), ...extra });
      return builder;
    },
    finish(at: number, status: RunEndedEvent['status'], extra: Partial<Omit<RunEndedEvent, 'type' | 'status'>> = {}) {
      events.push({ ...base(at), type: 'run.ended', status, durationMs: at, tokens: { input: 0, output: 0 }, costUsd: 0, ...extra });
      return builder;
    },
  };
  return builder;
}

/**
 * A triage run that retried a lookup, drafted a reply through a model, and was then denied the
 * refund tool it does not have in `uses`.
 */
export function deniedRefundRun(runId = 'r_mi8h3k2x0a1b2c') {
  return traceBuilder(runId)
    .run('triage', 'flow', { ticket: 'T-1042' })
    .span('s1', 'root', 'lookup_ticket', 'tool', 3, { attempt: 1, attempts: 3, input: { ticket: 'T-1042' } })
    .end('s1', 5003, 'failed', { error: { code: 'timeout', message: 'lookup_ticket did not finish within 5000 ms' } })
    .span('s2', 'root', 'lookup_ticket', 'tool', 5010, { attempt: 2, attempts: 3, input: { ticket: 'T-1042' } })
    .log('s2', 5050, 'cache miss for T-1042')
    .end('s2', 5130, 'succeeded', { output: { ticket: 'T-1042', queue: 'billing', amount: 120 } })
    .span('s3', 'root', 'support_reply', 'reasoner', 5140)
    .span('s4', 's3', 'openai:gpt-4o-mini', 'model', 5141)
    .end('s4', 5781, 'succeeded', { tokens: { input: 800, output: 52 }, costUsd: 0.00015, model: 'gpt-4o-mini' })
    .end('s3', 5790, 'succeeded', { tokens: { input: 800, output: 52 }, costUsd: 0.00015, output: { reply: 'We are refunding you.' } })
    .span('s5', 'root', 'issue_refund', 'tool', 5800)
    .end('s5', 5801, 'failed', {
      error: { code: 'capability-denied', message: 'triage may not call issue_refund', hint: "add issueRefund to triage's uses" },
    })
    .finish(5802, 'failed', {
      error: { code: 'capability-denied', message: 'triage may not call issue_refund', hint: "add issueRefund to triage's uses" },
      failedPath: ['triage', 'issue_refund'],
      tokens: { input: 800, output: 52 },
      costUsd: 0.00015,
    });
}

/** `deniedRefundRun(runId)` drawn as a tree without colour: the same live, from `ca trace` and in tests. */
export function deniedRefundTree(runId = 'r_mi8h3k2x0a1b2c'): string[] {
  return [
    `! flow triage  failed  5.80s · 852 tokens · $0.00015  ${runId}`,
    '├─ ✗ tool lookup_ticket  attempt 1/3  5.00s',
    '│    lookup_ticket did not finish within 5000 ms',
    '├─ ✓ tool lookup_ticket  attempt 2/3  120ms',
    '│    cache miss for T-1042',
    '├─ ✓ reasoner support_reply  650ms · 852 tokens · $0.00015',
    '│  └─ ✓ model openai:gpt-4o-mini  640ms · 852 tokens · $0.00015',
    '└─ ! tool issue_refund  1ms',
    '     triage may not call issue_refund',
    "     hint: add issueRefund to triage's uses",
    '',
    'failed at triage › issue_refund: triage may not call issue_refund',
    "  hint: add issueRefund to triage's uses",
  ];
}
