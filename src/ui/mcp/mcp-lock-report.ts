import type { McpLockResult, McpLockServer } from '../../core/results.js';
import { visible } from '../../core/visible-text.js';
import type { Colors } from '../colors.js';

/** `ca mcp lock`: a line per server (what it is, its tools, what changed), then what became of the lock file. */
export function renderMcpLock(result: McpLockResult, c: Colors): string[] {
  const lines = result.servers.map((server) => serverLine(server, result.check, c));
  const failed = result.servers.filter((server) => server.status === 'failed').length;
  const differs = result.servers.some((server) => server.status === 'locked' || server.status === 'removed');
  if (result.check) {
    lines.push(differs ? c.red(`${result.lockFile} is not current: run ca mcp lock and commit it`) : failed > 0 ? c.red(`${failed} server${failed === 1 ? '' : 's'} could not be asked`) : c.green(`${result.lockFile} is current`));
  } else if (result.written) {
    lines.push(`wrote ${result.lockFile}${failed > 0 ? c.red(` (${failed} server${failed === 1 ? '' : 's'} failed: their old entries are kept)`) : ''}`);
  } else if (failed === result.servers.length) {
    lines.push(c.red(`${result.lockFile} not written: no server could be asked`));
  } else {
    // The servers that answered listed what the lock holds; the failed ones keep their old entries.
    lines.push(`${c.dim(`${result.lockFile} unchanged`)}${failed > 0 ? c.red(` (${failed} server${failed === 1 ? '' : 's'} failed: ${failed === 1 ? 'its old entry is' : 'their old entries are'} kept)`) : ''}`);
  }
  return lines;
}

function serverLine(server: McpLockServer, check: boolean, c: Colors): string {
  const name = visible(server.name);
  if (server.status === 'failed') {
    return `${c.red('✗')} ${name}  ${visible(server.error?.message ?? 'failed')}${server.error?.hint ? c.dim(` (${visible(server.error.hint)})`) : ''}`;
  }
  if (server.status === 'removed') return `${c.yellow('-')} ${name}  ${check ? 'would be removed' : 'removed'}: no longer in the project`;
  const what = server.server ? c.dim(`${visible(server.server.name)}${server.server.version ? ` ${visible(server.server.version)}` : ''}`) : '';
  const count = `${server.tools} tool${server.tools === 1 ? '' : 's'}`;
  const changes = [
    ...server.added.map((tool) => c.green(`+${visible(tool)}`)),
    ...server.changed.map((tool) => c.yellow(`~${visible(tool)}`)),
    ...server.removed.map((tool) => c.red(`-${visible(tool)}`)),
  ];
  const mark = server.status === 'unchanged' ? c.green('✓') : c.yellow('~');
  return `${mark} ${name}  ${what}  ${count}${changes.length > 0 ? `  ${changes.join(' ')}` : server.status === 'unchanged' ? c.dim('  unchanged') : ''}`;
}
