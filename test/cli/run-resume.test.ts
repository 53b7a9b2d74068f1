import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/core/journal.js';
import type { TraceEvent } from '../../src/core/trace.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { ndjson, unrulyDesk } from './support/unruly-desk.js';
import { fileLines, until } from '../helpers/until.js';

const ORDER = '{"order":"ORD-7","amountCents":4900}';


async function trace(desk: string, run = 'last'): Promise<{ run: { id: string; status: string; forkOf?: unknown }; events: TraceEvent[]; steps: JournalEntry[] }> {
  return JSON.parse((await runCli(['trace', run, '-p', desk, '--json'])).stdout);
}

/** Starts `ca run ARGS` and SIGKILLs it once `ready` holds: a crash, not a shutdown. */
async function killWhen(desk: string, args: string[], env: Record<string, string>, ready: () => boolean, what: string): Promise<void> {
  const child = execa('node', [CA_BIN, ...args, '-p', desk], { reject: false, env: { NO_COLOR: '1', ...env } });
  await until(ready, what);
  child.kill('SIGKILL');
  await child;
}

describe('ca run --resume: a run goes on from its journal (SPEC §9)', () => {
  it('a flow killed between two writes resumes to succeeded, each write having run exactly once', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const hold = path.join(desk, 'stock-confirmed');
    const env = { CHECKOUT_LOG: log, CHECKOUT_HOLD: hold };
    // Killed while it waits in the read between charge_card and ship_parcel.
    await killWhen(desk, ['run', 'fulfil_order', '--input', ORDER], env, () => fileLines(log).some((l) => l.startsWith('checked stock')), 'check_stock to start');
    const runs = JSON.parse((await runCli(['runs', '-p', desk, '--json'])).stdout).runs;
    expect(runs[0]).toMatchObject({ name: 'fulfil_order', status: 'interrupted' });

    writeFileSync(hold, '');
    const resumed = await runCli(['run', '--resume', 'last', '-p', desk], { env });
    expect(resumed.exitCode).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual({ order: 'ORD-7', charge: 'ch_ORD-7', tracking: 'tr_ORD-7' });
    expect(resumed.stderr).toContain('restored from the journal');
    expect(resumed.stderr).toContain(`run ${runs[0].id} · resumed (segment 2)`);

    const effects = fileLines(log);
    expect(effects.filter((l) => l.startsWith('charged'))).toHaveLength(1);
    expect(effects.filter((l) => l.startsWith('shipped'))).toHaveLength(1);
    // The read in flight when it died simply ran again.
    expect(effects.filter((l) => l.startsWith('checked stock'))).toHaveLength(2);

    const after = await trace(desk);
    expect(after.run).toMatchObject({ id: runs[0].id, status: 'succeeded' });
    expect(after.steps.map((s) => [s.key, s.status, s.attempts])).toEqual([
      ['fulfil_order', 'succeeded', 2],
      ['fulfil_order/charge_card#1', 'succeeded', 1],
      ['fulfil_order/check_stock#1', 'succeeded', 2],
      ['fulfil_order/ship_parcel#1', 'succeeded', 1],
    ]);
    // One stream, two segments: the first ends interrupted, the second begins with run.resumed.
    expect(after.events.filter((e) => e.type === 'run.ended').map((e) => (e as { status: string }).status)).toEqual(['interrupted', 'succeeded']);
    expect(after.events.find((e) => e.type === 'run.resumed')).toMatchObject({ segment: 2, from: 'interrupted' });
    expect(new Set(after.events.map((e) => e.seq)).size).toBe(after.events.length);
    const tree = await runCli(['trace', 'last', '-p', desk]);
    expect(tree.stdout).toMatch(/resumed \(segment 2\) after the run was interrupted/);
  });

  it('a write that started and did not finish stops the resume; --retry-step or --skip-step decide', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const relay = path.join(desk, 'relay-up');
    const env = { CHECKOUT_LOG: log, CHECKOUT_RELEASE: relay };
    await killWhen(desk, ['run', 'checkout', '--input', ORDER], env, () => fileLines(log).some((l) => l.startsWith('sending receipt')), 'send_receipt to start');
    writeFileSync(relay, '');

    const stopped = await runCli(['run', '--resume', 'last', '-p', desk], { env });
    expect(stopped.exitCode).toBe(1);
    expect(stopped.stderr).toMatch(/write tool send_receipt started but the run stopped before it finished; it may have done its work, and ca never runs a write twice blindly \(at checkout\/send_receipt#1\)/);
    expect(stopped.stderr).toMatch(/--retry-step checkout\/send_receipt#1 {3}or {3}--skip-step checkout\/send_receipt#1 --output JSON/);
    expect(fileLines(log).filter((l) => l.startsWith('sending receipt'))).toHaveLength(1);

    const misuse = await runCli(['run', '--resume', 'last', '--retry-step', 'checkout/charge_card#1', '-p', desk], { env });
    expect(misuse.exitCode).toBe(2);
    expect(misuse.stderr).toMatch(/^error: --retry-step checkout\/charge_card#1: that step succeeded \(steps in doubt in run r_[0-9a-z]+: checkout\/send_receipt#1\)$/m);

    const retried = await runCli(['run', '--resume', 'last', '--retry-step', 'checkout/send_receipt#1', '-p', desk], { env });
    expect(retried.exitCode).toBe(0);
    const sends = fileLines(log).filter((l) => l.startsWith('sending receipt'));
    // The same idempotency key on both attempts: the outside system can tell it is the same step.
    expect(sends).toHaveLength(2);
    expect(sends[0]!.split(' ').at(-1)).toBe(sends[1]!.split(' ').at(-1));
    expect(fileLines(log).filter((l) => l.startsWith('charged'))).toHaveLength(1);
  });

  it('--skip-step takes the step as done with the output given, and runs nothing for it', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const env = { CHECKOUT_LOG: log, CHECKOUT_RELEASE: path.join(desk, 'relay-up') };
    await killWhen(desk, ['run', 'checkout', '--input', ORDER], env, () => fileLines(log).some((l) => l.startsWith('sending receipt')), 'send_receipt to start');
    const skipped = await runCli(['run', '--resume', 'last', '--skip-step', 'checkout/send_receipt#1', '--output', '{"sent":true}', '-p', desk], { env });
    expect(skipped.exitCode).toBe(0);
    expect(skipped.stderr).toContain('skipped by --skip-step: its output was given by hand');
    expect(fileLines(log).filter((l) => l.startsWith('sending receipt'))).toHaveLength(1);
    const { steps } = await trace(desk);
    expect(steps.find((s) => s.key === 'checkout/send_receipt#1')).toMatchObject({ status: 'succeeded', output: { sent: true } });
  });

  it('refuses what it cannot do in one line: a succeeded run, another name, an unknown run or step, a node that is gone', async () => {
    const desk = unrulyDesk();
    const env = { CHECKOUT_LOG: path.join(desk, 'checkout.log') };
    expect((await runCli(['run', 'checkout', '--input', ORDER, '-p', desk], { env })).exitCode).toBe(0);
    const done = await runCli(['run', '--resume', 'last', '-p', desk], { env });
    expect(done.exitCode).toBe(2);
    expect(done.stderr).toMatch(/^error: run r_[0-9a-z]+ \(checkout\) succeeded: there is nothing to resume \(start a new run with ca run checkout, or try another path from one of its steps with ca run --fork r_[0-9a-z]+ --from STEP\)$/m);
    const other = await runCli(['run', 'fulfil_order', '--resume', 'last', '-p', desk], { env });
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toMatch(/^error: run r_[0-9a-z]+ is a run of checkout, not fulfil_order/m);
    const unknown = await runCli(['run', '--resume', 'r_nope', '-p', desk], { env });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^error: no run 'r_nope' in /m);
    const nameless = await runCli(['run', '-p', desk]);
    expect(nameless.exitCode).toBe(2);
    expect(nameless.stderr).toMatch(/^error: ca run needs the name of the node to run/m);

    await killWhen(desk, ['run', 'checkout', '--input', ORDER], { ...env, CHECKOUT_RELEASE: path.join(desk, 'never') }, () => fileLines(env.CHECKOUT_LOG).some((l) => l.startsWith('sending')), 'send_receipt');
    const file = path.join(desk, 'src', 'checkout.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("name: 'checkout',", "name: 'checkout_v2',"));
    const gone = await runCli(['run', '--resume', 'last', '-p', desk], { env });
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toMatch(/^error: run r_[0-9a-z]+ is a run of checkout, which is no longer in the project \(restore its definition to go on, or start a run of another node\)$/m);
    for (const result of [done, other, unknown, gone]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a step asked for with another input than recorded is a divergence; --from-divergence runs live from there', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const env = { CHECKOUT_LOG: log, CHECKOUT_HOLD: path.join(desk, 'hold') };
    await killWhen(desk, ['run', 'fulfil_order', '--input', ORDER], env, () => fileLines(log).some((l) => l.startsWith('checked stock')), 'check_stock');
    const file = path.join(desk, 'src', 'checkout.ts');
    const source = readFileSync(file, 'utf8');
    const fulfil = 'const { charge } = await ctx.call(chargeCard, order);\n    await ctx.call(checkStock';
    expect(source).toContain(fulfil);
    writeFileSync(file, source.replace(fulfil, fulfil.replace('ctx.call(chargeCard, order)', 'ctx.call(chargeCard, { ...order, amountCents: order.amountCents + 100 })')));
    writeFileSync(env.CHECKOUT_HOLD, '');

    const diverged = await runCli(['run', '--resume', 'last', '-p', desk], { env });
    expect(diverged.exitCode).toBe(1);
    // The code change is said before anything runs, with the fingerprints that differ.
    expect(diverged.stderr).toMatch(/^warning: the code changed since run r_[0-9a-z]+ started: fulfil_order \([0-9a-f]{8} → [0-9a-f]{8}\); /m);
    expect(diverged.stderr).toMatch(/charge_card is called with another input than when run r_[0-9a-z]+ recorded it \(recorded [0-9a-f]{12}, now [0-9a-f]{12}\) \(at fulfil_order\/charge_card#1\)/);
    expect(diverged.stderr).toMatch(/--from-divergence/);
    expect(fileLines(log).filter((l) => l.startsWith('charged'))).toHaveLength(1);

    const live = await runCli(['run', '--resume', 'last', '--from-divergence', '-p', desk], { env });
    expect(live.exitCode).toBe(0);
    expect(fileLines(log).filter((l) => l.startsWith('charged'))).toEqual([expect.stringMatching(/^charged ORD-7 4900 /), expect.stringMatching(/^charged ORD-7 5000 /)]);
  });
});

describe('--approve park and ca approve', () => {
  const REFUND = '{"order":"ORD-8","amountCents":1200}';

  it('parks at the approval (exit 4, nothing gated runs); ca approve then --resume runs the refund once', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const env = { CHECKOUT_LOG: log };
    const parked = await runCli(['run', 'refund_order', '--input', REFUND, '--approve', 'park', '-p', desk], { env });
    expect(parked.exitCode).toBe(4);
    expect(parked.stdout).toBe('');
    expect(parked.stderr).toMatch(/hint: answer with ca approve r_[0-9a-z]+ \(or --deny\), then go on with ca run --resume r_[0-9a-z]+/);
    expect(fileLines(log)).toEqual([]);

    const runs = await runCli(['runs', '-p', desk]);
    expect(runs.stdout).toMatch(/refund_order\s+flow\s+waiting\s+.*waiting for approval: refund 1200 cents on ORD-8/);
    expect((await runCli(['ls', '-s', 'result:waiting', '-p', desk])).stdout).toMatch(/^name\s+kind\s+tags\s+location\nrefund_order\s+flow\s/);
    const resumedEarly = await runCli(['run', '--resume', 'last', '--approve', 'park', '-p', desk], { env });
    expect(resumedEarly.exitCode).toBe(4);
    expect(fileLines(log)).toEqual([]);

    const approved = await runCli(['approve', 'last', '-m', 'within policy', '-p', desk], { env: { CA_ACTOR: 'dana' } });
    expect(approved.exitCode).toBe(0);
    expect(approved.stdout).toMatch(/^approved refund_order\/approve#1: "refund 1200 cents on ORD-8" \(run r_[0-9a-z]+, by dana\)$/m);
    const again = await runCli(['approve', 'last', '-p', desk]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/^error: run r_[0-9a-z]+ waits, but its journal has no unanswered approval/m);

    const resumed = await runCli(['run', '--resume', 'last', '-p', desk], { env });
    expect(resumed.exitCode).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual({ order: 'ORD-8', refunded: 're_ORD-8' });
    expect(resumed.stderr).toContain('approved by dana (ca approve): within policy; restored from the journal');
    expect(fileLines(log).filter((l) => l.startsWith('refunded'))).toHaveLength(1);
    const { steps } = await trace(desk);
    expect(steps.find((s) => s.kind === 'approval')).toMatchObject({ status: 'succeeded', input: { prompt: 'refund 1200 cents on ORD-8' }, output: { approved: true, by: 'dana', note: 'within policy' } });
    const late = await runCli(['approve', 'last', '-p', desk]);
    expect(late.exitCode).toBe(2);
    expect(late.stderr).toMatch(/^error: run r_[0-9a-z]+ \(refund_order\) is succeeded, not waiting for an approval/m);
  });

  it('--deny takes the denied branch', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    expect((await runCli(['run', 'refund_order', '--input', REFUND, '--approve', 'park', '-p', desk], { env: { CHECKOUT_LOG: log } })).exitCode).toBe(4);
    const denied = await runCli(['approve', 'last', '--deny', '--json', '-p', desk], { env: { CA_ACTOR: 'sam' } });
    expect(JSON.parse(denied.stdout)).toMatchObject({ approved: false, by: 'sam', step: 'refund_order/approve#1', next: expect.stringMatching(/^ca run --resume r_/) });
    const resumed = await runCli(['run', '--resume', 'last', '-p', desk], { env: { CHECKOUT_LOG: log } });
    expect(resumed.exitCode).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual({ order: 'ORD-8', refunded: false });
    expect(fileLines(log)).toEqual(['denied ORD-8']);
  });
});

describe('forks and session turns', () => {
  it('--fork reuses the journal up to the step and runs live from there, as a new run that names its parent', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const env = { CHECKOUT_LOG: log };
    expect((await runCli(['run', 'fulfil_order', '--input', ORDER, '-p', desk], { env })).exitCode).toBe(0);
    const parent = (await trace(desk)).run.id;
    const fork = await runCli(['run', '--fork', parent, '--from', 'fulfil_order/ship_parcel#1', '--json', '-p', desk], { env });
    expect(fork.exitCode).toBe(0);
    const started = ndjson(fork.stdout)[0]!;
    expect(started).toMatchObject({ type: 'run.started', forkOf: { runId: parent, step: 'fulfil_order/ship_parcel#1' } });
    expect(started.runId).not.toBe(parent);
    expect(fileLines(log).filter((l) => l.startsWith('charged'))).toHaveLength(1);
    const ships = fileLines(log).filter((l) => l.startsWith('shipped'));
    // A fork is a new run: its write gets its own idempotency key.
    expect(ships).toHaveLength(2);
    expect(ships[0]!.split(' ').at(-1)).not.toBe(ships[1]!.split(' ').at(-1));
    const forked = await trace(desk, started.runId);
    expect(forked.run.forkOf).toEqual({ runId: parent, step: 'fulfil_order/ship_parcel#1' });
    expect(forked.steps.map((s) => [s.key, s.status])).toEqual([
      ['fulfil_order', 'succeeded'],
      ['fulfil_order/charge_card#1', 'succeeded'],
      ['fulfil_order/check_stock#1', 'succeeded'],
      ['fulfil_order/ship_parcel#1', 'succeeded'],
    ]);
    const tree = await runCli(['trace', started.runId, '-p', desk]);
    expect(tree.stdout.split('\n')[0]).toContain(`fork of ${parent} from fulfil_order/ship_parcel#1`);
    const unknown = await runCli(['run', '--fork', parent, '--from', 'fulfil_order/nope#1', '-p', desk]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^error: --from fulfil_order\/nope#1: run r_[0-9a-z]+ has no such step \(its steps include: fulfil_order\/charge_card#1, /m);
  });

  it('a session turn killed mid-way resumes inside its session, which moves on once', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const env = { CHECKOUT_LOG: log, CHECKOUT_HOLD: path.join(desk, 'hold') };
    expect((await runCli(['trigger', 'billing_desk', '--session', 'T-9', 'hello', '-p', desk], { env })).exitCode).toBe(0);
    await killWhen(desk, ['trigger', 'billing_desk', '--session', 'T-9', 'fulfil ORD-9'], env, () => fileLines(log).some((l) => l.startsWith('checked stock')), 'check_stock');
    writeFileSync(env.CHECKOUT_HOLD, '');
    const resumed = await runCli(['run', '--resume', 'last', '-p', desk], { env });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout.trim()).toBe('handled 2: fulfil ORD-9');
    expect(fileLines(log).filter((l) => /^(charged|shipped)/.test(l))).toHaveLength(2);
    const next = await runCli(['trigger', 'billing_desk', '--session', 'T-9', 'bye', '-p', desk], { env });
    expect(next.stdout.trim()).toBe('handled 3: bye');
  });
});

/** The latest run in a store file and its journal rows, read as they are on disk. */
function journalOf(file: string): { runId: string; steps: { key: string; kind: string; status: string; idempotency_key: string }[] } | undefined {
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const run = db.prepare('SELECT id FROM runs ORDER BY started_at DESC LIMIT 1').get() as { id: string } | undefined;
    if (!run) return undefined;
    return { runId: run.id, steps: db.prepare('SELECT key, kind, status, idempotency_key FROM steps WHERE run_id = ? ORDER BY seq').all(run.id) as never };
  } finally {
    db.close();
  }
}

