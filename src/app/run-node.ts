import path from 'node:path';
import { EXIT, UserError } from '../core/errors.js';
import type { CaNode } from '../core/node.js';
import { newRunId, type RunEndedEvent, type TraceEvent } from '../core/trace.js';
import type { RunResult } from '../core/results.js';
import { loadDefinition } from '../runtime/load-definition.js';
import { createModelClient } from '../runtime/models/create-model-client.js';
import { runDefinition } from '../runtime/run-definition.js';
import { createTraceCopy } from '../runtime/trace-copy.js';
import type { Approver } from '../runtime/runtime-options.js';
import type { ModelClient } from '../runtime/models/model-client.js';
import { checkModelKeys } from './check-model-keys.js';
import { codeVersionOf } from './code-version.js';
import { assertCaNode } from './assert-ca-node.js';
import { findNode } from './find-node.js';
import { loadProject, type LoadedProject, type ProjectOptions } from './load-project.js';
import { noRunsYet, openRunStoreForReading, openRunStoreForWriting, shownRunStore } from './open-run-store.js';
import { projectSecrets } from './project-secrets.js';
import { planContinuation, reachableFingerprints, type Continuation, type ForkRequest, type ResumeRequest } from './plan-continuation.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { resumeTurn } from './resume-turn.js';
import { toolRuntime } from './tool-runtime.js';
import { checkMcpSetup } from './check-mcp-setup.js';
import type { RuntimeOptions } from '../runtime/runtime-options.js';
import type { RunStore } from '../ledger/run-store.js';
import type { TimedRunRecord } from '../core/run-timing.js';
import { useTelemetry, type TelemetryOption, type TraceTelemetry } from './telemetry.js';

export interface RunNodeOptions extends ProjectOptions {
  /** The node to run; with `resume` or `fork` it may be left out (the run's), and if given must match. */
  name?: string;
  input: unknown;
  /** A queued run's id (the worker starts the run under the id `ca run --queue` printed); otherwise a new one. */
  runId?: string;
  /** `--resume RUN`: the run goes on from its journal (SPEC §9). */
  resume?: ResumeRequest;
  /** `--fork RUN --from STEP`: a new run reusing RUN's journal up to STEP. */
  fork?: ForkRequest;
  /** Said on stderr before the run starts (a resume after the code changed). */
  onWarning?: (message: string) => void;
  /** A resumed run's events from its earlier segments, before its new segment starts (the live tree shows the whole run). */
  onEarlierEvents?: (events: TraceEvent[]) => void;
  /** `--mock FILE`: every model call is answered from it, no key needed. */
  mock?: string;
  approve: Approver;
  /**
   * Each trace event as it happens (live tree, `--json`). Values are the trace's bounded copies,
   * except `run.ended`, which carries the run's exact output (what the verb prints).
   */
  onEvent?: (event: TraceEvent) => void;
  /** Called once the run id exists and before project code loads. */
  onStart?: (info: { runId: string; node: CaNode }) => void;
  signal?: AbortSignal;
  /** A worker's drain (runtime-options.ts): aborted, the run stops before its next step, `interrupted`. */
  drain?: AbortSignal;
  maxParallel?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * A long-lived process (`ca mcp serve --watch`): load the node's code as scanned now. Node keeps
   * a module it imported, so without this a second run after an edit runs the first version.
   */
  freshCode?: boolean;
  /** OTLP export of the run (SPEC §13): false for `--no-telemetry`; an open export to share (a worker's). */
  telemetry?: TelemetryOption;
}

const RUNNABLE = new Set(['tool', 'reasoner', 'flow', 'agent']);

/** A flow, agent, tool or reasoner; a session is a usage error that says how to talk to it. */
export function assertRunnable(node: CaNode): void {
  assertCaNode(node, 'run');
  if (RUNNABLE.has(node.kind)) return;
  throw new UserError('not-runnable', `${node.name} is a session: sessions take turns rather than one input`, {
    hint: `talk to it with \`ca chat ${node.name}\`, or try one message with \`ca trigger ${node.name} "hello"\``,
  });
}

/**
 * `ca run NAME`: static discovery finds the node (an unknown name fails before any code runs),
 * then its module is loaded, the interpreter runs it, and every event goes to the run store and
 * to `onEvent`. The run's own failure is the result (status failed), not an exception.
 *
 * `--resume` and `--fork` (SPEC §9) start from a recorded run instead: plan-continuation.ts reads
 * it and its journal, and the interpreter consults that journal before every step.
 */
export async function runNode(options: RunNodeOptions): Promise<RunResult> {
  const loaded = await loadProject(options);
  const env = options.env ?? process.env;
  const scrubber = projectSecrets(loaded.config, env, loaded.scan.nodes);
  const exporting = await useTelemetry(loaded.config, env, options.telemetry);
  try {
    return await runLoaded(options, loaded, env, scrubber, exporting.telemetry);
  } finally {
    // The last spans go out once the run is over (at most the export timeout); a collector that is not there is one warning.
    await exporting.finish(options.onWarning);
  }
}

