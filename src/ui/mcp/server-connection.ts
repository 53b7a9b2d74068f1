import { visible } from '../../core/visible-text.js';

/** A stdio server's program and arguments as one line, as written (`${NAME}` unexpanded), quoted where a shell would split them. */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(shellWord).join(' ');
}

function shellWord(word: string): string {
  const shown = visible(word);
  return shown !== '' && /^[\w@%+=:,./${}-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}

/** The properties of an mcp_server that say how it is reached: shown on lines of their own, env and header values never. */
const CONNECTION_KEYS: readonly string[] = ['command', 'args', 'cwd', 'env', 'url', 'headers'];

/** Left out of an mcp_server's config lines (`ca show`, the graph page): told on their own lines, without env and header values. */
export function isConnectionKey(key: string): boolean {
  return CONNECTION_KEYS.includes(key);
}
