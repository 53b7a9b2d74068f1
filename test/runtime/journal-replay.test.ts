import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/core/journal.js';
import { JournalReplay } from '../../src/runtime/journal-replay.js';

/** A journal entry as a finished run left it. */
function entry(key: string, name: string, kind: JournalEntry['kind'], output?: JournalEntry['output']): JournalEntry {
  return { key, name, kind, inputHash: `sha256:${key}`, idempotencyKey: `ca_${key}`, status: 'succeeded', attempts: 1, startedAt: 0, ...(output === undefined ? {} : { output }) };
}

/** A triage flow that looked a ticket up and drafted a reply, and a concierge agent's first round. */
const JOURNAL = [
  entry('triage', 'triage', 'flow'),
  entry('triage/lookup_ticket#1', 'lookup_ticket', 'tool', { ticket: 'T-1042', queue: 'billing' }),
  entry('triage/support_reply#1', 'support_reply', 'reasoner', { reply: 'We are refunding you.' }),
  entry('triage/concierge#1', 'concierge', 'agent'),
  entry('triage/concierge#1/round#1/model#1', 'openai:gpt-4o-mini', 'model', { text: 'Done.', toolCalls: [] }),
];
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a divergence');
}
const ask = (step: JournalEntry) => ({ key: step.key, name: step.name, kind: step.kind, inputHash: step.inputHash });

describe('JournalReplay with changed nodes (ca replay --runs)', () => {
  it('answers every step from the journal while nothing it recorded changed', () => {
    const replay = new JournalReplay(JOURNAL, { changed: new Set(['triage', 'escalate']) });
    expect(JOURNAL.slice(1).map((step) => replay.consult(ask(step)))).toEqual([{ restore: JOURNAL[1] }, { restore: JOURNAL[2] }, { live: true, attempt: 1 }, { restore: JOURNAL[4] }]);
    expect(replay.divergedAt).toBeUndefined();
  });

  it.each([
    ['support_reply', 2, 'reasoner support_reply changed since this run: its recorded answer does not stand for the new prompt'],
    ['lookup_ticket', 1, 'tool lookup_ticket changed since this run: its recorded output does not stand for the new code'],
    ['concierge', 4, 'agent concierge changed since this run: its recorded model answers do not stand for the new agent'],
  ])('diverges at the first step of a changed %s, even with the same key and input', (changed, index, message) => {
    const replay = new JournalReplay(JOURNAL, { changed: new Set([changed]) });
    for (const step of JOURNAL.slice(1, index)) replay.consult(ask(step));
    const error = thrown(() => replay.consult(ask(JOURNAL[index]!)));
    expect(error).toMatchObject({ code: 'replay-diverged', message, path: JOURNAL[index]!.key });
    expect(replay.divergedAt).toEqual({ recorded: JOURNAL[index], now: { key: JOURNAL[index]!.key, name: JOURNAL[index]!.name, kind: JOURNAL[index]!.kind } });
  });
});
