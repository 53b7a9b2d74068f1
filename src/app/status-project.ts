import { DEPLOYABLE_KINDS } from '../core/node.js';
import type { StatusResult, StatusRow } from '../core/results.js';
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
  const deployables = allNodes(graph).filter((node) => selection.selected.has(node.name) && DEPLOYABLE_KINDS.includes(node.kind));
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
  return {
    envs,
    rows,
    drift: rows.some((row) => row.status === 'drifted' || row.status === 'orphaned' || row.status === 'interrupted'),
    warnings: selection.warnings,
  };
}
