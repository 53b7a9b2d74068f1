// The runtime is a later issue; this is the smallest interpreter that the SDK's types allow,
// to show that definitions carry everything a runtime needs and that `Ctx` can be implemented
// without casts at the call sites users write.
import { describe, expect, it } from 'vitest';
import { isDefinition, type Ctx, type Definition, type SessionCtx } from '../../src/sdk/index.js';
import { session } from '../../src/sdk/index.js';
import { lookupTicket, supportReply, triage } from './support-example.js';

type Trace = string[];

// Ctx accepts anything shaped like a definition; a runtime confirms it is a real one.
function definition(ref: unknown): Definition {
  if (!isDefinition(ref)) throw new Error('not a definition');
  return ref;
}

function interpreter(grant: readonly Definition[], replies: Record<string, unknown>, trace: Trace): SessionCtx {
  const granted = (ref: Definition) => {
    if (!grant.includes(ref)) throw new Error(`capability: ${ref.name} is not in uses`);
  };
  const run = async (ref: Definition, input: unknown): Promise<unknown> => {
    granted(ref);
    trace.push(`${ref.kind}:${ref.name}`);
    if (ref.kind === 'tool' && 'run' in ref) {
      const parsed = ref.input ? await ref.input['~standard'].validate(input) : { value: input };
      if (parsed.issues) throw new Error(parsed.issues.map((issue) => issue.message).join('; '));
      return ref.run(parsed.value, interpreter([], replies, trace));
    }
    if (ref.kind === 'flow') return ref.run(interpreter(ref.uses ?? [], replies, trace), input);
    if (ref.kind === 'reasoner') return replies[ref.name];
    throw new Error(`${ref.kind} is not callable here`);
  };
  const ctx: SessionCtx = {
    call: (ref, ...args) => run(definition(ref), args[0]) as never,
    think: (ref, ...args) => run(definition(ref), args[0]) as never,
    approve: async () => false,
    parallel: (thunks) => Promise.all(thunks.map((thunk) => thunk())) as never,
    map: (items, fn) => Promise.all(items.map((item, index) => fn(item, index))),
    signal: new AbortController().signal,
    idempotencyKey: 'ca_contract',
    log: (message) => void trace.push(`log:${message}`),
    emit: (event) => void trace.push(`event:${event}`),
  };
  return ctx;
}

describe('a runtime built on the SDK types', () => {
  it('runs the SPEC triage flow through its uses', async () => {
    const trace: Trace = [];
    const ctx: Ctx = interpreter([triage], { support_reply: { reply: 'Refund on its way.' } }, trace);
    const result = await ctx.call(triage, 'T-1042');
    expect(result).toEqual({ ticket: 'T-1042', queue: 'billing', amount: 120, reply: 'Refund on its way.' });
    expect(trace).toEqual(['flow:triage', 'tool:lookup_ticket', 'reasoner:support_reply']);
  });

  it('can enforce the uses grant that the types promise', async () => {
    const ctx = interpreter([lookupTicket], {}, []);
    await expect(ctx.think(supportReply, {})).rejects.toThrow('capability: support_reply is not in uses');
  });

  it('threads a session’s state through turns', async () => {
    const refundChat = session({
      name: 'refund_chat',
      uses: [lookupTicket],
      init: () => ({ refunded: [] as string[] }),
      turn: async (ctx, state, message) => {
        const hit = await ctx.call(lookupTicket, { ticket: message });
        ctx.emit('refund', hit);
        return { state: { refunded: [...state.refunded, hit.ticket] }, reply: `Refunded ${hit.amount} on ${hit.ticket}.` };
      },
    });
    expect(isDefinition(refundChat) && 'init' in refundChat).toBe(true);
    const trace: Trace = [];
    const ctx = interpreter(refundChat.uses ?? [], {}, trace);
    let state = refundChat.init();
    for (const message of ['T-1', 'T-2']) {
      const result = await refundChat.turn(ctx, state, message);
      state = result.state;
    }
    expect(state).toEqual({ refunded: ['T-1', 'T-2'] });
    expect(trace).toEqual(['tool:lookup_ticket', 'event:refund', 'tool:lookup_ticket', 'event:refund']);
  });
});
