import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/core/trace.js';
import { storedRunSpans, TraceSpans } from '../../src/runtime/telemetry/trace-spans.js';
import { spanIdOf, traceIdOf } from '../../src/runtime/telemetry/trace-telemetry.js';
import { traceBuilder } from '../helpers/trace-events.js';

function collect(content = false): { spans: ReadableSpan[]; options: ConstructorParameters<typeof TraceSpans>[0] } {
  const spans: ReadableSpan[] = [];
  return { spans, options: { content, resource: resourceFromAttributes({ 'service.name': 'support-desk' }), scope: { name: 'composable-agents' }, emit: (span) => spans.push(span) } };
}

/** A refund run parked at its approval, then resumed (`ca run --resume`) in a second segment that issues the refund. */
function parkedThenResumed(): { first: TraceEvent[]; second: TraceEvent[] } {
  const run = traceBuilder('r_refund1')
    .run('refund_flow', 'flow', { ticket: 'T-1042', amount: 49 })
    .span('s1', 'root', 'lookup_ticket', 'tool', 2, { attempt: 1, attempts: 3 })
    .end('s1', 5)
    .span('s2', 'root', 'Refund $49.00 on INV-2024-031 to Ada Byron?', 'approval', 6)
    .log('s2', 6, 'asked: nobody to answer, parked')
    .finish(7, 'waiting');
  const at = (ms: number) => ({ runId: 'r_refund1', at: Date.UTC(2026, 10, 21, 9, 30) + ms });
  const second: TraceEvent[] = [
    { type: 'run.resumed', ...at(60_000), seq: 6, spanId: 'g2.s0', segment: 2, from: 'waiting' },
    { type: 'span.started', ...at(60_001), seq: 7, spanId: 'g2.s1', parentId: 'g2.s0', name: 'issue_refund', kind: 'tool', input: { invoice: 'INV-2024-031' } },
    { type: 'span.ended', ...at(60_009), seq: 8, spanId: 'g2.s1', status: 'failed', durationMs: 8, error: { code: 'tool-failed', message: 'the payment gateway refused: card expired' } },
    { type: 'run.ended', ...at(60_010), seq: 9, status: 'failed', durationMs: 17, tokens: { input: 0, output: 0 }, costUsd: 0, error: { code: 'tool-failed', message: 'the payment gateway refused: card expired' } },
  ];
  return { first: run.events, second };
}

describe('trace events → OpenTelemetry spans', () => {
  it('keeps a resumed run in one trace: the segment root under the run root, its spans under it, the same ids live and stored', () => {
    const { first, second } = parkedThenResumed();
    const stored = collect();
    storedRunSpans([...first, ...second], stored.options);
    const byCaId = new Map(stored.spans.map((span) => [span.attributes['ca.span.id'], span]));
    expect(stored.spans.every((span) => span.spanContext().traceId === traceIdOf('r_refund1'))).toBe(true);
    const parentOf = (caId: string) => byCaId.get(caId)!.parentSpanContext?.spanId;
    expect(parentOf('root')).toBeUndefined();
    expect(parentOf('s1')).toBe(spanIdOf('r_refund1', 'root'));
    expect(parentOf('g2.s0')).toBe(spanIdOf('r_refund1', 'root'));
    expect(parentOf('g2.s1')).toBe(spanIdOf('r_refund1', 'g2.s0'));
    expect(byCaId.get('g2.s0')).toMatchObject({ name: 'invoke_workflow refund_flow', attributes: { 'ca.run.segment': 2, 'ca.run.resumed_from': 'waiting' }, status: { code: 2, message: 'the payment gateway refused: card expired' } });
    // Parked: the run and its open approval wait (status unset), they did not fail.
    expect(byCaId.get('root')).toMatchObject({ status: { code: 0 }, attributes: { 'ca.status': 'waiting' } });
    expect(byCaId.get('s2')).toMatchObject({ name: 'approval', status: { code: 0 }, attributes: { 'ca.status': 'waiting' }, events: [] });
    // The approval's prompt is content: no attribute holds it unless content is on.
    expect(JSON.stringify(stored.spans.map((span) => span.attributes))).not.toContain('Ada Byron');
    expect(byCaId.get('s1')!.attributes).toMatchObject({ 'ca.attempt': 1, 'ca.attempts': 3, 'gen_ai.tool.type': 'function' });
    expect(byCaId.get('g2.s1')!.attributes).toMatchObject({ 'error.type': 'tool-failed', 'gen_ai.tool.name': 'issue_refund' });

    // Live, the second segment in another process: told the first, it sends the same spans.
    const live = collect();
    const spans = new TraceSpans(live.options);
    spans.know(first);
    for (const event of second) spans.push(event);
    const ids = (list: ReadableSpan[]) => list.map((span) => `${span.name} ${span.spanContext().spanId} ${span.parentSpanContext?.spanId}`);
    expect(ids(live.spans)).toEqual(ids(stored.spans.filter((span) => String(span.attributes['ca.span.id']).startsWith('g2.'))));
  });

  it('with content: inputs and outputs in the GenAI attributes, the approval prompt, and logs as span events', () => {
    const { first } = parkedThenResumed();
    const stored = collect(true);
    storedRunSpans(first, stored.options);
    const byCaId = new Map(stored.spans.map((span) => [span.attributes['ca.span.id'], span]));
    expect(JSON.parse(String(byCaId.get('root')!.attributes['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: '{"ticket":"T-1042","amount":49}' }] }]);
    expect(byCaId.get('s2')).toMatchObject({ attributes: { 'ca.span.name': 'Refund $49.00 on INV-2024-031 to Ada Byron?' }, events: [{ name: 'asked: nobody to answer, parked' }] });
  });
});
