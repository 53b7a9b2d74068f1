import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '../config/project-config.js';
import { UserError } from '../core/errors.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import type { RunStatus } from '../core/trace.js';
import { openRunStore } from '../ledger/open-run-store.js';
import type { RunStore } from '../ledger/run-store.js';

/** Where a project keeps its runs: beside the deploy ledger's default, in a file of its own. */
export function runStorePath(config: Pick<ProjectConfig, 'root'>): string {
  return path.join(config.root, '.ca', 'runs.db');
}

/** The run store for reading: undefined when nothing was ever run (no file yet); reading never creates one. */
export function openRunStoreForReading(config: Pick<ProjectConfig, 'root'>): RunStore | undefined {
  const file = runStorePath(config);
  if (!existsSync(file)) return undefined;
  try {
    return openRunStore(file, { readonly: true });
  } catch (error) {
    // A file another process is creating right now holds nothing yet.
    if (error instanceof UserError && error.code === 'runs-missing') return undefined;
    throw error;
  }
}

/**
 * The run store for `ca run`: created and migrated when needed; runs whose process died are marked
 * interrupted. Everything written through it passes `scrubber` (the project's known secrets).
 */
export function openRunStoreForWriting(config: Pick<ProjectConfig, 'root'>, scrubber?: SecretScrubber): RunStore {
  return openRunStore(runStorePath(config), scrubber ? { scrubber } : {});
}

export function withRunStore<T>(store: RunStore | undefined, work: (store: RunStore | undefined) => T): T {
  try {
    return work(store);
  } finally {
    store?.close();
  }
}

/** What `result:` selects on: each node's latest run status, and a warning when there is no run to go by. */
export function latestRunResults(config: Pick<ProjectConfig, 'root'>): { results: Map<string, RunStatus>; warning?: string } {
  return withRunStore(openRunStoreForReading(config), (store) => {
    const results = store ? store.latestStatusByName() : new Map<string, RunStatus>();
    if (results.size > 0) return { results };
    return { results, warning: `no runs recorded yet (${path.relative(config.root, runStorePath(config)) || runStorePath(config)}): result: selects nothing` };
  });
}
