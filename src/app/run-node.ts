import path from 'node:path';
import { EXIT, UserError } from '../core/errors.js';
import type { CaNode } from '../core/node.js';
import { newRunId, type RunEndedEvent, type TraceEvent } from '../core/trace.js';
import type { RunResult } from '../core/results.js';
import { loadDefinition } from '../runtime/load-definition.js';
import { createModelClient } from '../runtime/models/create-model-client.js';
import { runDefinition, type RunOutcome } from '../runtime/run-definition.js';
import { createTraceCopy } from '../runtime/trace-copy.js';
import type { Approver } from '../runtime/runtime-options.js';
import { checkModelKeys } from './check-model-keys.js';
import { findNode } from './find-node.js';
import { loadProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForWriting, runStorePath } from './open-run-store.js';
import { projectSecrets } from './project-secrets.js';

export interface RunNodeOptions extends ProjectOptions {
  name: string;
  input: unknown;
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
  const { config, graph } = await loadProject(options);
  const node = findNode(graph, options.name);
  if (!RUNNABLE.has(node.kind)) {
    throw new UserError('not-runnable', `${node.name} is a session: sessions take turns rather than one input`, {
      hint: `talk to it with \`ca chat ${node.name}\`, or try one message with \`ca trigger ${node.name} "hello"\``,
    });
  }
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
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

  const scrubber = projectSecrets(config, env);
  const runId = newRunId();
  options.onStart?.({ runId, node });
  const definition = await loadDefinition(config.root, node);
  const store = openRunStoreForWriting(config, scrubber);
  let outcome: RunOutcome;
  try {
    outcome = await runDefinition(definition, options.input, {
      runId,
      models,
      approve: options.approve,
      onEvent: (event) => {
        store.append(event);
        // The run's end goes out below, with the exact output rather than the trace's copy.
        if (event.type !== 'run.ended') options.onEvent?.(event);
      },
      journal: store.journal,
      traceCopy: createTraceCopy({ scrubber }),
      scrubber,
      modelPolicy: config.models,
      locate,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.maxParallel === undefined ? {} : { maxParallel: options.maxParallel }),
    });
  } finally {
    store.close();
  }
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
    store: path.relative(cwd, runStorePath(config)) || runStorePath(config),
    ...(ended.output === undefined ? {} : { output: ended.output }),
    ...(ended.error === undefined ? {} : { error: ended.error }),
    ...(ended.failedPath === undefined ? {} : { failedPath: ended.failedPath }),
  };
}

function withoutOutput(event: RunEndedEvent): RunEndedEvent {
  const { output: _traced, ...rest } = event;
  return rest;
}
