import { shortRelease } from '../../core/release.js';
import type { DeployResult, PlanEntry, PlanRun } from '../../core/results.js';
import type { Colors } from '../colors.js';
import { displayName } from '../../core/node-name.js';
import { visible, visibleLines } from '../../core/visible-text.js';

const SYMBOLS: Record<PlanEntry['action'], string> = { new: '+', changed: '~', interrupted: '!', forced: '~', unchanged: ' ' };

/** Like `terraform plan`: one line per node to publish, a count of the unchanged, a summary. */
export function renderPlan(result: Pick<DeployResult, 'env' | 'target' | 'plan'>, c: Colors): string {
  const colour = (action: PlanEntry['action']) =>
    action === 'new' ? c.green : action === 'changed' || action === 'forced' ? c.yellow : action === 'interrupted' ? c.red : c.dim;
  const lines = [`${c.bold(`Plan for ${result.env}`)} ${c.dim(`(${visible(result.target)})`)}`, ''];
  const publish = result.plan.filter((entry) => entry.action !== 'unchanged');
  for (const entry of publish) {
    const paint = colour(entry.action);
    const why =
      entry.action === 'new'
        ? 'new'
        : entry.action === 'interrupted'
          ? `republish: the last deploy (v${entry.deployedVersion ?? '?'}) was interrupted`
          : entry.action === 'forced'
            ? 'republish (--force)'
            : `changed: ${entry.changes.join(', ')}`;
    // For an interrupted node the version is the one that never finished: the reason already names it.
    const version = entry.deployedVersion === null || entry.action === 'interrupted' ? '' : c.dim(` (deployed v${entry.deployedVersion})`);
    lines.push(`  ${paint(SYMBOLS[entry.action])} ${paint(displayName(entry.node))} ${c.dim(entry.kind)}  ${why}${version}  ${c.dim(entry.artifactHash.slice(0, 12))}`);
    for (const line of stayingRunLines(entry.runs ?? [])) lines.push(`      ${c.cyan(line)}`);
  }
  const unchanged = result.plan.length - publish.length;
  if (result.plan.length === 0) lines.push(c.dim('  No deployable node (flow, agent, session) in the selection.'));
  else if (publish.length === 0) lines.push(c.green('  No changes: everything selected is deployed as it is in the code.'));
  lines.push('');
  const count = (action: PlanEntry['action']) => result.plan.filter((entry) => entry.action === action).length;
  lines.push(
    `Plan: ${count('new')} new, ${count('changed') + count('forced')} to republish as changed, ${count('interrupted')} interrupted, ${unchanged} unchanged.`,
  );
  return lines.join('\n');
}

/**
 * "3 runs waiting at refund_flow/approve#1 stay on release 41c2ab12cd34": the runs a deploy leaves
 * on their release, grouped by where they stand (SPEC §14).
 */
export function stayingRunLines(runs: readonly PlanRun[]): string[] {
  const groups = new Map<string, PlanRun[]>();
  for (const run of runs) {
    const key = `${run.status}\u0000${run.step ?? ''}\u0000${run.release ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const { status, step, release } = group[0]!;
    const count = `${group.length} run${group.length === 1 ? '' : 's'}`;
    const where = status === 'queued' ? 'queued' : status === 'waiting' ? `waiting at ${visible(step ?? 'an approval')}` : status === 'running' ? `in flight${step ? ` at ${visible(step)}` : ''}` : `interrupted${step ? ` at ${visible(step)}` : ''}`;
    const stays = release ? ` stay${group.length === 1 ? 's' : ''} on release ${shortRelease(release)}` : ' (no release: queued before the env had one)';
    const ids = group.length <= 3 ? ` (${group.map((run) => run.runId).join(', ')})` : '';
    return `${count} ${where}${stays}${ids}`;
  });
}

export function renderDeployOutcome(result: DeployResult, c: Colors): string {
  const lines: string[] = [];
  for (const item of result.published) lines.push(`${c.green('✔')} ${displayName(item.node)} v${item.version} ${c.dim(`→ ${visible(item.location)}`)}`);
  if (result.failed) lines.push(`${c.red('✖')} ${displayName(result.failed.node)} v${result.failed.version}: ${visibleLines(result.failed.message)}`);
  if (result.skipped.length) lines.push(c.dim(`not attempted after the failure: ${result.skipped.map(displayName).join(', ')}`));
  if (!result.failed && result.published.length > 0) lines.push(c.green(`Deployed ${result.published.length} node${result.published.length === 1 ? '' : 's'} to ${result.env}.`));
  if (result.release) {
    const { id, previous, nodes } = result.release;
    const was = previous === null ? 'its first' : previous === id ? 'unchanged' : `was ${shortRelease(previous)}`;
    lines.push(`Release ${c.bold(shortRelease(id))} of ${result.env} ${c.dim(`(${nodes} node${nodes === 1 ? '' : 's'}; ${was}): ca worker --env ${result.env} serves it`)}`);
  }
  return lines.join('\n');
}
