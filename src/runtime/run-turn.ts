import { toJsonValue } from '../core/json-value.js';
import type { RunEndedEvent } from '../core/trace.js';
import type { AgentSessionDefinition, SessionDefinition, TurnSessionDefinition } from '../sdk/definition.js';
import { abortable } from './abortable.js';
import { runAgent } from './agent-loop.js';
import { createCtx } from './create-ctx.js';
import { asProjectCode } from './project-code.js';
import type { ChatMessage } from './models/model-client.js';
import { asRun } from './run-definition.js';
import { RunError } from './run-errors.js';
import type { RuntimeOptions } from './runtime-options.js';

/** What an agent-backed session keeps between turns: the conversation, as the model saw it. */
export interface AgentSessionState {
  messages: ChatMessage[];
}

export interface TurnOutcome {
  ended: RunEndedEvent;
  /** The state after the turn; the state before it when the turn failed. */
  state: unknown;
  reply?: string;
}

/** A fresh session's state: `init()` for the general form (user code), an empty conversation for an agent. */
export function initialState(def: SessionDefinition): unknown {
  if ('agent' in def) return { messages: [] } satisfies AgentSessionState;
  return toJsonValue(asProjectCode({ label: `session ${def.name}'s init` }, () => def.init())) ?? null;
}

/**
 * One turn of a session, as a run of its own (SPEC §8): the message in, `{ state, reply }` out. The
 * state passed in is never mutated, so a failed or cancelled turn leaves the last good state.
 */
export async function runTurn(def: SessionDefinition, state: unknown, message: string, options: RuntimeOptions): Promise<TurnOutcome> {
  let next: { state: unknown; reply: string } | undefined;
  const { ended } = await asRun({ name: def.name, kind: 'session', input: message }, options, async (interpreter, span, signal) => {
    if ('agent' in def) {
      const agent = (def as AgentSessionDefinition).agent;
      const conversation = structuredClone((state as AgentSessionState | undefined)?.messages ?? []);
      const agentSpan = interpreter.recorder.start(span, { name: agent.name, kind: 'agent', input: message });
      try {
        const answer = await runAgent(interpreter, agentSpan, agent, message, signal, conversation, options.onText);
        interpreter.recorder.end(agentSpan, { status: 'succeeded', output: answer });
        next = { state: { messages: conversation } satisfies AgentSessionState, reply: typeof answer === 'string' ? answer : JSON.stringify(answer) };
      } catch (error) {
        interpreter.fail(agentSpan, error);
        throw error;
      }
    } else {
      const turnDef = def as TurnSessionDefinition;
      const result = await abortable(signal, () =>
        interpreter.projectCode(span, turnDef, () => turnDef.turn(createCtx(interpreter, span, turnDef, signal), structuredClone(state), message)),
      );
      if (typeof result !== 'object' || result === null || typeof (result as { reply?: unknown }).reply !== 'string' || !('state' in result)) {
        throw new RunError('bad-turn-result', `${def.name}'s turn must return { state, reply } with a string reply`, {
          hint: 'return { state: nextState, reply: "…" } from turn()',
        });
      }
      // Stored as JSON (the one conversion): a state that does not survive JSON would not survive the process either.
      next = { state: toJsonValue(result.state) ?? null, reply: result.reply };
    }
    return { reply: next.reply };
  });
  if (ended.status !== 'succeeded' || !next) return { ended, state };
  return { ended, state: next.state, reply: next.reply };
}
