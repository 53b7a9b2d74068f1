import { execa, type ResultPromise } from 'execa';
import { onPseudoTerminal } from '../../helpers/pseudo-terminal.js';
import { CA_BIN } from '../../helpers/run-cli.js';
import { REPO_ROOT } from '../../helpers/temp-project.js';

const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

export interface Terminal {
  /** Types text (use \r for Enter, \x03 for Ctrl-C, \x04 for Ctrl-D). */
  type(text: string): void;
  /** Waits until the screen (ANSI stripped) has matched `pattern` `times` times in all. */
  waitFor(pattern: string | RegExp, times?: number): Promise<void>;
  /** Everything written to the terminal so far, ANSI codes and carriage returns stripped. */
  screen(): string;
  exited: Promise<{ exitCode: number; screen: string }>;
}

/**
 * `ca ARGS` on a pseudo-terminal, through util-linux `script`: stdin, stdout and stderr are a TTY
 * for the CLI, as when a person runs it, and the test types into it.
 */
export function caOnTerminal(args: string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Terminal {
  const [script, ...scriptArgs] = onPseudoTerminal([process.execPath, CA_BIN, ...args]);
  const child: ResultPromise = execa(script, scriptArgs, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { NO_COLOR: '1', TERM: 'xterm', COLUMNS: '200', ...options.env },
    reject: false,
    timeout: options.timeoutMs ?? 30_000,
  });
  let raw = '';
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const screen = () => raw.replace(ANSI, '').replace(/\r/g, '');
  child.stdout!.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    for (const waiter of [...waiters]) {
      if (waiter.test()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const exited = child.then((result) => ({ exitCode: result.exitCode ?? -1, screen: screen() }));
  return {
    type: (text) => child.stdin!.write(text),
    screen,
    exited,
    waitFor(pattern, times = 1) {
      const count = () => {
        const text = screen();
        if (typeof pattern === 'string') return text.split(pattern).length - 1;
        return [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))].length;
      };
      return new Promise<void>((resolve, reject) => {
        if (count() >= times) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(pattern)} ×${times}; the screen:\n${screen()}`)), 15_000);
        waiters.push({ test: () => count() >= times, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => {
          clearTimeout(timer);
          if (count() >= times) resolve();
          else reject(new Error(`ca exited before ${String(pattern)} ×${times}; the screen:\n${screen()}`));
        });
      });
    },
  };
}
