import type { CallOptions, ThinkOptions } from '../sdk/ctx.js';
import type { AgentDefinition, Definition, ReasonerDefinition } from '../sdk/definition.js';
import { abortReason, abortable } from './abortable.js';
import { runAgent } from './agent-loop.js';
import { isGranted } from './capability.js';
import { createCtx } from './create-ctx.js';
import type { RunInterpreter } from './interpreter-api.js';
import { callModel, modelPolicy, type ModelCallPolicy } from './model-call.js';
import type { ChatMessage, ModelRequest, ModelResponse } from './models/model-client.js';
import { messageText } from './message-text.js';
import { asProjectCode } from './project-code.js';
import { StepJournal } from './step-journal.js';
import type { JournalEntry } from '../core/journal.js';
import type { SpanKind } from '../core/trace.js';
import { toJsonSchema } from './models/to-json-schema.js';
import { RunError, capabilityDenied, isCancellation, timedOut, toTraceError } from './run-errors.js';
import type { RuntimeOptions } from './runtime-options.js';
import type { Span, TraceRecorder } from './trace-recorder.js';
import { validateValue } from './validate-value.js';
import { isMcpTool } from './mcp/mcp-tool.js';
import { McpSessions } from './mcp/mcp-sessions.js';

/**
 * The interpreter behind `ctx`: one per run. Every call, think and approval becomes a span; the
 * caller's `uses` is checked before anything runs; retries, timeouts and cancellation are applied
 * here so user code never has to.
 */
export class Interpreter implements RunInterpreter {
  /** Approvals a person granted in this run: dangerous tools need at least one. */
  private approvals = 0;
  /** The MCP servers this run started, on first use. */
  private mcpSessions: McpSessions | undefined;

  constructor(
    readonly options: RuntimeOptions,
    readonly recorder: TraceRecorder,
    /** Fails the whole run, whatever the code in between does with the error (process.exit, a stuck promise). */
    readonly failRun: (error: RunError) => void = () => {},
    /** Step keys and the journal of this run. */
    readonly steps: StepJournal = new StepJournal(options.runId, options.journal, options.now, options.recorded, options.drain),
  ) {}

  /** Runs project code in `span` under the process guard (project-code.ts): its process.exit fails this run. */
  projectCode<T>(span: Span, def: Definition, work: () => T): T {
    return asProjectCode(
      {
        label: `${def.kind} ${def.name}`,
        onExit: (error) => {
          this.recorder.blame(error, span);
          this.failRun(error);
        },
      },
      work,
    );
  }

  /** One model call under its policy (timeout, retries), each failed attempt a line in `span`. */
  model(span: Span, request: Omit<ModelRequest, 'signal'>, policy: ModelCallPolicy, signal: AbortSignal): Promise<ModelResponse> {
    return callModel(this.options.models, request, policy, signal, { onRetry: (note) => this.recorder.log(span, note) });
  }

  /** The policy of a definition's model calls: the call's options, then the definition's, then ca.yaml's. */
  policyFor(def: { timeoutMs?: number | undefined; retries?: number | undefined }, opts?: ThinkOptions): ModelCallPolicy {
    const own = (source: { timeoutMs?: number | undefined; retries?: number | undefined } | undefined) => ({
      ...(source?.timeoutMs === undefined ? {} : { timeoutMs: source.timeoutMs }),
      ...(source?.retries === undefined ? {} : { retries: source.retries }),
    });
    return modelPolicy(own(opts), own(def), this.options.modelPolicy);
  }

