import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '../config/project-config.js';
import { EXIT, UserError } from '../core/errors.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';
import type { RunStatus } from '../core/trace.js';
import { resolveStoreLocation } from '../ledger/ledger-location.js';
import { openRunStoreAt } from '../ledger/open-run-store.js';
import type { RunStore } from '../ledger/run-store.js';

type RunsConfig = Pick<ProjectConfig, 'root' | 'runs'>;

/**
 * Where a project keeps its runs: `CA_RUNS_URL` when set, else `runs:` of ca.yaml (a path or a
 * PostgreSQL URL), else `.ca/runs.db` beside the deploy ledger's default.
 */
export function runStoreLocation(config: RunsConfig, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return resolveStoreLocation('runs', config.runs, env);
}

/** The run store as messages show it: a path relative to `cwd`, or the URL with its password masked. */
export function shownRunStore(config: RunsConfig, cwd = process.cwd()): string {
  const location = runStoreLocation(config);
  if (isPostgresUrl(location)) return maskUrl(location);
  return path.relative(cwd, location) || location;
}

/** `run-not-found` when nothing has run yet: no file (SQLite), or a database without ca's runs (PostgreSQL). */
export function noRunsYet(config: RunsConfig, hint: string, cwd?: string): UserError {
  const location = runStoreLocation(config);
  const where = isPostgresUrl(location) ? `${maskUrl(location)} holds none` : `${shownRunStore(config, cwd)} does not exist`;
  return new UserError('run-not-found', `no runs recorded yet: ${where}`, { hint, exitCode: EXIT.usage });
}

/** The run store for reading: undefined when nothing was ever run (no file, or a database without ca's tables); reading never creates one. */
export async function openRunStoreForReading(config: RunsConfig): Promise<RunStore | undefined> {
  const location = runStoreLocation(config);
  if (!isPostgresUrl(location) && !existsSync(location)) return undefined;
  try {
    return await openRunStoreAt(location, { readonly: true });
  } catch (error) {
    // A file another process is creating right now holds nothing yet; a database without ca's tables neither.
    if (error instanceof UserError && error.code === 'runs-missing') return undefined;
    throw error;
  }
}

/**
 * A run store named on the command line (`ca replay --runs env:E --from FILE`): a file path
 * (relative to `cwd`) or a PostgreSQL URL, opened read-only. A file that is not there is a usage
 * error that says how to make it.
 */
export async function openNamedRunStore(location: string, cwd = process.cwd()): Promise<RunStore> {
  if (isPostgresUrl(location)) return openRunStoreAt(location, { readonly: true });
  const file = path.resolve(cwd, location);
  if (!existsSync(file)) {
    throw new UserError('runs-missing', `--from ${location}: no such run store`, {
      hint: 'copy an env\'s runs into it first: ca runs pull --env ENV --into FILE',
      exitCode: EXIT.usage,
    });
  }
  return openRunStoreAt(file, { readonly: true });
}

/**
 * The run store for `ca run`: created and migrated when needed; runs whose process died are marked
 * interrupted. Everything written through it passes `scrubber` (the project's known secrets).
 */
export function openRunStoreForWriting(config: RunsConfig, scrubber?: SecretScrubber): Promise<RunStore> {
  return openRunStoreAt(runStoreLocation(config), scrubber ? { scrubber } : {});
}

/** Runs `work` with the store (or undefined) and closes it afterwards, whatever happens. */
export async function withRunStore<T>(store: RunStore | undefined, work: (store: RunStore | undefined) => Promise<T> | T): Promise<T> {
  try {
    return await work(store);
  } finally {
    await store?.close();
  }
}

/** What `result:` selects on: each node's latest run status, and a warning when there is no run to go by. */
export async function latestRunResults(config: RunsConfig): Promise<{ results: Map<string, RunStatus>; warning?: string }> {
  return withRunStore(await openRunStoreForReading(config), async (store) => {
    const results = store ? await store.latestStatusByName() : new Map<string, RunStatus>();
    if (results.size > 0) return { results };
    return { results, warning: `no runs recorded yet (${shownRunStore(config, config.root)}): result: selects nothing` };
  });
}
