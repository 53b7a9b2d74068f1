import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { unrulyDesk } from './support/unruly-desk.js';

const ORDER = '{"order":"ORD-1042","amountCents":4900}';

/** The desk after one checkout run, its tools' side effects in checkout.log. */
async function checkedOut(): Promise<{ desk: string; log: string; env: Record<string, string> }> {
  const desk = unrulyDesk();
  const log = path.join(desk, 'checkout.log');
  const env = { CHECKOUT_LOG: log };
  expect((await runCli(['run', 'checkout', '-p', desk, '--input', ORDER], { env })).exitCode).toBe(0);
  return { desk, log, env };
}

function editCheckout(desk: string, from: string, to: string): void {
  const file = path.join(desk, 'src', 'checkout.ts');
  const source = readFileSync(file, 'utf8');
  expect(source).toContain(from);
  writeFileSync(file, source.replace(from, to));
}

describe('ca replay: the current code against a recorded run, offline', () => {
  it('exits 0 on unchanged code without running a tool', async () => {
    const { desk, log, env } = await checkedOut();
    const before = readFileSync(log, 'utf8');
    const result = await runCli(['replay', 'last', '-p', desk], { env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^✓ identical {2}checkout \(run r_[0-9a-z]+, 2 steps\): same steps, same output; no tool or model was called$/m);
    expect(readFileSync(log, 'utf8')).toBe(before);
  });

  it('exits 1 naming the step once the flow’s steps are reordered', async () => {
    const { desk, env } = await checkedOut();
    editCheckout(
      desk,
      'const { charge } = await ctx.call(chargeCard, order);\n    await ctx.call(sendReceipt, { order: order.order, charge });',
      'const charge = `ch_${order.order}`;\n    await ctx.call(sendReceipt, { order: order.order, charge });\n    await ctx.call(chargeCard, order);',
    );
    const result = await runCli(['replay', 'last', '-p', desk, '--json'], { env });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      verdict: 'diverged',
      divergence: { step: 'checkout/send_receipt#1', message: 'at checkout/charge_card#1 the run called tool charge_card; the code now calls tool send_receipt (checkout/send_receipt#1)' },
    });
  });

  it('exits 1 when every step matches but the output is not the recorded one', async () => {
    const { desk, env } = await checkedOut();
    editCheckout(desk, 'return { order: order.order, charge };', "return { order: order.order, charge, receipt: 'emailed' };");
    const result = await runCli(['replay', 'last', '-p', desk], { env });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('every step matched, but the final output differs');
    expect(result.stdout).toContain('now       {"order":"ORD-1042","charge":"ch_ORD-1042","receipt":"emailed"}');
  });

  it('exits 1 at the step of a tool whose code changed since the run: its recorded output does not stand for the new code', async () => {
    const { desk, env, log } = await checkedOut();
    const before = readFileSync(log, 'utf8');
    editCheckout(desk, 'log(`charged ${order} ${amountCents} ${ctx.idempotencyKey}`);', 'log(`charged ${order} ${amountCents} ${ctx.idempotencyKey} (v2)`);');
    const result = await runCli(['replay', 'last', '-p', desk, '--json'], { env });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      verdict: 'diverged',
      divergence: { step: 'checkout/charge_card#1', message: expect.stringContaining('tool charge_card changed since this run: its recorded output does not stand for the new code') },
    });
    // Still offline: nothing was charged again.
    expect(readFileSync(log, 'utf8')).toBe(before);
  });

  it('an unknown run is a usage error', async () => {
    const { desk } = await checkedOut();
    const result = await runCli(['replay', 'r_nosuchrun', '-p', desk]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('-s replays the latest succeeded run of each selected node: state:modified+ against git is a check with no API key', async () => {
    const { desk, log, env } = await checkedOut();
    writeFileSync(path.join(desk, '.gitignore'), '.ca/\nnode_modules\ncheckout.log\n');
    await git(desk, 'init', '--quiet', '--initial-branch=main');
    await git(desk, 'add', '.');
    await git(desk, 'commit', '--quiet', '-m', 'desk');
    expect((await runCli(['run', 'fulfil_order', '-p', desk, '--input', ORDER], { env })).exitCode).toBe(0);
    const before = readFileSync(log, 'utf8');

    const both = await runCli(['replay', '-s', 'checkout fulfil_order refund_order', '-p', desk], { env });
    expect(both.exitCode).toBe(0);
    expect(both.stdout).toMatch(/^✓ identical {2}checkout \(run r_[0-9a-z]+, 2 steps\)/m);
    expect(both.stdout).toMatch(/^✓ identical {2}fulfil_order \(run r_[0-9a-z]+, 3 steps\)/m);
    expect(both.stdout).toMatch(/^- not replayed {2}refund_order: no succeeded run recorded$/m);
    expect(both.stdout).toMatch(/^2 replayed, 0 diverged, 1 not replayed \(3 selected\)$/m);

    editCheckout(
      desk,
      'const { charge } = await ctx.call(chargeCard, order);\n    await ctx.call(sendReceipt, { order: order.order, charge });',
      'const charge = `ch_${order.order}`;\n    await ctx.call(sendReceipt, { order: order.order, charge });\n    await ctx.call(chargeCard, order);',
    );
    const modified = await runCli(['replay', '-s', 'state:modified+', '--state', 'git:HEAD', '-p', desk, '--json'], { env });
    expect(modified.exitCode).toBe(1);
    const result = JSON.parse(modified.stdout);
    expect(result.replays.map((r: { name: string; verdict: string }) => [r.name, r.verdict])).toEqual([['checkout', 'diverged']]);
    expect(result.replays[0].divergence.step).toBe('checkout/send_receipt#1');
    expect(readFileSync(log, 'utf8')).toBe(before);
    const both2 = await runCli(['replay', 'last', '-s', 'checkout', '-p', desk]);
    expect(both2.exitCode).toBe(2);
    expect(both2.stderr).toMatch(/^error: ca replay takes a run or a selection \(-s\), not both/m);
  });
});