  /** Runs `def` inside an already started span (the run's root, or an attempt span of a call). */
  async execute(span: Span, def: Definition, input: unknown, signal: AbortSignal, timeoutMs?: number): Promise<unknown> {
    switch (def.kind) {
      case 'tool': {
        const mocked = this.options.toolMocks?.answer(def.name);
        if (mocked) {
          this.recorder.log(span, `answered from ${mocked.file}`);
          return mocked.output;
        }
        if (isMcpTool(def)) return this.mcp().call(def, input, signal, (message) => this.recorder.log(span, message), timeoutMs);
        const value = await validateValue(def.input, input, { node: def.name, side: 'input' });
        const output = await abortable(signal, () => this.projectCode(span, def, () => def.run(value, createCtx(this, span, def, signal))));
        return validateValue(def.output, output, { node: def.name, side: 'output' });
      }
      case 'flow': {
        const value = await validateValue(def.input, input, { node: def.name, side: 'input' });
        const output = await abortable(signal, () => this.projectCode(span, def, () => def.run(createCtx(this, span, def, signal), value)));
        return validateValue(def.output, output, { node: def.name, side: 'output' });
      }
      case 'agent': {
        const value = await validateValue(def.input, input, { node: def.name, side: 'input' });
        const output = await runAgent(this, span, def as AgentDefinition, value, signal);
        return validateValue(def.output, output, { node: def.name, side: 'output' });
      }
      case 'reasoner':
        return this.askModel(span, def, input, signal, this.policyFor(def));
      case 'session':
        throw new RunError('not-callable', `${def.name} is a session: sessions take turns, they are not called`, {
          hint: `talk to it with \`ca chat ${def.name}\``,
        });
      case 'mcp_server':
        throw new RunError('not-callable', `${def.name} is an MCP server: its tools are called, not the server`, {
          hint: `define its tools with mcpTool({ server: …, tool: '…' }) and call those`,
        });
    }
  }

  /** The run's MCP servers, created on the first MCP call. */
  private mcp(): McpSessions {
    if (!this.options.mcp) {
      throw new RunError('mcp-unavailable', 'MCP tools cannot be called here: this run was started without the project\'s MCP servers', { hint: 'run it with ca run or ca chat' });
    }
    this.mcpSessions ??= new McpSessions(this.options.mcp);
    return this.mcpSessions;
  }

  /** An MCP tool's locked contract (what a model is offered: its input schema and description); undefined for any other definition. */
  mcpContract(def: Definition): { inputSchema: Record<string, unknown>; description?: string } | undefined {
    return isMcpTool(def) ? this.mcp().contract(def) : undefined;
  }

  /** Stops every MCP server this run started (the run's end, whatever it was). */
  async closeMcp(): Promise<void> {
    await this.mcpSessions?.close();
  }

