import { describe, expect, it } from 'vitest';
import type { RunEndedEvent, SpanEndedEvent, SpanStartedEvent, TraceEvent } from '../../src/core/trace.js';
import type { Definition } from '../../src/sdk/definition.js';
import type { ModelClient, ModelRequest, ModelResponse } from '../../src/runtime/models/model-client.js';
import { runDefinition } from '../../src/runtime/run-definition.js';
import type { Approver, RuntimeOptions } from '../../src/runtime/runtime-options.js';
import { orderAssistant } from '../../fixtures/runtime/orders/src/assistant.js';
import * as orders from '../../fixtures/runtime/orders/src/orders.js';

/** A model that answers from a script, one response per call, and keeps the requests. */
function scriptedModel(script: Array<Partial<ModelResponse>>): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    requests,
    async generate(request) {
      requests.push(request);
      const next = script[Math.min(requests.length - 1, script.length - 1)] ?? {};
      return { text: '', toolCalls: [], usage: { input: 100, output: 20 }, costUsd: 0.001, model: request.model, ...next };
    },
  };
}

const deny: Approver = async () => false;
const allow: Approver = async () => true;

async function run(def: Definition, input: unknown, options: Partial<RuntimeOptions> = {}) {
  const events: TraceEvent[] = [];
  const { ended, output } = await runDefinition(def, input, {
    runId: 'r_test',
    models: scriptedModel([{ text: 'ok' }]),
    approve: deny,
    onEvent: (event) => events.push(event),
    ...options,
  });
  const spans = events.filter((e): e is SpanStartedEvent => e.type === 'span.started');
  const ends = new Map(events.filter((e): e is SpanEndedEvent => e.type === 'span.ended').map((e) => [e.spanId, e]));
  return { ended, output, events, spans: spans.map((s) => ({ ...s, end: ends.get(s.spanId) })) };
}

const sku = () => `SKU-${Math.random().toString(36).slice(2, 8)}`;

describe('ctx.call retries and timeouts', () => {
  it('retries a failing tool and records every attempt as its own span', async () => {
    const { ended, spans } = await run(orders.restockCheck, { sku: sku(), failFirst: 2, retries: 2 });
    expect(ended.status).toBe('succeeded');
    expect(ended.output).toMatchObject({ onHand: 12, calls: 3 });
    expect(spans.map((s) => [s.name, s.attempt, s.attempts, s.end?.status])).toEqual([
      ['check_stock', 1, 3, 'failed'],
      ['check_stock', 2, 3, 'failed'],
      ['check_stock', 3, 3, 'succeeded'],
    ]);
    expect(spans[0]!.end?.error?.message).toMatch(/warehouse API unavailable/);
  });

  it('fails the run when the retries run out, pointing at the failing span', async () => {
    const { ended } = await run(orders.restockCheck, { sku: sku(), failFirst: 5, retries: 1 });
    expect(ended.status).toBe('failed');
    expect(ended.failedPath).toEqual(['restock_check', 'check_stock']);
    expect(ended.error?.message).toMatch(/call 2 for/);
  });

  it('times an attempt out and aborts the callee’s signal', async () => {
    const { ended, spans } = await run(orders.reserveOrder, { sku: sku(), delayMs: 5_000, timeoutMs: 30, retries: 1 });
    expect(ended.status).toBe('failed');
    expect(ended.error).toMatchObject({ code: 'timeout', message: 'reserve_stock did not finish within 30 ms' });
    expect(spans.map((s) => s.end?.error?.code)).toEqual(['timeout', 'timeout']);
    expect(ended.durationMs).toBeLessThan(2_000);
  });
});

describe('ctx.map and ctx.parallel', () => {
  it('keeps at most maxParallel items in flight and the results in order', async () => {
    const skus = Array.from({ length: 40 }, (_, i) => `SKU-${i}`);
    const { ended, spans } = await run(orders.bulkPrice, { skus, maxParallel: 3 });
    expect(ended.status).toBe('succeeded');
    expect(ended.output).toMatchObject({ count: 40 });
    expect((ended.output as { peak: number }).peak).toBeLessThanOrEqual(3);
    expect((ended.output as { peak: number }).peak).toBeGreaterThan(1);
    expect(spans).toHaveLength(40);
  });

  it('cancels the siblings when one thunk of ctx.parallel fails', async () => {
    const { ended, spans } = await run(orders.stockPair, { slowMs: 5_000 });
    expect(ended.status).toBe('failed');
    expect(ended.failedPath).toEqual(['stock_pair', 'check_stock']);
    const slow = spans.find((s) => s.name === 'reserve_stock');
    expect(slow?.end?.status).toBe('cancelled');
    expect(ended.durationMs).toBeLessThan(2_000);
  });
});

