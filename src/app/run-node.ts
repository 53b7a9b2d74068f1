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
import { checkModelKeys } from './check-model-keys.js';
import { findNode } from './find-node.js';
import { loadProject, type LoadedProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForWriting, runStorePath } from './open-run-store.js';
import { projectSecrets } from './project-secrets.js';
import { planContinuation, reachableFingerprints, type ForkRequest, type ResumeRequest } from './plan-continuation.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { resumeTurn } from './resume-turn.js';
import type { RunStore } from '../ledger/run-store.js';

export interface RunNodeOptions extends ProjectOptions {
  /** The node to run; with `resume` or `fork` it may be left out (the run's), and if given must match. */
  name?: string;
  input: unknown;
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
  maxParallel?: number;
  env?: NodeJS.ProcessEnv;
}

const RUNNABLE = new Set(['tool', 'reasoner', 'flow', 'agent']);

/**
 * `ca run NAME`: static discovery finds the node (an unknown name fails before any code runs),
 * then its module is loaded, the interpreter runs it, and every event goes to the run store and
 * to `onEvent`. The run's own failure is the result (status failed), not an exception.
 */
export async function runNode(options: RunNodeOptions): Promise<RunResult> {
  const loaded = await loadProject(options);
  const env = options.env ?? process.env;
  const scrubber = projectSecrets(loaded.config, env);
  const store = openRunStoreForWriting(loaded.config, scrubber);
  try {
    return await runWithStore(options, loaded, store, env, scrubber);
  } finally {
    store.close();
  }
}

async function runWithStore(options: RunNodeOptions, loaded: LoadedProject, store: RunStore, env: NodeJS.ProcessEnv, scrubber: SecretScrubber): Promise<RunResult> {
  const { config, graph } = loaded;
  const cwd = options.cwd ?? process.cwd();
  const storePath = path.relative(cwd, runStorePath(config)) || runStorePath(config);
  const continuing = options.resume || options.fork ? planContinuation(store, graph, { ...options }) : undefined;
  const node = continuing?.node ?? findNode(graph, options.name ?? '');
  if (continuing && continuing.changed.length > 0) {
    const list = continuing.changed.map((change) => `${change.name} (${short(change.then)} → ${short(change.now)})`).join(', ');
    options.onWarning?.(`the code changed since run ${continuing.from} started: ${list}; steps it completed keep their recorded outcome, the rest runs the current code`);
  }
  if (continuing?.sessionId !== undefined) return resumeTurn(options, loaded, { ...continuing, sessionId: continuing.sessionId }, storePath);
  if (!RUNNABLE.has(node.kind)) {
    throw new UserError('not-runnable', `${node.name} is a session: sessions take turns rather than one input`, {
      hint: `talk to it with \`ca chat ${node.name}\`, or try one message with \`ca trigger ${node.name} "hello"\``,
    });
  }
  if (options.mock === undefined) checkModelKeys(graph, node.name, config, env);
  const models = createModelClient({
    providers: config.providers,
    prices: config.prices,
    env,
    cwd,
    ...(options.mock === undefined ? {} : { mock: options.mock }),
  });
  const locations = new Map(graph.nodes().map((name) => [name, graph.node(name)]));
  const locate = (name: string) => {
    const at = locations.get(name);
    return at ? `${at.file}:${at.line}` : undefined;
  };

  const runId = continuing?.reopen ? continuing.from : newRunId();
  const input = continuing ? continuing.input : options.input;
  options.onStart?.({ runId, node });
  const definition = await loadDefinition(config.root, node);
  // Reopened last: whatever failed before this left the run as it was.
  const segment = continuing?.reopen?.();
  if (segment) options.onEarlierEvents?.(store.readEvents(runId));
  const outcome = await runDefinition(definition, input, {
    runId,
    models,
    approve: options.approve,
    onEvent: (event) => {
      store.append(event);
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
    locate,
    ...(options.signal ? { signal: options.signal } : {}),
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
    store: storePath,
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
