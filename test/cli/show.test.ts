import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES } from '../helpers/temp-project.js';

const SUPPORT_DESK = path.join(FIXTURES, 'support-desk');

describe('ca show', () => {
  it('shows location, uses, used by, fingerprints and the source', async () => {
    const { stdout, exitCode } = await runCli(['show', 'triage', '-p', SUPPORT_DESK]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/location\s+src\/tickets\/triage\.ts:13:14/);
    expect(stdout).toMatch(/uses\s+lookup_ticket, classify_ticket, update_ticket/);
    expect(stdout).toMatch(/used by\s+concierge, escalate/);
    expect(stdout).toMatch(/self\s+[0-9a-f]{16}/);
    expect(stdout).toContain("name: 'triage'");
  });

  it('--json gives the node, its users and its source', async () => {
    const { stdout } = await runCli(['show', 'concierge', '-p', SUPPORT_DESK, '--json']);
    const result = JSON.parse(stdout);
    expect(result.node).toMatchObject({ name: 'concierge', kind: 'agent', file: 'src/agents.ts' });
    expect(result.usedBy).toEqual(['support_chat']);
    expect(result.source).toContain('ca.agent(');
  });

  it('an unknown name is a usage error with a suggestion', async () => {
    const { stderr, stdout, exitCode } = await runCli(['show', 'refund_flw', '-p', SUPPORT_DESK]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe("error: no node named 'refund_flw' (did you mean 'refund_flow'?)");
  });
});
