import type { Awaitable } from '../core/awaitable.js';
import { EXIT, UserError } from '../core/errors.js';
import type { CaNode } from '../core/node.js';
import type { SessionRecord, ToolCallNote, TurnRecord, TurnReport } from '../core/session.js';
import { newRunId, type RunSegment, type SpanEndedEvent, type SpanStartedEvent, type TokenUsage, type TraceEvent } from '../core/trace.js';
import type { RecordedSteps } from '../runtime/recorded-steps.js';
import type { RunStore } from '../ledger/run-store.js';
import { loadDefinition } from '../runtime/load-definition.js';
import { createModelClient } from '../runtime/models/create-model-client.js';
import type { ModelClient } from '../runtime/models/model-client.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { createTraceCopy, type TraceCopy } from '../runtime/trace-copy.js';
import { initialState, runTurn } from '../runtime/run-turn.js';
import type { Approver } from '../runtime/runtime-options.js';
import type { AgentDefinition, SessionDefinition } from '../sdk/definition.js';
import { checkModelKeys } from './check-model-keys.js';
import { assertCaNode } from './assert-ca-node.js';
import { findNode } from './find-node.js';
import { loadProject, type LoadedProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForWriting } from './open-run-store.js';
import { projectSecrets } from './project-secrets.js';
import { toolRuntime } from './tool-runtime.js';
import { checkMcpSetup } from './check-mcp-setup.js';
import type { RuntimeOptions } from '../runtime/runtime-options.js';
import { useTelemetry, type TelemetryOption, type TelemetryUse } from './telemetry.js';

export interface SessionOptions extends ProjectOptions {
  /** A session node, or an agent (wrapped in a default session that keeps its conversation). */
  name: string;
  /** Resume this session (id, unique prefix, or `last`); default: a new one. */
  session?: string;
  /** With `session`: create it under that id when no session has it (`ca trigger --session T-1042`). */
  createMissing?: boolean;
  mock?: string;
  approve: Approver;
  env?: NodeJS.ProcessEnv;
  /** OTLP export of the turns (SPEC §13): false for `--no-telemetry`; an open export to share. */
  telemetry?: TelemetryOption;
  /** A line for stderr when the turns' spans could not all be exported (said when the runner closes). */
  onWarning?: (message: string) => void;
}

export interface TurnHooks {
  /** Every trace event of the turn's run, as it happens. */
  onEvent?(event: TraceEvent): void;
  /** Each call the turn made, when it ends. */
  onToolCall?(call: ToolCallNote): void;
  /** The reply's text as the model streams it (agent sessions). */
  onText?(delta: string): void;
  /** A resumed turn's events from its earlier segments, before it goes on. */
  onEarlierEvents?(events: TraceEvent[]): void;
  signal?: AbortSignal;
}

/**
 * A session opened for turns: `ca chat`, `ca trigger` and scripted session tests all drive one.
 * Each turn is a run (its trace in the run store) and moves the stored state only when it succeeds.
 */
export class SessionRunner {
  private constructor(
    readonly project: LoadedProject,
    readonly node: CaNode,
    private readonly definition: SessionDefinition,
    private readonly store: RunStore,
    private readonly models: ModelClient,
    private readonly approve: Approver,
    private readonly scrubber: SecretScrubber,
    private readonly traceCopy: TraceCopy,
    private record: SessionRecord,
    /** MCP servers (each turn starts its own, lazily) and mocked tools. */
    private readonly tools: Pick<RuntimeOptions, 'mcp' | 'toolMocks'>,
    private readonly exporting: TelemetryUse,
    private readonly onWarning: ((message: string) => void) | undefined,
  ) {}

