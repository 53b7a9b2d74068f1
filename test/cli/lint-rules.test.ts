import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/rules/index.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES } from '../helpers/temp-project.js';

const RULE_FIXTURES = path.join(FIXTURES, 'lint');
const severityOf = new Map(RULES.map((rule) => [rule.meta.id, rule.meta.defaultSeverity]));
severityOf.set('disable-directive', 'warn');

// Every rule, through the real binary: its invalid fixture yields its findings with the exit
// code its default severity implies. (That its valid fixture yields none is checked in process by
// test/lint/rules/<id>.test.ts, with the same discovery and engine: a CLI run each added only time.)
describe.each(readdirSync(RULE_FIXTURES).sort())('ca lint on fixtures/lint/%s', (id) => {
  it('invalid: the rule reports, and the exit code follows its severity', async () => {
    const { stdout, exitCode } = await runCli(['lint', '-p', path.join(RULE_FIXTURES, id, 'invalid'), '--json']);
    const result = JSON.parse(stdout) as { findings: { ruleId: string; severity: string }[]; failed: boolean };
    const own = result.findings.filter((finding) => finding.ruleId === id);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((finding) => finding.severity === severityOf.get(id))).toBe(true);
    const failing = result.findings.some((finding) => finding.severity === 'error');
    expect(exitCode).toBe(failing ? 1 : 0);
    if (severityOf.get(id) === 'error') expect(exitCode).toBe(1);
  });

  // A rule that is an error by default already fails above; the threshold matters for the others.
  it.skipIf(severityOf.get(id) === 'error')('invalid, with --fail-severity warn: exit 1', async () => {
    const { exitCode } = await runCli(['lint', '-p', path.join(RULE_FIXTURES, id, 'invalid'), '--fail-severity', 'warn', '--format', 'github']);
    expect(exitCode).toBe(1);
  });

});
