import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ShowResult } from '../core/results.js';
import { childrenOf } from '../graph/traverse.js';
import { readMcpLock } from '../mcp/lock-file.js';
import { readEvalStanding } from '../eval/eval-standing.js';
import { findNode } from './find-node.js';
import { loadProject, type ProjectOptions } from './load-project.js';
import { openLedgerForReading, withLedger } from './open-project-ledger.js';
import { mcpServerShown, mcpToolShown } from './show-mcp.js';

export async function showNode(options: ProjectOptions & { name: string }): Promise<ShowResult> {
  const { config, scan, graph } = await loadProject(options);
  const node = findNode(graph, options.name);
  let source = '';
  try {
    const lines = readFileSync(path.join(config.root, node.file), 'utf8').split(/\r?\n/);
    source = lines.slice(node.line - 1, node.endLine).join('\n');
  } catch {
    // The file changed or vanished since discovery: show the rest anyway.
  }
  const deployments: ShowResult['deployments'] = await withLedger(await openLedgerForReading(config), async (ledger) => {
    const found: ShowResult['deployments'] = [];
    for (const env of Object.keys(config.envs)) {
      // What is live is the latest succeeded version; a later pending or failed attempt is noted.
      const live = ledger && (await ledger.latestSucceeded(env)).find((r) => r.node === node.name);
      const last = ledger && (await ledger.latest(env)).find((r) => r.node === node.name);
      const row = live ?? last;
      if (!row) continue;
      const outcome = last && live && last.version !== live.version ? `${row.outcome} (v${last.version} ${last.outcome})` : row.outcome;
      found.push({ env, version: row.version, outcome, artifactHash: row.artifactHash, time: row.time, actor: row.actor });
    }
    return found;
  });
  // ca.mcp.lock, read as a file: static, like everything `show` says (no server is started).
  const lock = node.mcp !== undefined || node.kind === 'mcp_server' ? readMcpLock(config.root) : undefined;
  const mcpTool = lock && mcpToolShown(node, lock);
  // Its eval files and their latest outcome: read, never run.
  const standing = readEvalStanding(config.root);
  const evals = standing.get(node.name) ?? (node.localName === undefined ? undefined : standing.get(node.localName));
  return {
    node,
    deployments,
    source,
    usedBy: childrenOf(graph, node.name),
    diagnostics: scan.diagnostics.filter((d) => d.node === node.name),
    ...(mcpTool ? { mcpTool } : {}),
    ...(lock && node.kind === 'mcp_server' ? { mcpServer: mcpServerShown(node, scan.nodes, lock) } : {}),
    ...(evals && evals.files.length > 0 ? { evals } : {}),
  };
}