describe('capabilities and approvals', () => {
  it('denies a call outside uses, naming caller, callee and the uses line to change', async () => {
    const { ended, spans } = await run(orders.sneakyRefund, 'ORD-7', { locate: () => 'src/orders.ts:53' });
    expect(ended.status).toBe('failed');
    expect(ended.error).toMatchObject({
      code: 'capability-denied',
      message: "sneaky_refund may not call refund_payment: it is not in sneaky_refund's uses",
      hint: 'add refund_payment to the uses of flow sneaky_refund (src/orders.ts:53)',
    });
    expect(spans.map((s) => [s.name, s.end?.error?.code])).toEqual([['refund_payment', 'capability-denied']]);
  });

  it('refuses a dangerous tool when nothing was approved in the run', async () => {
    const { ended } = await run(orders.quickRefund, { order: 'ORD-1', cents: 500 });
    expect(ended.error?.code).toBe('approval-required');
  });

  it('runs the dangerous tool after an approval', async () => {
    const prompts: string[] = [];
    const { ended, spans } = await run(orders.approvedRefund, { order: 'ORD-2', cents: 900 }, {
      approve: async (request) => {
        prompts.push(request.prompt);
        return true;
      },
    });
    expect(prompts).toEqual(['Refund 900 cents on ORD-2?']);
    expect(ended.output).toEqual({ order: 'ORD-2', refunded: 900 });
    expect(spans.map((s) => [s.kind, s.end?.status])).toEqual([['approval', 'succeeded'], ['tool', 'succeeded']]);
  });

  it('records a denied approval and lets the flow decide', async () => {
    const { ended, spans } = await run(orders.approvedRefund, { order: 'ORD-3', cents: 900 }, { approve: deny });
    expect(ended.status).toBe('succeeded');
    expect(ended.output).toMatchObject({ declined: true, refunded: 0 });
    expect(spans.map((s) => [s.kind, s.end?.error?.code])).toEqual([['approval', 'approval-denied']]);
  });
});

describe('schemas', () => {
  it('rejects bad input with the path of the bad field', async () => {
    const { ended } = await run(orders.createOrder, { customer: 'ACME', lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: -2 }] });
    expect(ended.status).toBe('failed');
    expect(ended.error).toMatchObject({ code: 'schema', path: 'lines[1].qty' });
    expect(ended.error?.message).toMatch(/^input of create_order is invalid at lines\[1\]\.qty: /);
  });

  it('validates a reasoner’s structured output', async () => {
    const bad = await run(orders.summarizeOrder, { customer: 'ACME', lines: 2 }, { models: scriptedModel([{ object: { summary: 'two lines' } }]) });
    expect(bad.ended.error).toMatchObject({ code: 'schema', path: 'lines' });
    const good = await run(orders.summarizeOrder, { customer: 'ACME', lines: 2 }, {
      models: scriptedModel([{ object: { summary: 'two lines', lines: 2 }, usage: { input: 50, output: 10 }, costUsd: 0.002 }]),
    });
    expect(good.ended.output).toEqual({ summary: 'two lines', lines: 2 });
    expect(good.ended.tokens).toEqual({ input: 50, output: 10 });
    expect(good.ended.costUsd).toBeCloseTo(0.002);
  });
});