async function runLoaded(options: RunNodeOptions, loaded: LoadedProject, env: NodeJS.ProcessEnv, scrubber: SecretScrubber, telemetry: TraceTelemetry | undefined): Promise<RunResult> {
  if (!options.resume && !options.fork) {
    const node = findNode(loaded.graph, options.name ?? '');
    // Everything a user can get wrong is checked before the store is even created: a usage error leaves no trace.
    const prepared = prepareRun(loaded, node, options, env);
    const store = await openRunStoreForWriting(loaded.config, scrubber);
    try {
      return await execute(options, loaded, store, node, prepared, scrubber, telemetry);
    } finally {
      await store.close();
    }
  }
  const existing = await openRunStoreForReading(loaded.config);
  await existing?.close();
  if (!existing) throw noRunsYet(loaded.config, 'run a flow with ca run NAME first', options.cwd);
  const store = await openRunStoreForWriting(loaded.config, scrubber);
  try {
    return await continueRun(options, loaded, store, scrubber, telemetry);
  } finally {
    await store.close();
  }
}

/** `--resume` or `--fork` in an open store: plans the continuation from the recorded run, then runs it. */
async function continueRun(options: RunNodeOptions, loaded: LoadedProject, store: RunStore, scrubber: SecretScrubber, telemetry: TraceTelemetry | undefined): Promise<RunResult> {
  const continuing = await planContinuation(store, loaded.graph, options);
  if (continuing.changed.length > 0) {
    const list = continuing.changed.map((change) => `${change.name} (${short(change.then)} → ${short(change.now)})`).join(', ');
    options.onWarning?.(`the code changed since run ${continuing.from} started: ${list}; steps it completed keep their recorded outcome, the rest runs the current code`);
  }
  // A session turn goes on in its session, exporting into this verb's export (or none).
  if (continuing.sessionId !== undefined) return resumeTurn({ ...options, telemetry: telemetry ?? false }, loaded, { ...continuing, sessionId: continuing.sessionId }, storeLabel(loaded, options));
  const prepared = prepareRun(loaded, continuing.node, options, options.env ?? process.env);
  return execute(options, loaded, store, continuing.node, prepared, scrubber, telemetry, continuing);
}

/**
 * A queued run in a worker (SPEC §10), in the worker's open store: a `queued` run starts; a run
 * whose worker died (`running` under a lease that ran out: the worker took it over), one a drain
 * stopped, or one whose approval was answered goes on from its journal, exactly as `--resume`
 * does; a run that already ended (its end was recorded, its queue entry not) is reported as it is.
 */
export async function runQueued(options: Omit<RunNodeOptions, 'name' | 'input' | 'resume' | 'fork'> & { runId: string }, loaded: LoadedProject, store: RunStore, scrubber: SecretScrubber): Promise<RunResult> {
  // The worker's export, shared by its runs and finished when it stops.
  const telemetry = typeof options.telemetry === 'object' ? options.telemetry : undefined;
  const run = await store.getRun(options.runId);
  if (run.status === 'queued') {
    try {
      const node = findNode(loaded.graph, run.name);
      const prepared = prepareRun(loaded, node, { ...options, input: run.input }, options.env ?? process.env);
      return await execute({ ...options, input: run.input }, loaded, store, node, prepared, scrubber, telemetry);
    } catch (error) {
      // What `ca run` would refuse before the run starts (no such node here, a missing key, a module that does not load):
      // the queued run fails with that error, where `ca runs` and `ca trace` show it, rather than staying queued.
      if (!(error instanceof UserError) || (await store.getRun(run.id)).status !== 'queued') throw error;
      return failBeforeStart(store, run, error, storeLabel(loaded, { ...options, input: undefined }));
    }
  }
  if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled') {
    return {
      runId: run.id,
      name: run.name,
      kind: graphKind(loaded, run.name),
      status: run.status,
      durationMs: run.durationMs,
      tokens: run.tokens,
      costUsd: run.costUsd,
      store: storeLabel(loaded, { ...options, input: undefined }),
      ...(run.output === undefined ? {} : { output: run.output }),
      ...(run.error === undefined ? {} : { error: run.error }),
    };
  }
  return continueRun({ ...options, input: undefined, resume: { run: run.id, liveFromChanged: true, ...(run.status === 'running' ? { takeOver: true } : {}) } }, loaded, store, scrubber, telemetry);
}