describe('SIGKILL at random points', () => {
  it('never loses a completed step and never runs a write twice, whatever the moment', async () => {
    const entries = 40;
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const env = { CHECKOUT_LOG: log };
    // Seeded, so every machine kills at the same kinds of moment: some during start-up or a
    // resume's set-up, most a few entries further into the batch and a few milliseconds into a step.
    let seed = 20261207;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let args = ['run', 'post_batch', '--input', `{"entries":${entries}}`];
    let kills = 0;
    const decisions = { retried: 0, skipped: 0 };
    for (let round = 0; round < 40; round++) {
      const child = execa('node', [CA_BIN, ...args, '-p', desk], { reject: false, env: { NO_COLOR: '1', ...env } });
      if (kills < 6) {
        const target = fileLines(log).length + 1 + Math.floor(random() * 6);
        const early = random() < 0.25;
        const extra = random() * 8;
        void (async () => {
          const deadline = Date.now() + 20_000;
          while (!early && fileLines(log).length < target && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
          await new Promise((resolve) => setTimeout(resolve, early ? 200 + random() * 600 : extra));
          child.kill('SIGKILL');
        })();
      }
      const result = await child;
      if (result.signal === 'SIGKILL') kills++;
      if (result.exitCode === 0) break;
      // Read straight from the store between rounds (a CLI call each time would double the test's length).
      const recorded = journalOf(path.join(desk, '.ca', 'runs.db'));
      // Killed before the run was even recorded: start it again.
      if (!recorded) continue;
      const doubt = recorded.steps.find((s) => s.kind === 'tool' && (s.status === 'started' || s.status === 'cancelled'));
      args = ['run', '--resume', recorded.runId];
      if (doubt && result.exitCode === 1) {
        // What a person would do: look in the outside world (the log) for the step's idempotency key.
        const done = fileLines(log).find((l) => l.endsWith(` ${doubt.idempotency_key}`));
        if (done) decisions.skipped++;
        else decisions.retried++;
        args.push(...(done ? ['--skip-step', doubt.key, '--output', JSON.stringify({ posted: Number(done.split(' ')[1]) })] : ['--retry-step', doubt.key]));
      }
    }
    const { run, steps } = await trace(desk);
    expect(run.status).toBe('succeeded');
    expect(kills).toBeGreaterThanOrEqual(5);
    // Some kills left a write in doubt, and the resume stopped at it rather than guessing.
    expect(decisions.retried + decisions.skipped).toBeGreaterThan(0);
    const posted = fileLines(log).map((l) => Number(l.split(' ')[1]));
    expect(posted.sort((a, b) => a - b)).toEqual(Array.from({ length: entries }, (_, i) => i));
    expect(steps.filter((s) => s.kind === 'tool').every((s) => s.status === 'succeeded')).toBe(true);
    expect(steps.find((s) => s.key === 'post_batch')?.output).toEqual({ posted: entries });
  }, 180_000);
});
