import { createInterface } from 'node:readline/promises';

/** A yes/no question on the terminal; only offered when stdin and stderr are TTYs. */
export function terminalConfirm(question: string): (() => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async () => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`${question} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
