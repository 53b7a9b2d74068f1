/**
 * One `ca deploy`'s use of the ledger, as a separate process: take the env lock, write pending,
 * "publish" (sleep, or block until a release file appears), write succeeded.
 *
 *   node --import tsx deploy-once.ts '{"ledger":"FILE or postgres://…","env":"prod","node":"refunds","holdMs":50}'
 *
 * stdout lines: `waiting <holder pid>` (once, if the lock is held), `pending <id> <version>`, `done <version>`.
 */
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { openLedger } from '../../../src/ledger/open-ledger.js';
import { newDeployment } from './new-deployment.js';

interface Args {
  ledger: string;
  env: string;
  node: string;
  holdMs?: number;
  /** Hold the lock until this file exists. */
  releaseFile?: string;
  timeoutMs?: number;
  /** Skip the env lock and append this many pending/succeeded pairs as fast as possible (stresses SQLite's own locking). */
  burst?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const say = (line: string) => process.stdout.write(`${line}\n`);

const ledger = await openLedger(args.ledger);
try {
  if (args.burst) {
    for (let index = 0; index < args.burst; index++) await ledger.recordOutcome(await ledger.recordPending(newDeployment(args.env, args.node, index)), 'succeeded');
    say('done');
  } else {
    const version = await ledger.withEnvLock(
      args.env,
      async () => {
        const pending = await ledger.recordPending(newDeployment(args.env, args.node, process.pid));
        say(`pending ${pending.id} ${pending.version}`);
        if (args.holdMs) await delay(args.holdMs);
        if (args.releaseFile) while (!existsSync(args.releaseFile)) await delay(20);
        return (await ledger.recordOutcome(pending, 'succeeded')).version;
      },
      { timeoutMs: args.timeoutMs ?? 60_000, onWait: (holder) => say(`waiting ${holder.pid}`) },
    );
    say(`done ${version}`);
  }
} finally {
  await ledger.close();
}
