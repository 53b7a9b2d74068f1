import type { ProjectConfig } from '../config/project-config.js';
import { isDeployable } from '../core/node.js';
import type { PageDeployment } from '../core/results.js';
import { compareDeployed } from '../deploy/drift.js';
import { type CaGraph, nodeOf } from '../graph/build-graph.js';
import { isProcessAlive } from '../ledger/process-liveness.js';
import { openLedgerForReading, withLedger } from './open-project-ledger.js';

/**
 * Per drawn node, where it is deployed and how that compares with the code: the same reading as
 * `ca status` (latest succeeded row, drift from fingerprints, a pending row as deploying or
 * interrupted). Empty when there is no ledger: reading never creates one.
 */
export async function pageDeployments(config: ProjectConfig, graph: CaGraph, drawn: readonly string[]): Promise<Record<string, PageDeployment[]>> {
  const envs = Object.keys(config.envs);
  const deployables = drawn.filter((name) => isDeployable(nodeOf(graph, name)));
  const result: Record<string, PageDeployment[]> = {};
  if (envs.length === 0 || deployables.length === 0) return result;
  await withLedger(await openLedgerForReading(config), async (ledger) => {
    if (!ledger) return;
    for (const env of envs) {
      const latest = new Map((await ledger.latest(env)).map((row) => [row.node, row]));
      const succeeded = new Map((await ledger.latestSucceeded(env)).map((row) => [row.node, row]));
      const running = await ledger.deployInProgress(env);
      for (const name of deployables) {
        const last = latest.get(name);
        const good = succeeded.get(name);
        let entry: PageDeployment | undefined;
        if (last?.outcome === 'pending') {
          const status = (running ?? isProcessAlive(last.pid, last.host, last.time)) ? 'deploying' : 'interrupted';
          entry = { env, version: last.version, status, changes: [], artifactHash: last.artifactHash, time: last.time, actor: last.actor };
        } else if (good) {
          const drift = compareDeployed({ node: nodeOf(graph, name), graph }, good);
          entry = { env, version: good.version, status: drift.status, changes: drift.changes, artifactHash: good.artifactHash, time: good.time, actor: good.actor };
        }
        if (entry) (result[name] ??= []).push(entry);
      }
    }
  });
  return result;
}
