import { createInterface } from 'node:readline/promises';
import type { ApprovalMode, Approver } from '../core/approval.js';

/**
 * SPEC §7: `ctx.approve` asks on a TTY; elsewhere it denies unless `--approve all`. `pause` and
 * `resume` let the live trace step aside while the question is on screen.
 */
export function createApprover(mode: ApprovalMode, screen: { pause?(): void; resume?(): void } = {}): Approver {
  if (mode === 'all') return async () => true;
  if (mode === 'park') return async () => 'park';
  if (mode === 'none' || !process.stdin.isTTY || !process.stderr.isTTY) return async () => false;
  return async (request, signal) => {
    screen.pause?.();
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const where = request.path.length > 1 ? ` (${request.path.slice(0, -1).join(' › ')})` : '';
      const answer = await rl.question(`approve: ${request.prompt}${where} [y/N] `, { signal });
      return /^y(es)?$/i.test(answer.trim());
    } catch {
      return false;
    } finally {
      rl.close();
      screen.resume?.();
    }
  };
}
