import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/core/journal.js';
import { JournalResume } from '../../src/runtime/journal-resume.js';
import { RunError } from '../../src/runtime/run-errors.js';

function entry(key: string, fields: Partial<JournalEntry> = {}): JournalEntry {
  return { key, name: key.split('/').at(-1)!.replace(/#\d+$/, ''), kind: 'tool', inputHash: `h:${key}`, idempotencyKey: `ca_${key}`, status: 'succeeded', attempts: 1, startedAt: 0, ...fields };
}

const JOURNAL = [
  entry('checkout', { kind: 'flow', status: 'started' }),
  entry('checkout/charge_card#1', { effect: 'write', output: { charge: 'ch_1' } }),
  entry('checkout/check_stock#1', { effect: 'read', status: 'started' }),
  entry('checkout/send_receipt#1', { effect: 'write', status: 'started', attempts: 2 }),
  entry('checkout/note#1', { effect: 'write', idempotent: true, status: 'cancelled' }),
  entry('checkout/price#1', { kind: 'reasoner', status: 'failed', attempts: 3 }),
];

const ask = (key: string, fields: { effect?: 'read' | 'write' | 'dangerous'; idempotent?: boolean; kind?: JournalEntry['kind']; inputHash?: string } = {}) => ({
  key,
  name: key.split('/').at(-1)!.replace(/#\d+$/, ''),
  kind: fields.kind ?? 'tool',
  inputHash: fields.inputHash ?? `h:${key}`,
  ...(fields.effect === undefined ? {} : { effect: fields.effect }),
  ...(fields.idempotent === undefined ? {} : { idempotent: fields.idempotent }),
});

function refusal(fn: () => unknown): RunError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RunError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('JournalResume: what a resume does with each recorded step', () => {
  const resume = () => new JournalResume(JOURNAL, { runId: 'r_1' });

  it('restores a completed step and runs a step with no entry live, first attempt', () => {
    expect(resume().consult(ask('checkout/charge_card#1', { effect: 'write' }))).toEqual({ restore: JOURNAL[1] });
    expect(resume().consult(ask('checkout/ship_parcel#1', { effect: 'write' }))).toEqual({ live: true, attempt: 1 });
  });

  it('retries what is safe to retry, counting on from the attempts before', () => {
    expect(resume().consult(ask('checkout/check_stock#1', { effect: 'read' }))).toEqual({ live: true, attempt: 2 });
    expect(resume().consult(ask('checkout/note#1', { effect: 'write', idempotent: true }))).toEqual({ live: true, attempt: 2 });
    expect(resume().consult(ask('checkout/price#1', { kind: 'reasoner' }))).toEqual({ live: true, attempt: 4 });
  });

  it('refuses a write in doubt, naming the step and both ways on, unless it is --retry-step or --skip-step', () => {
    const error = refusal(() => resume().consult(ask('checkout/send_receipt#1', { effect: 'write' })));
    expect(error).toMatchObject({ code: 'step-in-doubt', path: 'checkout/send_receipt#1' });
    expect(error.hint).toBe('check the outside system (its idempotency key is ca_checkout/send_receipt#1), then: ca run --resume r_1 --retry-step checkout/send_receipt#1   or   --skip-step checkout/send_receipt#1 --output JSON');
    expect(refusal(() => resume().consult(ask('checkout/send_receipt#1', { effect: 'dangerous' }))).code).toBe('step-in-doubt');
    const retry = new JournalResume(JOURNAL, { runId: 'r_1', retryStep: 'checkout/send_receipt#1' });
    expect(retry.consult(ask('checkout/send_receipt#1', { effect: 'write' }))).toEqual({ live: true, attempt: 3 });
    const skip = new JournalResume(JOURNAL, { runId: 'r_1', skipStep: { key: 'checkout/send_receipt#1', output: { sent: true } } });
    expect(skip.consult(ask('checkout/send_receipt#1', { effect: 'write' }))).toMatchObject({ restore: { status: 'succeeded', output: { sent: true } }, record: true });
  });

  it('a recorded step asked with another input is a divergence; --from-divergence runs it and everything after live', () => {
    expect(refusal(() => resume().consult(ask('checkout/charge_card#1', { effect: 'write', inputHash: 'other' }))).code).toBe('resume-diverged');
    const live = new JournalResume(JOURNAL, { runId: 'r_1', fromDivergence: true });
    expect(live.consult(ask('checkout/charge_card#1', { effect: 'write', inputHash: 'other' }))).toEqual({ live: true, attempt: 2 });
    // After the divergence even a step the journal holds runs live: what it returns may depend on what changed.
    expect(live.consult(ask('checkout/charge_card#1', { effect: 'write' }))).toEqual({ live: true, attempt: 2 });
  });

  it('a fork restores into its own journal, and counts attempts from 1', () => {
    const fork = new JournalResume([JOURNAL[1]!], { runId: 'r_1', fork: true });
    expect(fork.consult(ask('checkout/charge_card#1', { effect: 'write' }))).toEqual({ restore: JOURNAL[1], record: true });
    expect(fork.consult(ask('checkout/send_receipt#1', { effect: 'write' }))).toEqual({ live: true, attempt: 1 });
  });
});

describe('JournalResume after --upgrade --from-divergence (SPEC §14): live from the first step of a changed node', () => {
  it('restores the steps before the first step of a changed node, and runs that one and every later one live', () => {
    const resume = new JournalResume(JOURNAL, { runId: 'r_1', liveFromNodes: new Set(['check_stock', 'price']) });
    expect(resume.consult(ask('checkout/charge_card#1', { effect: 'write' }))).toMatchObject({ restore: { output: { charge: 'ch_1' } } });
    // check_stock changed: it and everything after it (send_receipt, a write that may have happened) run live, without a refusal.
    expect(resume.consult(ask('checkout/check_stock#1', { effect: 'read' }))).toEqual({ live: true, attempt: 2 });
    expect(resume.consult(ask('checkout/send_receipt#1', { effect: 'write' }))).toEqual({ live: true, attempt: 3 });
  });

  it('with a changed node the journal never ran, keeps every recorded outcome', () => {
    const resume = new JournalResume(JOURNAL, { runId: 'r_1', liveFromNodes: new Set(['ship_parcel']) });
    expect(resume.consult(ask('checkout/charge_card#1', { effect: 'write' }))).toMatchObject({ restore: { output: { charge: 'ch_1' } } });
    expect(() => resume.consult(ask('checkout/send_receipt#1', { effect: 'write' }))).toThrow(/may have done its work/);
  });
});