  /** `ctx.call`: the capability check, then one span per attempt. */
  async call(parent: Span, caller: Definition, callee: Definition, input: unknown, opts: CallOptions, signal: AbortSignal, path = ''): Promise<unknown> {
    if (!isDefinitionLike(callee)) {
      throw new RunError('not-a-definition', `${caller.name} called something that is not a definition (${describe(callee)})`, {
        hint: 'pass the value returned by tool(), flow() or agent()',
      });
    }
    this.checkGrant(parent, caller, callee, input);
    if (callee.kind === 'tool' && callee.effect === 'dangerous' && this.approvals === 0) {
      this.refuse(
        parent,
        callee,
        input,
        new RunError('approval-required', `${callee.name} is a dangerous tool and nobody approved anything in this run`, {
          hint: `call ctx.approve(...) in ${caller.name} before it (or give the agent an approval policy)`,
        }),
      );
    }
    const attempts = 1 + Math.max(0, Math.floor(opts.retries ?? 0));
    const key = this.steps.key(parent, path, callee.name);
    const effect = callee.kind === 'tool' ? { effect: callee.effect ?? 'write', ...(callee.idempotent === undefined ? {} : { idempotent: callee.idempotent }) } : {};
    const kind = spanKind(callee);
    const answer = this.steps.consult({ key, name: callee.name, kind, input, ...effect });
    if ('restore' in answer) return this.restore(parent, { name: callee.name, kind, key, input }, answer);
    // Attempts of earlier segments (a resumed run) count on: the journal's attempt numbers never repeat.
    const before = answer.attempt - 1;
    for (let attempt = 1; ; attempt++) {
      const span = this.recorder.start(parent, {
        name: callee.name,
        kind,
        key,
        input,
        ...(isMcpTool(callee) ? { mcp: { server: callee.server.name, tool: callee.tool } } : {}),
        ...(attempts > 1 || before > 0 ? { attempt: before + attempt, attempts: before + attempts } : {}),
      });
      await this.steps.started({ key, name: callee.name, kind, input, attempt: before + attempt, ...effect });
      const timeout = new AbortController();
      const timer =
        opts.timeoutMs === undefined ? undefined : setTimeout(() => timeout.abort(timedOut(callee.name, opts.timeoutMs!)), opts.timeoutMs);
      const attemptSignal = AbortSignal.any([signal, timeout.signal]);
      try {
        const output = await abortable(attemptSignal, () => this.execute(span, callee, input, attemptSignal, opts.timeoutMs));
        this.recorder.end(span, { status: 'succeeded', output });
        await this.steps.ended(key, { status: 'succeeded', output, attempts: before + attempt });
        return output;
      } catch (thrown) {
        const error = attemptSignal.aborted && !(thrown instanceof RunError) ? abortReason(attemptSignal) : thrown;
        this.fail(span, error);
        const retryable = !(error instanceof RunError && error.final) && !signal.aborted;
        if (retryable && attempt < attempts) continue;
        await this.steps.ended(key, { status: isCancellation(error) ? 'cancelled' : 'failed', error: toTraceError(error), attempts: before + attempt });
        throw error;
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** `ctx.think`: one model call for a reasoner the caller `uses`. */
  async think(parent: Span, caller: Definition, reasoner: Definition, input: unknown, signal: AbortSignal, opts: ThinkOptions = {}, path = ''): Promise<unknown> {
    if (!isDefinitionLike(reasoner) || reasoner.kind !== 'reasoner') {
      throw new RunError('not-a-reasoner', `${caller.name} passed ${describe(reasoner)} to ctx.think, which takes a reasoner`, {
        hint: 'use ctx.call for tools, flows and agents',
      });
    }
    this.checkGrant(parent, caller, reasoner, input);
    const key = this.steps.key(parent, path, reasoner.name);
    const answer = this.steps.consult({ key, name: reasoner.name, kind: 'reasoner', input });
    if ('restore' in answer) return this.restore(parent, { name: reasoner.name, kind: 'reasoner', key, input }, answer);
    const span = this.recorder.start(parent, { name: reasoner.name, kind: 'reasoner', key, input });
    await this.steps.started({ key, name: reasoner.name, kind: 'reasoner', input, attempt: answer.attempt });
    try {
      const output = await this.askModel(span, reasoner, input, signal, this.policyFor(reasoner, opts));
      this.recorder.end(span, { status: 'succeeded', output, ...this.usageOf(span) });
      await this.steps.ended(key, { status: 'succeeded', output, attempts: answer.attempt });
      return output;
    } catch (error) {
      this.fail(span, error, this.usageOf(span));
      await this.steps.ended(key, { status: isCancellation(error) ? 'cancelled' : 'failed', error: toTraceError(error), attempts: answer.attempt });
      throw error;
    }
  }

  /**
   * `ctx.approve`, and the approvals an agent's policy asks for. Never throws on a denial. Under
   * `--approve park` an approval nobody answered yet parks the run: the step stays open in the
   * journal with its prompt, the run ends `waiting`, and `ca approve` writes the decision there.
   */
  async approve(parent: Span, prompt: string, signal: AbortSignal, tool?: string, path = ''): Promise<boolean> {
    const key = this.steps.key(parent, path, 'approve');
    const input = { prompt, ...(tool === undefined ? {} : { tool }) };
    const answer = this.steps.consult({ key, name: 'approval', kind: 'approval', input });
    if ('restore' in answer) {
      const decision = (answer.restore.output ?? {}) as { approved?: boolean; by?: string; note?: string };
      const approved = decision.approved === true;
      if (answer.restore.status !== 'succeeded') return (await this.restore(parent, { name: prompt, kind: 'approval', key }, answer)) as boolean;
      const span = this.recorder.start(parent, { name: prompt, kind: 'approval', key });
      const who = decision.by === undefined ? '' : ` by ${decision.by} (ca approve)${decision.note === undefined ? '' : `: ${decision.note}`}`;
      this.recorder.log(span, `${approved ? 'approved' : 'denied'}${who}; restored from the journal`);
      if (answer.record) await this.steps.record(answer.restore);
      this.endApproval(span, approved);
      if (approved) this.approvals++;
      return approved;
    }
    const span = this.recorder.start(parent, { name: prompt, kind: 'approval', key });
    // The prompt is kept: `ca approve` shows a parked run's question from the journal.
    await this.steps.started({ key, name: 'approval', kind: 'approval', input, attempt: answer.attempt, keepInput: true });
    try {
      const request = { prompt, path: span.path, ...(tool === undefined ? {} : { tool }) };
      const decision = await abortable(signal, () => this.options.approve(request, signal));
      if (decision === 'park') return this.park(span, prompt);
      const approved = decision;
      if (approved) this.approvals++;
      this.endApproval(span, approved);
      // A decision is the step's output either way: a denial is an answer, not a failure to resume from.
      await this.steps.ended(key, { status: 'succeeded', output: { approved }, attempts: answer.attempt });
      return approved;
    } catch (error) {
      if (error instanceof RunError && error.code === PARKED) throw error;
      this.fail(span, error);
      await this.steps.ended(key, { status: isCancellation(error) ? 'cancelled' : 'failed', error: toTraceError(error), attempts: answer.attempt });
      throw error;
    }
  }

  /** An approval's span ends succeeded when approved, failed (a denial) when not: the tree tells them apart. */
  private endApproval(span: Span, approved: boolean): void {
    if (approved) this.recorder.end(span, { status: 'succeeded', output: { approved } });
    else this.recorder.end(span, { status: 'failed', output: { approved }, error: { code: 'approval-denied', message: 'not approved' } });
  }

  /** Parks the run at an unanswered approval: the whole run stops, `waiting` (SPEC §9), its journal step left open. */
  private park(span: Span, prompt: string): never {
    const runId = this.options.runId;
    const error = new RunError(PARKED, `waiting for approval: ${prompt}`, { hint: `answer with ca approve ${runId} (or --deny), then go on with ca run --resume ${runId}` });
    this.recorder.end(span, { status: 'cancelled', error: toTraceError(error) });
    this.recorder.blame(error, span);
    this.failRun(error);
    throw error;
  }

  /** A step answered from a recorded journal (replay, resume, fork): a span that says so, and the recorded outcome. */
  async restore(parent: Span, step: { name: string; kind: Span['kind']; key: string; input?: unknown }, answer: { restore: JournalEntry; note?: string; record?: boolean }): Promise<unknown> {
    const recorded = answer.restore;
    const span = this.recorder.start(parent, step);
    this.recorder.log(span, answer.note ?? 'restored from the journal');
    if (answer.record) await this.steps.record(recorded);
    if (recorded.status === 'succeeded') {
      this.recorder.end(span, { status: 'succeeded', ...(recorded.output === undefined ? {} : { output: recorded.output }) });
      return recorded.output;
    }
    const error = new RunError(recorded.error?.code ?? 'error', recorded.error?.message ?? `${step.name} did not finish in the recorded run`, {
      ...(recorded.error?.hint === undefined ? {} : { hint: recorded.error.hint }),
    });
    this.fail(span, error);
    throw error;
  }

  log(span: Span, message: string, data?: unknown): void {
    this.recorder.log(span, message, data);
  }

  /** Ends `span` as failed (or cancelled) and remembers it as the origin of `error`. */
  fail(span: Span, error: unknown, extra: { tokens?: { input: number; output: number }; costUsd?: number; model?: string } = {}): void {
    const status = isCancellation(error) ? 'cancelled' : 'failed';
    if (status === 'failed') this.recorder.blame(error, span);
    this.recorder.end(span, { status, error: toTraceError(error), ...extra });
  }

  /** A reasoner's model call, in `span`: its usage is written on that span by the caller. */
  private async askModel(span: Span, reasoner: ReasonerDefinition, input: unknown, signal: AbortSignal, policy: ModelCallPolicy): Promise<unknown> {
    const value = await validateValue(reasoner.input, input, { node: reasoner.name, side: 'input' });
    const messages: ChatMessage[] = [{ role: 'user', content: messageText(value) }];
    const outputSchema = reasoner.output ? this.jsonSchema(reasoner.output, 'output') : undefined;
    const response = await this.model(
      span,
      {
        model: reasoner.model,
        node: reasoner.name,
        kind: 'reasoner',
        messages,
        ...(reasoner.system === undefined ? {} : { system: reasoner.system }),
        ...(outputSchema === undefined ? {} : { outputSchema }),
        ...(reasoner.temperature === undefined ? {} : { temperature: reasoner.temperature }),
        ...(reasoner.maxTokens === undefined ? {} : { maxTokens: reasoner.maxTokens }),
      },
      policy,
      signal,
    );
    this.modelUsage.set(span, { tokens: response.usage, costUsd: response.costUsd, model: response.model });
    const answer = reasoner.output ? (response.object ?? parseJson(response.text, reasoner.name)) : response.text;
    return validateValue(reasoner.output, answer, { node: reasoner.name, side: 'output' });
  }

  private readonly modelUsage = new WeakMap<Span, { tokens: { input: number; output: number }; costUsd: number; model: string }>();

  private usageOf(span: Span): { tokens?: { input: number; output: number }; costUsd?: number; model?: string } {
    return this.modelUsage.get(span) ?? {};
  }

  jsonSchema(schema: unknown, io: 'input' | 'output'): Record<string, unknown> {
    return toJsonSchema(schema, io);
  }

  private checkGrant(parent: Span, caller: Definition, callee: Definition, input: unknown): void {
    if (isGranted(caller, callee)) return;
    const where = this.options.locate?.(caller.name);
    this.refuse(
      parent,
      callee,
      input,
      capabilityDenied(
        `${caller.name} may not call ${callee.name}: it is not in ${caller.name}'s uses`,
        `add ${callee.name} to the uses of ${caller.kind} ${caller.name}${where ? ` (${where})` : ''}`,
      ),
    );
  }

  /** Records a call that was refused before it ran, then throws the refusal. */
  private refuse(parent: Span, callee: Definition, input: unknown, error: RunError): never {
    const span = this.recorder.start(parent, { name: callee.name, kind: spanKind(callee), input });
    this.fail(span, error);
    throw error;
  }
}

/** The code of the error that parks a run at an approval (asRun turns it into status `waiting`). */
export const PARKED = 'waiting-for-approval';

/** The span of a call: an MCP server is never called itself, but a refused call of one is drawn as a tool's. */
function spanKind(def: Definition): SpanKind {
  return def.kind === 'mcp_server' ? 'tool' : def.kind;
}

function isDefinitionLike(value: unknown): value is Definition {
  return typeof value === 'object' && value !== null && typeof (value as Definition).name === 'string' && typeof (value as Definition).kind === 'string';
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `a function ${value.name || ''}`.trim();
  return typeof value;
}

function parseJson(text: string, node: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RunError('model-output', `${node}'s model answered with text that is not JSON, but ${node} has an output schema`, {
      final: false,
    });
  }
}