  static async open(options: SessionOptions): Promise<SessionRunner> {
    // `ca test` runs several scripts over one scan of the project.
    const project = options.loaded ?? (await loadProject(options));
    const node = findNode(project.graph, options.name);
    assertCaNode(node, 'chat');
    if (node.kind !== 'session' && node.kind !== 'agent') {
      throw new UserError('not-a-session', `${node.name} is a ${node.kind}: ca chat talks to sessions and agents`, {
        hint: `run it once with \`ca run ${node.name} --input …\``,
      });
    }
    const env = options.env ?? process.env;
    if (options.mock === undefined) checkModelKeys(project.graph, node.name, project.config, env);
    // The mock is read before any project code loads: a bad file fails first.
    const models = createModelClient({
      providers: project.config.providers,
      prices: project.config.prices,
      env,
      cwd: options.cwd ?? process.cwd(),
      ...(options.mock === undefined ? {} : { mock: options.mock }),
    });
    const tools = toolRuntime(project.config, env, options.mock === undefined ? undefined : { file: options.mock, cwd: options.cwd ?? process.cwd() });
    checkMcpSetup(project.graph, node.name, env, tools.mocked);
    const loaded = await loadDefinition(project.config.root, node);
    const definition: SessionDefinition =
      loaded.kind === 'session' ? loaded : { kind: 'session', name: loaded.name, agent: loaded as AgentDefinition<string> };
    const scrubber = projectSecrets(project.config, env, project.scan.nodes);
    const exporting = await useTelemetry(project.config, env, options.telemetry);
    const store = await openRunStoreForWriting(project.config, scrubber).catch(async (error: unknown) => {
      await exporting.finish();
      throw error;
    });
    try {
      const wanted = options.session;
      const record =
        wanted === undefined
          ? store.sessions.create(node.name, freshState(definition))
          : options.createMissing && wanted !== 'last' && !store.sessions.has(wanted) && isChosenId(wanted)
            ? store.sessions.create(node.name, freshState(definition), { id: wanted })
            : store.sessions.get(wanted, wanted === 'last' ? node.name : undefined);
      if (record.name !== node.name) {
        throw new UserError('session-mismatch', `session ${record.id} belongs to ${record.name}, not ${node.name}`, {
          hint: `resume it with \`ca chat ${record.name} --session ${record.id}\``,
        });
      }
      return new SessionRunner(project, node, definition, store, models, options.approve, scrubber, createTraceCopy({ scrubber }), record, tools.options, exporting, options.onWarning);
    } catch (error) {
      await store.close();
      await exporting.finish();
      throw error;
    }
  }

  get id(): string {
    return this.record.id;
  }

  get state(): unknown {
    return this.record.state;
  }

  get turns(): number {
    return this.record.turns;
  }

  /** Runs one turn: a run in the store, session events for listeners, the new state on success. */
  async turn(message: string, hooks: TurnHooks = {}): Promise<TurnReport> {
    const runId = newRunId();
    return this.play(this.store.sessions.beginTurn(this.record.id, runId, message), {}, hooks);
  }

  /**
   * `ca run --resume` of a turn (SPEC §9): the session's latest turn, killed or failed, runs again
   * with its message against the session's state (unchanged, since the turn did not succeed),
   * its completed steps restored from the journal.
   */
  async resumeTurn(continuing: { from: string; input: unknown; recorded: RecordedSteps; reopen?: () => Awaitable<RunSegment> }, hooks: TurnHooks = {}): Promise<TurnReport & { tokens: TokenUsage; segment?: RunSegment }> {
    const begun = this.store.sessions.reopenTurn(this.record.id, continuing.from);
    const segment = await continuing.reopen?.();
    if (segment && (hooks.onEarlierEvents || this.exporting.telemetry)) {
      const earlier = await this.store.readEvents(continuing.from);
      hooks.onEarlierEvents?.(earlier);
      this.exporting.telemetry?.know(earlier);
    }
    // The message exactly as the journal kept it (the turn's row holds it with secrets removed).
    const message = typeof continuing.input === 'string' ? continuing.input : begun.message;
    const report = await this.play({ ...begun, message }, { recorded: continuing.recorded, ...(segment ? { segment } : {}) }, hooks);
    return { ...report, ...(segment ? { segment } : {}) };
  }