async function failBeforeStart(store: RunStore, run: TimedRunRecord, error: UserError, label: string): Promise<RunResult> {
  const at = Date.now();
  const traced = { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  store.startRun({ type: 'run.started', runId: run.id, seq: 0, at, name: run.name, kind: run.kind, input: run.input, spanId: 's_0' });
  store.finishRun({ type: 'run.ended', runId: run.id, seq: 1, at, status: 'failed', error: traced, durationMs: 0, tokens: { input: 0, output: 0 }, costUsd: 0 });
  await store.flush();
  return { runId: run.id, name: run.name, kind: run.kind as CaNode['kind'], status: 'failed', durationMs: 0, tokens: { input: 0, output: 0 }, costUsd: 0, store: label, error: traced };
}

function graphKind(loaded: LoadedProject, name: string): CaNode['kind'] {
  return loaded.graph.hasNode(name) ? (loaded.graph.node(name) as CaNode).kind : 'flow';
}

/** What a run is given besides its input: its model client, and its MCP servers and mocked tools. */
interface PreparedRun {
  models: ModelClient;
  tools: Pick<RuntimeOptions, 'mcp' | 'toolMocks'>;
}

/** The checks before a run (a runnable node, the model keys and MCP set-up it needs), its model client and tools. */
function prepareRun(loaded: LoadedProject, node: CaNode, options: RunNodeOptions, env: NodeJS.ProcessEnv): PreparedRun {
  assertRunnable(node);
  if (options.mock === undefined) checkModelKeys(loaded.graph, node.name, loaded.config, env);
  const tools = toolRuntime(loaded.config, env, options.mock === undefined ? undefined : { file: options.mock, cwd: options.cwd ?? process.cwd() });
  checkMcpSetup(loaded.graph, node.name, env, tools.mocked);
  const models = createModelClient({
    providers: loaded.config.providers,
    prices: loaded.config.prices,
    env,
    cwd: options.cwd ?? process.cwd(),
    ...(options.mock === undefined ? {} : { mock: options.mock }),
  });
  return { models, tools: tools.options };
}

function storeLabel(loaded: LoadedProject, options: RunNodeOptions): string {
  return shownRunStore(loaded.config, options.cwd);
}

async function execute(
  options: RunNodeOptions,
  loaded: LoadedProject,
  store: RunStore,
  node: CaNode,
  { models, tools }: PreparedRun,
  scrubber: SecretScrubber,
  telemetry: TraceTelemetry | undefined,
  continuing?: Continuation,
): Promise<RunResult> {
  const { config, graph } = loaded;
  const locate = (name: string) => {
    if (!graph.hasNode(name)) return undefined;
    const at = graph.node(name) as CaNode;
    return `${at.file}:${at.line}`;
  };

  const runId = continuing?.reopen ? continuing.from : (options.runId ?? newRunId());
  const input = continuing ? continuing.input : options.input;
  options.onStart?.({ runId, node });
  const definition = await loadDefinition(config.root, node, options.freshCode ? codeVersionOf(loaded.scan) : undefined);
  // Reopened last: whatever failed before this left the run as it was.
  const segment = await continuing?.reopen?.();
  if (segment && (options.onEarlierEvents || telemetry)) {
    const earlier = await store.readEvents(runId);
    options.onEarlierEvents?.(earlier);
    telemetry?.know(earlier);
  }
  const outcome = await runDefinition(definition, input, {
    runId,
    models,
    approve: options.approve,
    onEvent: (event) => {
      store.append(event);
      // What the store keeps is what is exported: the redacted copies, the run's end included.
      telemetry?.record(event);
      // What the run can reach, as it is now: a resume after a code change says what differs.
      if (event.type === 'run.started') store.recordFingerprints(runId, reachableFingerprints(graph, node.name));
      // The run's end goes out below, with the exact output rather than the trace's copy.
      if (event.type !== 'run.ended') options.onEvent?.(event);
    },
    ...(continuing ? { recorded: continuing.recorded } : {}),
    ...(segment ? { segment } : {}),
    ...(continuing?.forkOf ? { forkOf: continuing.forkOf } : {}),
    journal: store.journal,
    traceCopy: createTraceCopy({ scrubber }),
    scrubber,
    modelPolicy: config.models,
    ...tools,
    locate,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.drain ? { drain: options.drain } : {}),
    ...(options.maxParallel === undefined ? {} : { maxParallel: options.maxParallel }),
  });
  const ended: RunEndedEvent = { ...withoutOutput(outcome.ended), ...(outcome.output === undefined ? {} : { output: outcome.output }) };
  options.onEvent?.(ended);
  // A key the run needed and did not have is the user's to fix: one line and exit 2, as SPEC §7 asks.
  if (ended.error?.code === 'missing-model-key') {
    throw new UserError('missing-model-key', ended.error.message, { hint: ended.error.hint ?? 'pass --mock FILE to run without keys', exitCode: EXIT.usage });
  }
  return {
    runId,
    name: node.name,
    kind: node.kind,
    status: ended.status,
    durationMs: ended.durationMs,
    tokens: ended.tokens,
    costUsd: ended.costUsd,
    store: storeLabel(loaded, options),
    ...(ended.output === undefined ? {} : { output: ended.output }),
    ...(ended.error === undefined ? {} : { error: ended.error }),
    ...(ended.failedPath === undefined ? {} : { failedPath: ended.failedPath }),
    ...(segment ? { resumed: { segment: segment.segment, from: segment.from } } : {}),
    ...(continuing?.forkOf ? { forkOf: continuing.forkOf } : {}),
    ...(continuing && continuing.changed.length > 0 ? { changedNodes: continuing.changed } : {}),
  };
}

function short(fingerprint: string | undefined): string {
  return fingerprint === undefined ? 'none' : fingerprint.slice(0, 8);
}

function withoutOutput(event: RunEndedEvent): RunEndedEvent {
  const { output: _traced, ...rest } = event;
  return rest;
}