describe('agents', () => {
  it('runs tool calls the model asks for and feeds the results back', async () => {
    const model = scriptedModel([
      { toolCalls: [{ id: 'call_1', name: 'check_stock', args: { sku: 'SKU-A1' } }] },
      { text: 'We have 12 on hand.' },
    ]);
    const { ended, spans } = await run(orderAssistant, 'Do you have SKU-A1?', { models: model });
    expect(ended.output).toBe('We have 12 on hand.');
    expect(spans.map((s) => `${s.kind}:${s.name}`)).toEqual(['round:round 1', 'tool:check_stock', 'round:round 2']);
    expect(model.requests[0]!.tools?.map((t) => t.name)).toEqual(['check_stock', 'restock_check', 'refund_payment', 'approved_refund']);
    expect(model.requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', toolCallId: 'call_1', output: { sku: 'SKU-A1', onHand: 12 } });
    expect(ended.tokens).toEqual({ input: 200, output: 40 });
  });

  it('asks for approval before a dangerous tool the model chose, and tells the model a denial', async () => {
    const model = scriptedModel([
      { toolCalls: [{ id: 'call_1', name: 'refund_payment', args: { order: 'ORD-9', cents: 100 } }] },
      { text: 'I could not refund that.' },
    ]);
    const { ended, spans } = await run(orderAssistant, 'Refund ORD-9', { models: model, approve: deny });
    expect(ended.output).toBe('I could not refund that.');
    expect(spans.map((s) => s.kind)).toEqual(['round', 'approval', 'round']);
    expect(model.requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', isError: true });

    const approved = await run(orderAssistant, 'Refund ORD-9', {
      models: scriptedModel([{ toolCalls: [{ id: 'c', name: 'refund_payment', args: { order: 'ORD-9', cents: 100 } }] }, { text: 'Done.' }]),
      approve: allow,
    });
    expect(approved.spans.map((s) => `${s.kind}:${s.end?.status}`)).toEqual(['round:succeeded', 'approval:succeeded', 'tool:succeeded', 'round:succeeded']);
  });

  it('records a tool the model invents as a capability denial', async () => {
    const model = scriptedModel([{ toolCalls: [{ id: 'c1', name: 'wire_money', args: {} }] }, { text: 'Sorry.' }]);
    const { ended, spans } = await run(orderAssistant, 'Send money', { models: model });
    expect(ended.status).toBe('succeeded');
    expect(spans[1]).toMatchObject({ name: 'wire_money', end: { error: { code: 'capability-denied' } } });
  });

  it('stops before the round that would exceed maxRounds', async () => {
    const looping = scriptedModel([{ toolCalls: [{ id: 'c', name: 'check_stock', args: { sku: 'SKU-L' } }] }]);
    const { ended, spans } = await run(orderAssistant, 'loop', { models: looping });
    expect(ended.error).toMatchObject({ code: 'budget-exceeded', message: 'order_assistant stopped before round 4: its budget allows 3 rounds' });
    expect(spans.filter((s) => s.kind === 'round')).toHaveLength(3);
    expect(looping.requests).toHaveLength(3);
  });

  it('stops before the round that would exceed maxUsd, from the previous round’s price', async () => {
    const pricey = scriptedModel([{ toolCalls: [{ id: 'c', name: 'check_stock', args: { sku: 'SKU-P' } }], usage: { input: 1000, output: 200 }, costUsd: 0.03 }]);
    const { ended } = await run(orderAssistant, 'price me', { models: pricey });
    expect(ended.error?.code).toBe('budget-exceeded');
    expect(ended.error?.message).toMatch(/before round 2: \$0\.0300 spent/);
    expect(pricey.requests).toHaveLength(1);
  });

  it('stops before the round that would exceed maxTokens', async () => {
    const wordy = scriptedModel([{ toolCalls: [{ id: 'c', name: 'check_stock', args: { sku: 'SKU-T' } }], usage: { input: 3000, output: 900 }, costUsd: 0 }]);
    const { ended } = await run(orderAssistant, 'tokens', { models: wordy });
    expect(ended.error?.message).toMatch(/before round 2: 3900 tokens used/);
  });
});

describe('cancellation', () => {
  it('ends the run as cancelled when its signal aborts, with the running span cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { ended, spans } = await run(orders.waitForWarehouse, { delayMs: 10_000 }, { signal: controller.signal });
    expect(ended.status).toBe('cancelled');
    expect(ended.failedPath).toBeUndefined();
    expect(spans[0]?.end?.status).toBe('cancelled');
    expect(ended.durationMs).toBeLessThan(2_000);
  });
});

describe('the event stream', () => {
  it('numbers events in order and closes every span it opens', async () => {
    const { events } = await run(orders.bulkPrice, { skus: ['A', 'B', 'C'], maxParallel: 2 });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    const opened = events.filter((e) => e.type === 'span.started').map((e) => (e as SpanStartedEvent).spanId);
    const closed = events.filter((e) => e.type === 'span.ended').map((e) => (e as SpanEndedEvent).spanId);
    expect(new Set(closed)).toEqual(new Set(opened));
    expect(events[0]?.type).toBe('run.started');
    expect((events.at(-1) as RunEndedEvent).type).toBe('run.ended');
  });
});
