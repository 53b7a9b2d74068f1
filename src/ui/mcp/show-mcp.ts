import type { McpLockState } from '../../core/node.js';
import { displayName } from '../../core/node-name.js';
import type { McpServerShown, McpToolShown } from '../../core/results.js';
import { visible, visibleLines } from '../../core/visible-text.js';
import type { Colors } from '../colors.js';
import { commandLine } from './server-connection.js';
import { compactSchema } from './compact-schema.js';
import { LOCK_STATE_WORDS } from './lock-state-words.js';

const label = (text: string, c: Colors): string => `  ${c.dim(text.padEnd(12))} `;

/** `ca show` of an MCP tool: its server, its name there, where its lock stands, and the contract as locked. */
export function mcpToolLines(shown: McpToolShown, c: Colors): string[] {
  const locked = shown.locked;
  const server = shown.server === undefined ? c.red('not an mcpServer of the project') : displayName(shown.server);
  const lines = [
    `${label('mcp server', c)}${server}${locked ? c.dim(` (${visible(locked.server.name)} ${visible(locked.server.version)})`) : ''}`,
    `${label('mcp tool', c)}${visible(shown.tool)}`,
    `${label('lock', c)}${lockState(shown.lock, shown.lockProblem, shown.server, c)}`,
  ];
  if (!locked) return lines;
  if (locked.title !== undefined) lines.push(`${label('title', c)}${visible(locked.title)}`);
  if (locked.description !== undefined) lines.push(...block(label('description', c), locked.description));
  lines.push(`${label('input', c)}${compactSchema(locked.inputSchema)}`);
  if (locked.outputSchema !== undefined) lines.push(`${label('output', c)}${compactSchema(locked.outputSchema)}`);
  const hints = Object.entries(locked.annotations ?? {});
  if (hints.length > 0) {
    const text = hints.map(([key, value]) => `${visible(key)}: ${visible(JSON.stringify(value))}`).join(', ');
    lines.push(`${label('hints', c)}${text} ${c.dim("(the server's; ca does not trust them: effect is what you declare)")}`);
  }
  return lines;
}

/** `ca show` of an mcp_server: how it is reached, what the lock says it is, its tool nodes. */
export function mcpServerLines(name: string, shown: McpServerShown, c: Colors): string[] {
  const names = (list: readonly string[]) => list.map(visible).join(', ');
  const lines =
    shown.transport === 'http'
      ? [`${label('transport', c)}streamable HTTP`, `${label('url', c)}${visible(shown.url ?? '')}`]
      : [`${label('transport', c)}stdio`, `${label('command', c)}${commandLine(shown.command ?? '', shown.args ?? [])}`];
  if (shown.cwd !== undefined) lines.push(`${label('cwd', c)}${visible(shown.cwd)} ${c.dim('(from the project folder)')}`);
  if (shown.env.length > 0) lines.push(`${label('env', c)}${names(shown.env)}`);
  if (shown.headers.length > 0) lines.push(`${label('headers', c)}${names(shown.headers)}`);
  if (shown.variables.length > 0) lines.push(`${label('variables', c)}${names(shown.variables)} ${c.dim("(from ca's environment when it starts)")}`);
  lines.push(`${label('lock', c)}${lockState(shown.lock, shown.lockProblem, name, c)}`);
  if (shown.server) lines.push(`${label('server', c)}${visible(shown.server.name)} ${visible(shown.server.version)}`);
  const tools = shown.tools.map((tool) => {
    const own = tool.tool === tool.node ? '' : c.dim(` (${visible(tool.tool)})`);
    // A tool whose lock stands elsewhere than its server's (the lock lacks it) says so.
    const state = tool.lock === shown.lock ? '' : ` ${c.yellow(`[${LOCK_STATE_WORDS[tool.lock]}]`)}`;
    return `${displayName(tool.node)}${own}${state}`;
  });
  lines.push(`${label('mcp tools', c)}${tools.length > 0 ? tools.join(', ') : c.dim('none')}`);
  if (shown.undeclared.length > 0) lines.push(`${label('undeclared', c)}${names(shown.undeclared)} ${c.dim('(locked, no mcpTool uses them)')}`);
  return lines;
}

function lockState(state: McpLockState, problem: string | undefined, server: string | undefined, c: Colors): string {
  const words = LOCK_STATE_WORDS[state];
  if (state === 'locked') return c.green(words);
  const paint = state === 'unreadable' ? c.red : c.yellow;
  const fix = state === 'unreadable' || state === 'no-lock' || server === undefined ? 'ca mcp lock' : `ca mcp lock -s ${server}`;
  return `${paint(problem === undefined ? words : `${words}: ${visible(problem)}`)} ${c.dim(`— run ${fix}`)}`;
}

/** A server's text over several lines (descriptions often are), the first after the label, the rest under it. */
function block(lead: string, text: string): string[] {
  const [first = '', ...rest] = visibleLines(text.trim()).split('\n');
  return [`${lead}${first}`, ...rest.map((line) => `${' '.repeat(15)}${line}`.trimEnd())];
}
