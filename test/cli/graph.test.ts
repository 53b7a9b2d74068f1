import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, tempDir } from '../helpers/temp-project.js';

const SUPPORT_DESK = path.join(FIXTURES, 'support-desk');

describe('ca graph', () => {
  it('prints DOT by default with an edge from each used node to its user', async () => {
    const { stdout, exitCode } = await runCli(['graph', '-p', SUPPORT_DESK]);
    expect(exitCode).toBe(0);
    expect(stdout.startsWith('digraph ca {')).toBe(true);
    expect(stdout).toContain('"lookup_ticket" -> "triage";');
    expect(stdout).toContain('"concierge" -> "support_chat";');
    expect(stdout.match(/ -> /g)).toHaveLength(23);
  });

  it('renders only the selected nodes and the edges between them', async () => {
    const { stdout } = await runCli(['graph', '-p', SUPPORT_DESK, '--format', 'json', '-s', 'triage escalate lookup_ticket']);
    const view = JSON.parse(stdout);
    expect(view.nodes.map((n: { name: string }) => n.name)).toEqual(['escalate', 'lookup_ticket', 'triage']);
    expect(view.edges).toEqual([
      { from: 'lookup_ticket', to: 'triage', kind: 'uses' },
      { from: 'triage', to: 'escalate', kind: 'uses' },
    ]);
  });

  it('prints Mermaid', async () => {
    const { stdout } = await runCli(['graph', '-p', SUPPORT_DESK, '--format', 'mermaid', '-s', 'support_chat concierge']);
    expect(stdout.split('\n')[0]).toBe('flowchart LR');
    expect(stdout).toMatch(/n0\{\{"concierge<br\/><small>agent<\/small>"\}\}:::agent/);
    expect(stdout).toContain('n0 --> n1');
  });

  it('writes to a file with -o', async () => {
    const out = path.join(tempDir(), 'agents.dot');
    const { stdout, stderr } = await runCli(['graph', '-p', SUPPORT_DESK, '-o', out]);
    expect(stdout).toBe('');
    expect(stderr).toContain('wrote 18 nodes');
    expect(readFileSync(out, 'utf8')).toContain('digraph ca {');
  });

  it('rejects an unknown format with exit 2', async () => {
    const { exitCode, stderr } = await runCli(['graph', '-p', SUPPORT_DESK, '--format', 'svg']);
    expect(exitCode).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('svg');
  });
});
