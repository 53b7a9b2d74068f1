import { describe, expect, it } from 'vitest';
import type { JournalEntry, RunJournal, StepEnd, StepStart } from '../../src/core/journal.js';
import { JournalReplay } from '../../src/runtime/journal-replay.js';
import { runDefinition } from '../../src/runtime/run-definition.js';
import type { ModelClient } from '../../src/runtime/models/model-client.js';
import * as orders from '../../fixtures/runtime/orders/src/orders.js';
import type { Definition } from '../../src/sdk/definition.js';
import { flow, tool } from '../../src/sdk/index.js';

/** The journal interface over an array: what the interpreter hands any backend. */
function memoryJournal(): Omit<RunJournal, 'readSteps'> & { log: string[]; readSteps(runId: string): JournalEntry[] } {
  const entries = new Map<string, JournalEntry>();
  const log: string[] = [];
  return {
    log,
    stepStarted(_runId: string, step: StepStart) {
      log.push(`start ${step.key} #${step.attempt}`);
      const { attempt, at, ...rest } = step;
      entries.set(step.key, { ...rest, status: 'started', attempts: attempt, startedAt: at });
    },
    stepEnded(_runId: string, key: string, end: StepEnd) {
      log.push(`${end.status} ${key}`);
      const entry = entries.get(key)!;
      Object.assign(entry, { status: end.status, attempts: end.attempts, endedAt: end.at, output: end.output, error: end.error });
    },
    readSteps: () => [...entries.values()],
  };
}

const noModel: ModelClient = { generate: async () => Promise.reject(new Error('no model in this test')) };

async function journaled(def: Definition, input: unknown, runId = 'r_journal') {
  const journal = memoryJournal();
  const { ended } = await runDefinition(def, input, { runId, models: noModel, approve: async () => false, onEvent: () => {}, journal });
  // The run itself is the journal's first entry; `steps` are the calls it made.
  return { ended, journal, root: journal.readSteps('')[0]!, steps: journal.readSteps('').slice(1) };
}

describe('step keys', () => {
  it('name each ctx.map item by its index, whatever order the items finish in', async () => {
    const skus = Array.from({ length: 12 }, (_, i) => `SKU-${i}`);
    const first = await journaled(orders.bulkPrice, { skus, maxParallel: 4 });
    const second = await journaled(orders.bulkPrice, { skus, maxParallel: 7 });
    expect(first.ended.status).toBe('succeeded');
    expect(first.steps.map((s) => s.key).sort()).toEqual(skus.map((_, i) => `bulk_price/map#1[${i}]/price_item#1`).sort());
    // The same item has the same key and input hash in both runs, though the bound and the timing differ.
    const byKey = (steps: JournalEntry[]) => new Map(steps.map((s) => [s.key, s.inputHash]));
    expect(byKey(second.steps)).toEqual(byKey(first.steps));
  });

  it('replay with another concurrency bound finds no divergence, and restores every item', async () => {
    const skus = Array.from({ length: 9 }, (_, i) => `SKU-${i}`);
    const recorded = await journaled(orders.bulkPrice, { skus, maxParallel: 2 });
    const events: string[] = [];
    const { ended, output } = await runDefinition(orders.bulkPrice, { skus, maxParallel: 9 }, {
      runId: 'r_replay',
      models: noModel,
      approve: async () => false,
      onEvent: (event) => void (event.type === 'span.log' && events.push(event.message)),
      recorded: new JournalReplay(recorded.journal.readSteps('').filter((s) => s.key !== 'bulk_price')),
    });
    expect(ended.error).toBeUndefined();
    expect(events.filter((m) => m === 'restored from the journal')).toHaveLength(9);
    expect(recorded.root).toMatchObject({ key: 'bulk_price', status: 'succeeded', input: { skus, maxParallel: 2 } });
    expect((output as { total: number }).total).toBe((recorded.root.output as { total: number }).total);
  });

  it('count repeated calls of one callee, and nest under the caller', async () => {
    const stamp = tool({ name: 'stamp_invoice', effect: 'write', idempotent: true, run: async (n: number) => ({ stamped: n }) });
    const inner = flow({ name: 'stamp_pair', uses: [stamp], run: async (ctx) => [await ctx.call(stamp, 1), await ctx.call(stamp, 2)] });
    const outer = flow({ name: 'stamp_batch', uses: [inner, stamp], run: async (ctx) => [await ctx.call(inner), await ctx.call(stamp, 3), await ctx.call(inner)] });
    const { steps, journal } = await journaled(outer, undefined);
    expect(steps.map((s) => s.key)).toEqual([
      'stamp_batch/stamp_pair#1',
      'stamp_batch/stamp_pair#1/stamp_invoice#1',
      'stamp_batch/stamp_pair#1/stamp_invoice#2',
      'stamp_batch/stamp_invoice#1',
      'stamp_batch/stamp_pair#2',
      'stamp_batch/stamp_pair#2/stamp_invoice#1',
      'stamp_batch/stamp_pair#2/stamp_invoice#2',
    ]);
    // Each step's start is journaled before it runs and its end before the next one starts.
    expect(journal.log.slice(1, 5)).toEqual(['start stamp_batch/stamp_pair#1 #1', 'start stamp_batch/stamp_pair#1/stamp_invoice#1 #1', 'succeeded stamp_batch/stamp_pair#1/stamp_invoice#1', 'start stamp_batch/stamp_pair#1/stamp_invoice#2 #1']);
    expect(steps[1]).toMatchObject({ status: 'succeeded', effect: 'write', idempotent: true, output: { stamped: 1 } });
  });
});

describe('ctx.idempotencyKey', () => {
  it('is the same on every attempt of a step, differs between steps and between runs', async () => {
    const seen: string[] = [];
    let calls = 0;
    const charge = tool({
      name: 'charge_card',
      effect: 'write',
      run: async (_input: { order: string }, ctx) => {
        seen.push(ctx.idempotencyKey);
        if (++calls < 3) throw new Error('gateway timeout');
        return { charged: true };
      },
    });
    const pay = flow({ name: 'pay_order', uses: [charge], run: async (ctx) => [await ctx.call(charge, { order: 'ORD-1' }, { retries: 2 }), await ctx.call(charge, { order: 'ORD-2' })] });
    const { steps } = await journaled(pay, undefined, 'r_pay1');
    expect(seen).toHaveLength(4);
    expect(new Set(seen.slice(0, 3)).size).toBe(1);
    expect(seen[3]).not.toBe(seen[0]);
    expect(seen[0]).toMatch(/^ca_[0-9a-f]{32}$/);
    expect(steps[0]).toMatchObject({ key: 'pay_order/charge_card#1', attempts: 3, status: 'succeeded', idempotencyKey: seen[0] });
    seen.length = 0;
    calls = 2;
    await journaled(pay, undefined, 'r_pay2');
    expect(seen[0]).not.toBe(steps[0]!.idempotencyKey);
  });
});
