import { isDeployable } from '../core/node.js';
import type { ReleaseRunCounts, StatusResult, StatusRow } from '../core/results.js';
import type { ProjectConfig } from '../config/project-config.js';
import { isPostgresUrl } from '../core/store-location.js';
import { workerLeaseMs } from '../queue/worker-lease.js';
import { currentRelease } from './env-release.js';
import { openRunStoreForReading, runStoreLocation, withRunStore } from './open-run-store.js';
import { liveRunSummaries, type LiveStatus } from './release-runs.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { compareDeployed } from '../deploy/drift.js';
import { allNodes } from '../graph/build-graph.js';
import type { ProjectOptions } from './load-project.js';
import { checkEnv, openLedgerForReading, withLedger } from './open-project-ledger.js';
import { isProcessAlive } from '../ledger/process-liveness.js';
import { loadAndSelect } from './select-project.js';

export interface StatusOptions extends ProjectOptions {
  /** One env, or every env of ca.yaml when undefined and allEnvs. */
  env?: string;
  allEnvs?: boolean;
  selection: SelectionRequest;
}

/**
 * Deployed versus code, per node and env, from fingerprints alone: no file is read beyond what
 * discovery reads, nothing runs. Orphans (deployed, gone from the code) are listed when no
 * selection narrows the nodes.
 */
export async function statusProject(options: StatusOptions): Promise<StatusResult> {
  const { config, graph, selection } = await loadAndSelect({
    ...options,
    checkConfig: (c) => {
      if (options.env !== undefined) checkEnv(c, options.env);
    },
  });
  const envs = options.allEnvs || options.env === undefined ? Object.keys(config.envs) : [options.env];
  const deployables = allNodes(graph).filter((node) => selection.selected.has(node.name) && isDeployable(node));
  const narrowed = options.selection.select.length > 0 || options.selection.exclude.length > 0 || options.selection.selector !== undefined;
  const rows: StatusRow[] = await withLedger(await openLedgerForReading(config), async (ledger) => {
    const perEnv: StatusRow[][] = [];
    for (const env of envs) {
      const latest = new Map((ledger ? await ledger.latest(env) : []).map((row) => [row.node, row]));
      const succeeded = new Map((ledger ? await ledger.latestSucceeded(env) : []).map((row) => [row.node, row]));
      const running = await ledger?.deployInProgress(env);
      const out: StatusRow[] = deployables.map((node) => {
        const row: StatusRow = { node: node.name, kind: node.kind, env, status: 'not-deployed', changes: [], version: null, artifactHash: null, time: null, actor: null };
        const last = latest.get(node.name);
        const good = succeeded.get(node.name);
        if (good) Object.assign(row, { version: good.version, artifactHash: good.artifactHash, time: good.time, actor: good.actor });
        if (last?.outcome === 'pending') {
          Object.assign(row, { version: last.version, artifactHash: last.artifactHash, time: last.time, actor: last.actor });
          row.status = (running ?? isProcessAlive(last.pid, last.host, last.time)) ? 'deploying' : 'interrupted';
          return row;
        }
        if (!good) return row;
        const drift = compareDeployed({ node, graph }, good);
        row.status = drift.status;
        row.changes = drift.changes;
        return row;
      });
      if (!narrowed) {
        for (const [name, last] of latest) {
          if (graph.hasNode(name) || !succeeded.has(name)) continue;
          out.push({ node: name, kind: last.kind, env, status: 'orphaned', changes: [], version: last.version, artifactHash: last.artifactHash, time: last.time, actor: last.actor });
        }
      }
      perEnv.push(out);
    }
    return perEnv.flat();
  });
  rows.sort((a, b) => (a.node === b.node ? (a.env < b.env ? -1 : 1) : a.node < b.node ? -1 : 1));
  const result: StatusResult = {
    envs,
    rows,
    drift: rows.some((row) => row.status === 'drifted' || row.status === 'orphaned' || row.status === 'interrupted'),
    warnings: selection.warnings,
  };
  if (options.env !== undefined && config.envs[options.env]!.target.type === 'worker') {
    try {
      result.releases = await runsPerRelease(config, options.env);
    } catch (error) {
      result.warnings.push(`the runs of ${options.env} could not be read: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return result;
}

/** A worker env's runs that are not over, counted per release, the current release first (listed even with no runs). */
async function runsPerRelease(config: ProjectConfig, env: string): Promise<ReleaseRunCounts[]> {
  const current = await withLedger(await openLedgerForReading(config), async (ledger) => (ledger ? await currentRelease(ledger, env) : undefined));
  const runs = await withRunStore(await openRunStoreForReading(config), async (store) => (store ? liveRunSummaries(store, env) : []));
  const counts = new Map<string | null, ReleaseRunCounts>();
  const entry = (release: string | null) => {
    if (!counts.has(release)) counts.set(release, { release, current: release !== null && release === current?.id, queued: 0, running: 0, waiting: 0, interrupted: 0, workers: null });
    return counts.get(release)!;
  };
  if (current) entry(current.id);
  for (const run of runs) entry(run.release ?? null)[run.status as LiveStatus]++;
  const location = runStoreLocation(config);
  if (isPostgresUrl(location)) {
    const { PgWorkerRegistry } = await import('../ledger/postgres/pg-worker-registry.js');
    const registry = await PgWorkerRegistry.open(location);
    try {
      const live = await registry.liveReleases(env, workerLeaseMs(process.env));
      for (const [release, count] of live) entry(release).workers = count;
      for (const value of counts.values()) value.workers ??= 0;
    } finally {
      await registry.close();
    }
  }
  return [...counts.values()].sort((a, b) => Number(b.current) - Number(a.current));
}