  private async play(begun: TurnRecord, resumed: { recorded?: RecordedSteps; segment?: RunSegment }, hooks: TurnHooks): Promise<TurnReport & { tokens: TokenUsage }> {
    const { runId, message } = begun;
    const started = new Map<string, SpanStartedEvent>();
    const toolCalls: ToolCallNote[] = [];
    // An agent session runs its agent as a span under the turn: that span is the turn, not a call.
    const wrapsAgent = 'agent' in this.definition;
    let root = '';
    const onEvent = (event: TraceEvent) => {
      this.store.append(event);
      this.exporting.telemetry?.record(event);
      if (event.type === 'run.started') root = event.spanId;
      if (event.type === 'span.started' && isCall(event) && !(wrapsAgent && event.parentId === root)) started.set(event.spanId, event);
      if (event.type === 'span.ended' && started.has(event.spanId)) {
        const note = toNote(started.get(event.spanId)!, event);
        toolCalls.push(note);
        this.store.sessions.appendEvent(this.record.id, 'tool.called', { turn: begun.turn, runId, data: note });
        hooks.onToolCall?.(note);
      }
      hooks.onEvent?.(event);
    };
    let outcome;
    try {
      outcome = await runTurn(this.definition, this.record.state, message, {
        runId,
        models: this.models,
        approve: this.approve,
        onEvent,
        journal: this.store.journal,
        ...resumed,
        traceCopy: this.traceCopy,
        scrubber: this.scrubber,
        modelPolicy: this.project.config.models,
        ...this.tools,
        sessionId: this.record.id,
        onEmit: (event, data) => this.store.sessions.appendEvent(this.record.id, 'emit', { turn: begun.turn, runId, data: { event, data: this.traceCopy(data) } }),
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        ...(hooks.onText ? { onText: (delta: string) => hooks.onText!(delta) } : {}),
      });
    } catch (error) {
      this.store.sessions.finishTurn(this.record.id, begun.turn, { status: 'failed', error: (error as Error).message });
      throw error;
    }
    const { ended } = outcome;
    const status = ended.status === 'succeeded' ? 'succeeded' : ended.status === 'cancelled' ? 'cancelled' : 'failed';
    this.store.sessions.finishTurn(this.record.id, begun.turn, {
      status,
      ...(outcome.reply === undefined ? {} : { reply: outcome.reply }),
      ...(ended.error ? { error: ended.error.message } : {}),
      ...(status === 'succeeded' ? { state: outcome.state } : {}),
    });
    await this.store.flush();
    this.record = this.store.sessions.get(this.record.id);
    if (ended.error?.code === 'missing-model-key') {
      throw new UserError('missing-model-key', ended.error.message, { hint: ended.error.hint ?? 'pass --mock FILE to run without keys', exitCode: EXIT.usage });
    }
    return {
      sessionId: this.record.id,
      turn: begun.turn,
      runId,
      status,
      toolCalls,
      state: this.record.state,
      durationMs: ended.durationMs,
      costUsd: ended.costUsd,
      tokens: ended.tokens,
      ...(outcome.reply === undefined ? {} : { reply: this.scrubber.text(outcome.reply) }),
      ...(ended.error ? { error: ended.error } : {}),
      ...(ended.failedPath ? { failedPath: ended.failedPath } : {}),
    };
  }

  /** Back to a fresh state (`/reset`). */
  reset(): void {
    this.store.sessions.reset(this.record.id, freshState(this.definition));
    this.record = this.store.sessions.get(this.record.id);
  }

  /** The events of a turn's run, for `/trace`. */
  async traceOf(runId: string): Promise<TraceEvent[]> {
    await this.store.flush();
    return this.store.readEvents(runId);
  }

  async close(): Promise<void> {
    try {
      await this.store.close();
    } finally {
      await this.exporting.finish(this.onWarning);
    }
  }
}

/** A session's first state; an `init()` that throws or quits is the project's failure (exit 1), before any turn. */
function freshState(definition: SessionDefinition): unknown {
  try {
    return initialState(definition);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError('session-init-failed', `${definition.name}'s init() failed: ${message}`, { exitCode: EXIT.failed, cause: error, hint: 'fix init() in the session definition (run again with --debug for the stack trace)' });
  }
}

/** An id a caller chose (a ticket number, a chat id) rather than a prefix of ours. */
function isChosenId(id: string): boolean {
  return !id.startsWith('s_') && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/.test(id);
}

function isCall(event: SpanStartedEvent): boolean {
  return (event.kind === 'tool' || event.kind === 'flow' || event.kind === 'agent') && (event.attempt ?? 1) === 1;
}

function toNote(start: SpanStartedEvent, end: SpanEndedEvent): ToolCallNote {
  return {
    name: start.name,
    kind: start.kind,
    status: end.status,
    durationMs: end.durationMs,
    ...(start.input === undefined ? {} : { input: start.input }),
    ...(end.error ? { error: end.error } : {}),
  };
}
