import path from 'node:path';
import { DEFAULT_RUNS } from '../config/project-config.js';
import { EXIT, UserError } from '../core/errors.js';
import { nodesRunThrough } from '../core/nodes-run-through.js';
import { hasEnded, type RecordedRun } from '../core/recorded-run.js';
import type { RunsPullResult } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { isPostgresUrl } from '../core/store-location.js';
import { copyRuns } from '../ledger/copy-runs.js';
import { openRunStoreAt } from '../ledger/open-run-store.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { checkEnv } from './open-project-ledger.js';
import { openRunStoreForReading, runStoreLocation, shownRunStore, withRunStore } from './open-run-store.js';
import { projectSecrets } from './project-secrets.js';
import { loadAndSelect } from './select-project.js';

export interface PullRunsOptions extends ProjectOptions {
  env: string;
  /** `-s`: only runs that went through a selected node. */
  selection?: SelectionRequest;
  /** Only runs started at or after this time (ms since the epoch). */
  since?: number;
  /** At most this many runs of the env, newest first (0 or none: all). */
  limit?: number;
  /** The SQLite file to copy into (relative to `cwd`); default the project's `.ca/runs.db`. */
  into?: string;
}

/**
 * `ca runs pull --env E` (SPEC §14): the finished runs of env E, copied whole (row, events,
 * journal, fingerprints; secrets were redacted when they were recorded) from the run store in use,
 * typically the team's PostgreSQL, into a local SQLite file, so `ca replay --runs env:E --from FILE`
 * works with no access to the team database. One transaction per run: a pull cut off half-way
 * leaves whole runs only, and the next pull goes on. A run already in the file is left as it is.
 */
export async function pullRuns(options: PullRunsOptions): Promise<RunsPullResult> {
  // A mistyped env fails before the scan.
  const selected = options.selection ? await loadAndSelect({ ...options, selection: options.selection, checkConfig: (config) => checkEnv(config, options.env) }) : undefined;
  const config = selected?.config ?? (await openProject(options));
  if (!selected) checkEnv(config, options.env);
  const from = runStoreLocation(config);
  if (options.into !== undefined && isPostgresUrl(options.into)) {
    throw new UserError('pull-into-postgres', '--into takes a file: ca runs pull copies into a local SQLite run store', {
      hint: 'give a file path, e.g. --into .ca/prod-runs.db',
      exitCode: EXIT.usage,
    });
  }
  const into = options.into !== undefined ? path.resolve(options.cwd ?? process.cwd(), options.into) : path.resolve(config.root, DEFAULT_RUNS);
  const relative = path.relative(options.cwd ?? process.cwd(), into);
  const shownInto = relative === '' || relative.startsWith('..') ? into : relative;
  if (!isPostgresUrl(from) && path.resolve(from) === into) {
    throw new UserError('pull-same-store', `the run store in use is ${shownInto} already: there is nothing to pull it from`, {
      hint: 'point runs: in ca.yaml (or CA_RUNS_URL) at the team store, or pass --into another file',
      exitCode: EXIT.usage,
    });
  }
  const result: RunsPullResult = {
    env: options.env,
    from: shownRunStore(config, options.cwd),
    into: shownInto,
    ...(options.since === undefined ? {} : { since: options.since }),
    found: 0,
    copied: [],
    already: 0,
    unfinished: 0,
    unselected: 0,
    warnings: selected?.selection.warnings ?? [],
  };
  await withRunStore(await openRunStoreForReading(config), async (source) => {
    if (!source) return;
    const runs = await source.listRuns({ env: options.env, limit: options.limit ?? 0, ...(options.since === undefined ? {} : { since: options.since }) });
    result.found = runs.length;
    // A run that has not ended would be copied half-done, and never again (a later pull skips it).
    const finished = runs.filter((run) => hasEnded(run.status));
    result.unfinished = runs.length - finished.length;
    if (finished.length === 0) return;
    const target = await openRunStoreAt(into, { scrubber: projectSecrets(config, process.env) });
    await withRunStore(target, async (local) => {
      const picked = selected?.selection.selected;
      const keep = picked ? (run: RecordedRun) => [...nodesRunThrough(run.run.name, run.steps)].some((name) => picked.has(name)) : undefined;
      const copy = await copyRuns(source, local!, finished.map((run) => run.id), keep);
      result.copied = copy.copied;
      result.already = copy.already.length;
      result.unselected = copy.leftOut.length;
    });
  });
  return result;
}
