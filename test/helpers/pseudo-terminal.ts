import { spawnSync } from 'node:child_process';

/** util-linux `script` gives a command a pseudo-terminal (BSD/macOS `script` takes other flags). */
export const HAS_SCRIPT = /util-linux/.test(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '');

/**
 * The argv that runs `words` on a pseudo-terminal: `script -qfec 'exec …' /dev/null`. The `exec`
 * matters: `script` runs the command through $SHELL, and where that is dash (CI, with SHELL unset
 * or /bin/sh) the shell stays as the parent, catches the Ctrl-C typed on the terminal too and
 * dies of it (exit 130) whatever the CLI itself did. With exec the CLI is the terminal's process.
 */
export function onPseudoTerminal(words: readonly string[]): [string, ...string[]] {
  return ['script', '-qfec', `exec ${words.map(shellQuote).join(' ')}`, '/dev/null'];
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
