import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '../config/project-config.js';
import { UserError } from '../core/errors.js';
import type { CaNode } from '../core/node.js';
import type { StateDiff } from '../core/state-diff.js';
import { discoverSources } from '../discovery/discover-project.js';
import { sourceFileFilter } from '../discovery/list-source-files.js';
import { withRegistryPackages } from '../discovery/read-registry-packages.js';
import { type BaselineEntry, diffNodes } from './diff-nodes.js';
import { readGitSnapshot } from './git-snapshot.js';
import { readManifest } from './read-manifest.js';
import { resolveLedgerLocation } from '../ledger/ledger-location.js';
import { isPostgresUrl } from '../core/store-location.js';
import { MCP_LOCK_FILE, parseMcpLock, type LockRead } from '../mcp/lock-file.js';

/**
 * `--state` forms: `git:<ref>` (the project at that commit, from git objects), `env:<name>` (what
 * the ledger says is deployed there), or a manifest file / folder.
 */
export async function compareWithBaseline(config: ProjectConfig, nodes: readonly CaNode[], baseline: string, cwd = process.cwd()): Promise<StateDiff> {
  const current = new Map(nodes.map((node) => [node.name, node]));
  if (baseline.startsWith('git:')) {
    const ref = baseline.slice(4);
    if (ref === '') throw new UserError('state-invalid', 'empty git ref in --state git:', { hint: 'Write --state git:origin/main, git:HEAD~1, or a commit sha.' });
    // The baseline is read with today's source rule (ca.yaml src/exclude, or without src: today's
    // tsconfig include) and today's tsconfig paths, so both sides cover the same files.
    const isSource = sourceFileFilter(config.sources);
    // ca.mcp.lock as it was then too: a tool whose locked contract changed since is modified.
    const read = await readGitSnapshot(config.root, ref, (file) => file === MCP_LOCK_FILE || isSource(file));
    const lockText = read.find((source) => source.file === MCP_LOCK_FILE)?.text;
    const sources = read.filter((source) => source.file !== MCP_LOCK_FILE);
    // Registry dependencies are not in git: the baseline reads them as installed now, so only the project's own code differs.
    const layout = withRegistryPackages(config.root, config.layout);
    const installed = layout.packages.flatMap((pkg) => pkg.files ?? []).map((file) => ({ file, text: readFileSync(path.join(config.root, file), 'utf8') }));
    const mcpLock: LockRead = lockText === undefined ? { kind: 'absent' } : parseMcpLock(lockText);
    const scan = await discoverSources(config.root, [...sources, ...installed], { pruneCache: false, layout, mcpLock });
    return diffNodes(baseline, current, new Map(scan.nodes.map((node) => [node.name, node])));
  }
  if (baseline.startsWith('env:')) {
    const env = baseline.slice(4);
    if (!(env in config.envs)) {
      const known = Object.keys(config.envs);
      throw new UserError('unknown-env', `unknown env '${env}' in --state env:${env}`, {
        hint: known.length ? `Envs in ca.yaml: ${known.join(', ')}` : 'ca.yaml defines no envs.',
      });
    }
    // What the ledger says is live there; no ledger yet means nothing is deployed: everything is new.
    // Tools and reasoners ship inside the deployed artifacts, whose rows keep their self fingerprint:
    // the newest deployment that carried one says what is live of it.
    const deployed = new Map<string, BaselineEntry>();
    const location = resolveLedgerLocation(config.ledger);
    // Loaded on use: every other verb would otherwise load SQLite (or pg) at start-up for nothing.
    const { openLedger } = await import('../ledger/open-ledger.js');
    const ledger = isPostgresUrl(location) || existsSync(location) ? await openLedger(location, { readonly: true }).catch(nothingDeployed) : undefined;
    if (ledger) {
      try {
        const rows = (await ledger.latestSucceeded(env)).sort((a, b) => a.id - b.id);
        for (const row of rows) {
          for (const [name, self] of Object.entries(row.upstream)) deployed.set(name, { fingerprints: { self } });
        }
        for (const row of rows) deployed.set(row.node, { fingerprints: row.fingerprints });
      } finally {
        await ledger.close();
      }
    }
    return diffNodes(baseline, current, deployed);
  }
  const manifest = readManifest(baseline, cwd);
  return diffNodes(baseline, current, new Map(Object.entries(manifest.nodes)));
}

/** A database without ca's schema: nothing was deployed, so everything is new against it. */
function nothingDeployed(error: unknown): undefined {
  if (error instanceof UserError && error.code === 'ledger-missing') return undefined;
  throw error;
}
