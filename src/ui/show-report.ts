import { effectiveConfig } from '../core/node-defaults.js';
import type { ShowResult } from '../core/results.js';
import type { Colors } from './colors.js';
import { formatDiagnostic } from './format-diagnostic.js';

/** `ca show NAME` as text. */
export function renderShow(result: ShowResult, c: Colors): string {
  const { node } = result;
  const list = (names: readonly string[]) => (names.length ? names.join(', ') : c.dim('none'));
  const lines = [
    `${c.bold(node.name)} ${c.dim(`(${node.kind})`)}`,
    node.description ? `  ${node.description}` : undefined,
    '',
    `  ${c.dim('location')}     ${node.file}:${node.line}:${node.column}`,
    `  ${c.dim('export')}       ${node.exportName}`,
    `  ${c.dim('tags')}         ${list(node.tags)}`,
    `  ${c.dim('uses')}         ${list(node.uses)}`,
    `  ${c.dim('used by')}      ${list(result.usedBy)}`,
  ];
  const config = Object.entries(effectiveConfig(node));
  lines.push(`  ${c.dim('config')}       ${config.length ? '' : c.dim('none')}`);
  for (const [key, value] of config) {
    lines.push(`    ${key}: ${JSON.stringify(value)}${key in node.config ? '' : c.dim(' (default)')}`);
  }
  lines.push(`  ${c.dim('helpers')}      ${list(node.helpers)}`);
  lines.push(`  ${c.dim('fingerprints')}`);
  for (const [key, value] of Object.entries(node.fingerprints)) lines.push(`    ${key.padEnd(7)} ${value.slice(0, 16)}`);
  if (result.deployments.length === 0) lines.push(`  ${c.dim('deployments')}  ${c.dim('none recorded')}`);
  else {
    lines.push(`  ${c.dim('deployments')}`);
    for (const d of result.deployments) {
      lines.push(`    ${d.env.padEnd(10)} v${d.version} ${d.outcome} ${c.dim(`${d.artifactHash.slice(0, 12)} ${d.time} ${d.actor}`)}`);
    }
  }
  if (result.diagnostics.length) {
    lines.push('', ...result.diagnostics.map((d) => `  ${formatDiagnostic(d, c)}`));
  }
  if (result.source) {
    lines.push('', c.dim(`  ${node.file}:${node.line}-${node.endLine}`));
    const width = String(node.endLine).length;
    result.source.split('\n').forEach((text, index) => {
      lines.push(`  ${c.dim(String(node.line + index).padStart(width))} ${text}`);
    });
  }
  return lines.filter((line) => line !== undefined).join('\n');
}
