import { frameworkTitle } from '../core/frameworks.js';
import { effectiveConfig } from '../core/node-defaults.js';
import { packagePlace } from '../core/node-package-label.js';
import type { ShowResult } from '../core/results.js';
import type { Colors } from './colors.js';
import { formatDiagnostic } from './format-diagnostic.js';
import { displayName } from '../core/node-name.js';
import { visible } from '../core/visible-text.js';
import { isConnectionKey } from './mcp/server-connection.js';
import { mcpServerLines, mcpToolLines } from './mcp/show-mcp.js';

/** `ca show NAME` as text. */
export function renderShow(result: ShowResult, c: Colors): string {
  const { node } = result;
  const list = (names: readonly string[]) => (names.length ? names.map(displayName).join(', ') : c.dim('none'));
  const lines = [
    `${c.bold(displayName(node.name))} ${c.dim(`(${node.kind})`)}${node.displayName ? ` ${visible(node.displayName)}` : ''}`,
    node.description ? `  ${visible(node.description)}` : undefined,
    '',
    node.framework ? `  ${c.dim('framework')}    ${frameworkTitle(node.framework)} ${c.dim(`(${visible(node.frameworkKind ?? '')})`)}` : undefined,
    node.package ? `  ${c.dim('package')}      ${visible(packagePlace(node.package))}` : undefined,
    node.localName === undefined ? undefined : `  ${c.dim('local name')}   ${displayName(node.localName)}`,
    `  ${c.dim('location')}     ${visible(node.file)}:${node.line}:${node.column}`,
    `  ${c.dim('export')}       ${node.exportName}`,
    `  ${c.dim('tags')}         ${node.tags.length ? visible(node.tags.join(', ')) : c.dim('none')}`,
    `  ${c.dim('uses')}         ${list(node.uses)}`,
    node.handoffs ? `  ${c.dim('hands off to')} ${list(node.handoffs)}` : undefined,
    `  ${c.dim('used by')}      ${list(result.usedBy)}`,
    ...(result.mcpTool ? mcpToolLines(result.mcpTool, c) : []),
    ...(result.mcpServer ? mcpServerLines(node.name, result.mcpServer, c) : []),
  ];
  const config = Object.entries(effectiveConfig(node)).filter(([key]) => !(result.mcpServer && isConnectionKey(key)));
  lines.push(`  ${c.dim('config')}       ${config.length ? '' : c.dim('none')}`);
  for (const [key, value] of config) {
    lines.push(`    ${visible(key)}: ${visible(JSON.stringify(value))}${key in node.config ? '' : c.dim(' (default)')}`);
  }
  // Helpers are `file#declaration`, not node ids: shown as written, control characters made visible.
  lines.push(`  ${c.dim('helpers')}      ${node.helpers.length ? node.helpers.map(visible).join(', ') : c.dim('none')}`);
  lines.push(`  ${c.dim('fingerprints')}`);
  for (const [key, value] of Object.entries(node.fingerprints)) lines.push(`    ${key.padEnd(7)} ${value.slice(0, 16)}`);
  if (result.deployments.length === 0) lines.push(`  ${c.dim('deployments')}  ${c.dim('none recorded')}`);
  else {
    lines.push(`  ${c.dim('deployments')}`);
    for (const d of result.deployments) {
      lines.push(`    ${d.env.padEnd(10)} v${d.version} ${d.outcome} ${c.dim(`${d.artifactHash.slice(0, 12)} ${d.time} ${visible(d.actor)}`)}`);
    }
  }
  if (result.evals) {
    const latest = result.evals.latest === undefined ? c.dim('not run yet') : result.evals.latest === 'passed' ? c.green(`passed in ${result.evals.evalId}`) : c.red(`failed in ${result.evals.evalId}`);
    lines.push(`  ${c.dim('evals')}        ${result.evals.files.map(visible).join(', ')}  ${latest}`);
  }
  if (result.diagnostics.length) {
    lines.push('', ...result.diagnostics.map((d) => `  ${formatDiagnostic(d, c)}`));
  }
  if (result.source) {
    lines.push('', c.dim(`  ${visible(node.file)}:${node.line}-${node.endLine}`));
    const width = String(node.endLine).length;
    result.source.split('\n').forEach((text, index) => {
      lines.push(`  ${c.dim(String(node.line + index).padStart(width))} ${visible(text)}`);
    });
  }
  return lines.filter((line) => line !== undefined).join('\n');
}
