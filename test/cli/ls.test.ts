import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { copyFixture, FIXTURES } from '../helpers/temp-project.js';

const SUPPORT_DESK = path.join(FIXTURES, 'support-desk');

describe('ca ls', () => {
  it('prints a table of name, kind, tags and file:line', async () => {
    const { stdout, exitCode } = await runCli(['ls', '-p', SUPPORT_DESK]);
    expect(exitCode).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^name\s+kind\s+tags\s+location$/);
    expect(lines).toHaveLength(19);
    expect(lines.find((line) => line.startsWith('triage '))).toMatch(/^triage\s+flow\s+support\s+src\/tickets\/triage\.ts:13$/);
  });

  it('finds ca.yaml by walking up from the working directory', async () => {
    const { stdout, exitCode } = await runCli(['ls', '--output', 'names'], { cwd: path.join(SUPPORT_DESK, 'src', 'refunds') });
    expect(exitCode).toBe(0);
    expect(stdout.split('\n')).toContain('refund_flow');
    expect(stdout.split('\n')).not.toContain('lookup_ticket_stub');
  });

  it('without a ca.yaml, the project is the package the working directory is in', async () => {
    const root = copyFixture('support-desk');
    rmSync(path.join(root, 'ca.yaml'));
    writeFileSync(path.join(root, 'src', 'tickets', 'triage.test.ts'), '// a test file: left out by the default sources too\n');
    const { stdout, exitCode } = await runCli(['ls', '--output', 'names'], { cwd: path.join(root, 'src', 'kb') });
    expect(exitCode).toBe(0);
    expect(stdout.split('\n')).toEqual(expect.arrayContaining(['triage', 'concierge', 'answer_question']));
  });

  it('--output names and paths print one line per node', async () => {
    const names = await runCli(['ls', '-p', SUPPORT_DESK, '--output', 'names', '-s', 'triage refund_flow']);
    expect(names.stdout).toBe('refund_flow\ntriage\n');
    const paths = await runCli(['ls', '-p', SUPPORT_DESK, '--output', 'paths', '-s', 'triage', '-s', 'refund_flow']);
    expect(paths.stdout).toBe('src/refunds/refund-flow.ts:7\nsrc/tickets/triage.ts:13\n');
  });

  it('--exclude removes names from the selection', async () => {
    const { stdout } = await runCli(['ls', '-p', SUPPORT_DESK, '--output', 'names', '-s', 'triage escalate', '--exclude', 'escalate']);
    expect(stdout).toBe('triage\n');
  });

  it('--json prints only the result on stdout, the same as --output json', async () => {
    const json = await runCli(['ls', '-p', SUPPORT_DESK, '--json']);
    const output = await runCli(['ls', '-p', SUPPORT_DESK, '--output', 'json']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.nodes).toHaveLength(18);
    expect(parsed.total).toBe(18);
    expect(JSON.parse(output.stdout)).toEqual(parsed);
  });

  it('warns on stderr about a name that matches nothing, and fails under --strict', async () => {
    const loose = await runCli(['ls', '-p', SUPPORT_DESK, '--output', 'names', '-s', 'triage trage']);
    expect(loose.exitCode).toBe(0);
    expect(loose.stdout).toBe('triage\n');
    expect(loose.stderr).toContain("'trage' does not match any node");
    const strict = await runCli(['ls', '-p', SUPPORT_DESK, '-s', 'trage', '--strict']);
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('shows diagnostics on stderr and still lists what it found', async () => {
    const { stdout, stderr, exitCode } = await runCli(['ls', '-p', path.join(FIXTURES, 'discovery', 'diagnostics'), '--output', 'names']);
    expect(exitCode).toBe(0);
    expect(stdout.split('\n')).toContain('search_articles');
    expect(stderr).toContain('parse-error');
  });

  it('colours only on a TTY: never when piped, never under NO_COLOR', async () => {
    const piped = await runCli(['ls', '-p', SUPPORT_DESK], { env: {} });
    expect(piped.stdout).not.toMatch(/\u001B\[/);
    const forced = await runCli(['ls', '-p', SUPPORT_DESK], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toMatch(/\u001B\[/);
    const noColor = await runCli(['ls', '-p', SUPPORT_DESK], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\u001B\[/);
  });
});
