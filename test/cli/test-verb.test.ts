import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionTestResult } from '../../src/core/results.js';
import { runCli } from '../helpers/run-cli.js';
import { parseXml } from '../sessions/support/parse-xml.js';
import { NO_KEYS, runnableFixture, ticketDeskProject } from '../sessions/support/ticket-desk.js';

describe('ca test', () => {
  it('runs the chat scripts of the selected sessions: -s tag:refunds runs refund_desk’s', async () => {
    const project = runnableFixture('support-desk');
    const result = await runCli(['test', '-s', 'tag:refunds', '-p', project], { cwd: project, env: NO_KEYS });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const rows = result.stdout.split('\n');
    expect(rows[0]).toMatch(/^ +script +session +turns +failed +time$/);
    expect(rows[1]).toMatch(/^✓ +src\/refund_desk\.chat\.yaml +refund_desk +3 +0 +\d+ms$/);
    expect(rows[2]).toMatch(/^✓ +src\/refund_desk\.no-ticket\.chat\.yaml +refund_desk +2 +0 +\d+ms$/);
    expect(result.stdout).not.toContain('support_chat');
    expect(result.stdout).toContain('✓ 2 scripts, 5 turns: all passed');
  });

  it('runs every script of the project, as JUnit XML for CI', async () => {
    const project = runnableFixture('support-desk');
    const result = await runCli(['test', '-p', project, '--format', 'junit'], { cwd: project, env: NO_KEYS });
    expect(result.exitCode).toBe(0);
    const suites = parseXml(result.stdout);
    expect(suites.attributes).toMatchObject({ name: 'ca test', tests: '7', failures: '0' });
    expect(suites.children.map((suite) => suite.attributes.name)).toEqual(['src/refund_desk.chat.yaml', 'src/refund_desk.no-ticket.chat.yaml', 'src/support_chat.chat.yaml']);
  });

  it('also finds scripts in the project’s chats/ folder, and fails with exit 1 when an expectation does', async () => {
    const project = runnableFixture('support-desk');
    mkdirSync(path.join(project, 'chats'));
    writeFileSync(
      path.join(project, 'chats', 'refund_desk.big-refund.chat.yaml'),
      'turns:\n  - user: Refund 900 on T-1042\n    expect:\n      contains: Refund $900.00 on T-1042?\n  - user: "yes"\n    expect:\n      contains: with the support team\n',
    );
    const result = await runCli(['test', '-s', 'refund_desk', '-p', project], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^✗ chats\/refund_desk\.big-refund\.chat\.yaml → refund_desk \(session s_[0-9a-z]+\)\n {2}✗ turn 2 {2}you › yes .*chats\/refund_desk\.big-refund\.chat\.yaml:5\n {6}expected {2}reply contains "with the support team" {2}\(line 7\)\n {6}actual {4}"Thanks\. Your \$900\.00 refund on T-1042 is with a billing specialist\."/,
    );
    expect(result.stdout).toMatch(/✗ +chats\/refund_desk\.big-refund\.chat\.yaml +refund_desk +2 +1 /);
    expect(result.stdout).toContain('✗ 3 scripts, 7 turns: 1 script failed (1 turn)');

    const json = await runCli(['test', '-s', 'refund_desk', '-p', project, '--json'], { cwd: project });
    const parsed = JSON.parse(json.stdout) as SessionTestResult;
    expect(parsed).toMatchObject({ schemaVersion: 1, passed: false, untested: [] });
    expect(parsed.scripts.map((script) => [script.script, script.passed])).toEqual([
      ['src/refund_desk.chat.yaml', true],
      ['src/refund_desk.no-ticket.chat.yaml', true],
      ['chats/refund_desk.big-refund.chat.yaml', false],
    ]);
  });

  it('checks every script before running any: a broken one is exit 2', async () => {
    const project = runnableFixture('support-desk');
    writeFileSync(path.join(project, 'src', 'support_chat.typo.chat.yaml'), 'session: refund_desk\nturns:\n  - user: hi\n');
    const result = await runCli(['test', '-p', project], { cwd: project, env: NO_KEYS });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: src/support_chat.typo.chat.yaml is a script for refund_desk, not support_chat');
  });

  it('warns and exits 0 when the selection has no scripts', async () => {
    const project = runnableFixture('support-desk');
    const flow = await runCli(['test', '-s', 'triage', '-p', project]);
    expect(flow.exitCode).toBe(0);
    expect(flow.stdout).toBe('');
    expect(flow.stderr).toBe('warning: no session or agent is selected: nothing to test\n');
    const agent = await runCli(['test', '-s', 'concierge', '-p', project]);
    expect(agent.exitCode).toBe(0);
    expect(agent.stderr).toMatch(/^warning: no chat scripts for the selected sessions and agents \(concierge\)/);

    const desk = await runCli(['test', '-p', ticketDeskProject(), '--json']);
    expect(desk.exitCode).toBe(0);
    expect(JSON.parse(desk.stdout)).toMatchObject({ passed: true, scripts: [], untested: ['ticket_desk'] });
  });
});
