import Table from 'cli-table3';
import type { NodeStatus } from '../../core/deployment.js';
import type { ReleaseRunCounts, StatusResult } from '../../core/results.js';
import { shortRelease } from '../../core/release.js';
import type { Colors } from '../colors.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from '../borderless-table.js';
import { displayName } from '../../core/node-name.js';
import { visible } from '../../core/visible-text.js';


function paint(status: NodeStatus, c: Colors): string {
  if (status === 'in-sync') return c.green(status);
  if (status === 'drifted' || status === 'interrupted' || status === 'orphaned') return c.red(status);
  if (status === 'deploying') return c.yellow(status);
  return c.dim(status);
}

/** One env: a row per node with status, what changed, version, hash, when and who. Several envs: a node × env matrix. */
export function renderStatus(result: StatusResult, c: Colors): string {
  const style = PLAIN_STYLE;
  let table: Table.Table;
  if (result.envs.length === 1) {
    table = new Table({ head: ['node', 'kind', 'status', 'changed', 'version', 'artifact', 'deployed', 'by'].map((h) => c.bold(h)), chars: BORDERLESS_CHARS, style });
    for (const row of result.rows) {
      table.push([
        displayName(row.node),
        row.kind ?? c.dim('-'),
        paint(row.status, c),
        row.changes.join(', ') || c.dim('-'),
        row.version === null ? c.dim('-') : `v${row.version}`,
        row.artifactHash === null ? c.dim('-') : row.artifactHash.slice(0, 12),
        row.time === null ? c.dim('-') : row.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        row.actor === null ? c.dim('-') : visible(row.actor),
      ]);
    }
  } else {
    table = new Table({ head: ['node', ...result.envs].map((h) => c.bold(h)), chars: BORDERLESS_CHARS, style });
    const nodes = [...new Set(result.rows.map((row) => row.node))].sort();
    for (const node of nodes) {
      table.push([
        displayName(node),
        ...result.envs.map((env) => {
          const row = result.rows.find((r) => r.node === node && r.env === env);
          if (!row) return c.dim('-');
          const version = row.version === null ? '' : c.dim(` v${row.version}`);
          return `${paint(row.status, c)}${version}`;
        }),
      ]);
    }
  }
  const count = (status: NodeStatus) => result.rows.filter((row) => row.status === status).length;
  const parts = (['in-sync', 'drifted', 'orphaned', 'interrupted', 'deploying', 'not-deployed'] as const)
    .map((status) => [status, count(status)] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  const tally = parts.join(', ') || 'no deployable nodes';
  const summary = result.drift ? c.red(`drift: ${tally}`) : count('in-sync') > 0 ? c.green(`no drift: ${tally}`) : c.dim(tally);
  const body = result.rows.length === 0 ? c.dim('no deployable nodes selected') : trimLines(table.toString());
  const releases = result.releases ? `\n\n${renderReleaseRuns(result.envs[0]!, result.releases, c)}` : '';
  return `${body}\n\n${summary}${releases}`;
}

/** `ca status --env E` of a worker env: its runs that are not over, per release, and who serves each. */
export function renderReleaseRuns(env: string, releases: readonly ReleaseRunCounts[], c: Colors): string {
  const table = new Table({ head: ['release', 'queued', 'running', 'waiting', 'interrupted', 'workers'].map((h) => c.bold(h)), chars: BORDERLESS_CHARS, style: PLAIN_STYLE });
  for (const entry of releases) {
    const name = entry.release === null ? c.dim('(none)') : `${shortRelease(entry.release)}${entry.current ? c.green(' current') : ''}`;
    const stranded = entry.workers === 0 && entry.queued + entry.interrupted > 0;
    const count = (n: number) => (n === 0 ? c.dim('0') : String(n));
    table.push([name, count(entry.queued), count(entry.running), count(entry.waiting), count(entry.interrupted), entry.workers === null ? c.dim('?') : stranded ? c.yellow(`${entry.workers}`) : String(entry.workers)]);
  }
  const stranded = releases.filter((entry) => entry.workers === 0 && entry.queued + entry.interrupted > 0 && entry.release !== null);
  const notes = stranded.map((entry) => c.yellow(`release ${shortRelease(entry.release!)} has runs waiting and no live worker: start one from its code (ca worker --env ${env}) or move them (ca run --resume RUN --upgrade)`));
  return [c.bold(`Runs of ${env} by release`), trimLines(table.toString()), ...notes].join('\n');
}
