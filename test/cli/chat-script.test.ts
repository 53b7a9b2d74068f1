import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatScriptResult } from '../../src/core/results.js';
import { runCli } from '../helpers/run-cli.js';
import { parseXml } from '../sessions/support/parse-xml.js';
import { NO_KEYS, runnableFixture } from '../sessions/support/ticket-desk.js';

/** A script that gets the amount wrong on its second turn. */
const WRONG_AMOUNT = `session: refund_desk
turns:
  - user: I need a refund on T-1042
    expect:
      contains: How much
  - user: "49.90"
    expect:
      contains: Refund $94.90
      state: { path: stage, equals: confirm }
  - user: "yes"
    expect:
      state: { path: stage, equals: refunded }
`;

describe('ca chat --script', () => {
  it.each(['refund_desk', 'support_chat'])('passes the fixture script of %s', async (name) => {
    const project = runnableFixture('support-desk');
    const result = await runCli(['chat', name, '--script', `src/${name}.chat.yaml`, '-p', project], { cwd: project, env: NO_KEYS });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^src/${name}\\.chat\\.yaml → ${name} \\(session s_[0-9a-z]+\\)\\n`));
    expect(result.stdout).toMatch(/\n✓ \d turns passed · \d+ms\n$/);
  });

  it('fails on a wrong expectation, naming the turn, the expectation and the actual reply (exit 1)', async () => {
    const project = runnableFixture('support-desk');
    writeFileSync(path.join(project, 'src', 'wrong.chat.yaml'), WRONG_AMOUNT);
    const result = await runCli(['chat', '--script', 'src/wrong.chat.yaml', '-p', project], { cwd: project });
    expect(result.exitCode).toBe(1);
    const out = result.stdout;
    expect(out).toContain('  ✓ turn 1  you › I need a refund on T-1042');
    expect(out).toMatch(/ {2}✗ turn 2 {2}you › 49\.90 {2}\d+ms {2}src\/wrong\.chat\.yaml:6\n {6}expected {2}reply contains "Refund \$94\.90" {2}\(line 8\)\n {6}actual {4}"Refund \$49\.90 on T-1042\? Reply yes to confirm\."\n/);
    // A state check that fails shows the value found, then the reply.
    expect(out).toMatch(/ {2}✗ turn 3 {2}you › yes .*\n {6}expected {2}state \$\.stage equals "refunded" {2}\(line 12\)\n {6}actual {4}"done"\n {6}reply {5}"Thanks\. Your \$49\.90 refund on T-1042 is with the support team\."\n {6}trace: ca trace r_/);
    expect(out).toMatch(/\n✗ 2 of 3 turns failed · \d+ms\n$/);
    // The failing turn's run is stored: ca trace shows it.
    const runId = /trace: ca trace (r_[0-9a-z]+)/.exec(out)![1]!;
    const trace = await runCli(['trace', runId, '-p', project]);
    expect(trace.stdout).toMatch(/✓ session refund_desk {2}succeeded/);
  });

  it('writes JUnit XML and JSON', async () => {
    const project = runnableFixture('support-desk');
    writeFileSync(path.join(project, 'src', 'wrong.chat.yaml'), WRONG_AMOUNT);
    const junit = await runCli(['chat', 'refund_desk', '--script', 'src/wrong.chat.yaml', '-p', project, '--format', 'junit'], { cwd: project });
    expect(junit.exitCode).toBe(1);
    const suites = parseXml(junit.stdout);
    expect(suites.attributes).toMatchObject({ name: 'ca chat', tests: '3', failures: '2' });
    const cases = suites.children[0]!.children.filter((child) => child.name === 'testcase');
    expect(cases.map((c) => [c.attributes.name, c.children.length])).toEqual([
      ['turn 1: I need a refund on T-1042', 0],
      ['turn 2: 49.90', 1],
      ['turn 3: yes', 1],
    ]);
    expect(cases[1]!.children[0]!.attributes.message).toBe('reply contains "Refund $94.90"');
    expect(cases[1]!.children[0]!.text).toContain('actual:   "Refund $49.90 on T-1042? Reply yes to confirm."');

    for (const args of [['--format', 'json'], ['--json']]) {
      const json = await runCli(['chat', '--script', 'src/wrong.chat.yaml', '-p', project, ...args], { cwd: project });
      expect(json.exitCode).toBe(1);
      const result = JSON.parse(json.stdout) as ChatScriptResult;
      expect(result).toMatchObject({ schemaVersion: 1, script: 'src/wrong.chat.yaml', name: 'refund_desk', passed: false });
      expect(result.turns.map((turn) => turn.passed)).toEqual([true, false, false]);
      expect(result.turns[1]!.checks.find((check) => !check.passed)).toMatchObject({ kind: 'contains', line: 8 });
    }
  });

  it('runs each script in a new session', async () => {
    const project = runnableFixture('support-desk');
    const first = await runCli(['chat', 'refund_desk', '--script', 'src/refund_desk.chat.yaml', '-p', project, '--json'], { cwd: project });
    const second = await runCli(['chat', 'refund_desk', '--script', 'src/refund_desk.chat.yaml', '-p', project, '--json'], { cwd: project });
    expect(second.exitCode).toBe(0);
    expect((JSON.parse(second.stdout) as ChatScriptResult).sessionId).not.toBe((JSON.parse(first.stdout) as ChatScriptResult).sessionId);
  });

  it('takes the mock from the script, relative to it, and --mock over it', async () => {
    const project = runnableFixture('support-desk');
    writeFileSync(path.join(project, 'other-mocks.yaml'), 'agents:\n  concierge:\n    answer: Hello from the other mock.\n');
    const result = await runCli(['chat', '--script', 'src/support_chat.chat.yaml', '-p', project, '--mock', 'other-mocks.yaml', '--json'], { cwd: project, env: NO_KEYS });
    expect(result.exitCode).toBe(1);
    const parsed = JSON.parse(result.stdout) as ChatScriptResult;
    expect(parsed.mock).toBe('other-mocks.yaml');
    expect(parsed.turns[0]).toMatchObject({ reply: 'Hello from the other mock.', passed: false });
    expect(parsed.turns[1]).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('has 1 round scripted; the model was asked for round 2') } });
  });

  it('refuses a bad script, a script for another session, or no session at all, with exit 2', async () => {
    const project = runnableFixture('support-desk');
    writeFileSync(path.join(project, 'typo.chat.yaml'), 'session: refund_desk\nturns:\n  - user: hi\n    expect:\n      contians: hello\n');
    writeFileSync(path.join(project, 'anonymous.chat.yaml'), 'turns:\n  - user: hi\n');
    const cases: [string[], string][] = [
      [['chat', '--script', 'typo.chat.yaml'], 'error: typo.chat.yaml:5:7: turns[0].expect: unknown key "contians" (expected contains, matches, equals, state, tool, error, no-error)'],
      [['chat', 'support_chat', '--script', 'src/refund_desk.chat.yaml'], 'error: src/refund_desk.chat.yaml is a script for refund_desk, not support_chat'],
      [['chat', '--script', 'anonymous.chat.yaml'], 'error: anonymous.chat.yaml does not say which session it talks to'],
      [['chat', '--script', 'nothing.chat.yaml'], 'error: cannot read chat script nothing.chat.yaml: no such file'],
      [['chat', 'refund_desk', '--script', 'src/refund_desk.chat.yaml', '--session', 'last'], 'error: --script always runs in a new session'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli([...args, '-p', project], { cwd: project });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n').filter(Boolean), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
  });
});
