import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/results.js';
import { runCli } from '../helpers/run-cli.js';
import { copyFixture } from '../helpers/temp-project.js';

/** A lock edited by hand: the comma after the last tool is one JSON does not allow. */
const HAND_WRITTEN_LOCK = `{
  "version": 1,
  "servers": {
    "weather": {
      "connection": "written by hand",
      "server": { "name": "weather-server", "version": "1.4.0" },
      "tools": {
        "get_forecast": { "inputSchema": { "type": "object" }, "hash": "${'0'.repeat(64)}" },
      }
    }
  }
}
`;

const MCP_TOOLS = ['cancel_alerts', 'get_alerts', 'get_forecast', 'get_tides', 'station_crash', 'station_garbage', 'station_hang'];

describe('ca lint on fixtures/mcp/weather', () => {
  it('fails on every MCP tool while there is no ca.mcp.lock, and on a lock that does not parse, where it stops parsing', async () => {
    const root = copyFixture('mcp/weather');
    const lint = async () => {
      const { stdout, exitCode } = await runCli(['lint', '-p', root, '--json']);
      const result = JSON.parse(stdout) as LintResult;
      return { exitCode, findings: result.findings.filter((f) => f.ruleId.startsWith('mcp-')) };
    };

    const unlocked = await lint();
    expect(unlocked.exitCode).toBe(1);
    expect(unlocked.findings.map((f) => `${f.ruleId} ${f.node}`).sort()).toEqual(MCP_TOOLS.map((tool) => `mcp-tool-unlocked ${tool}`));

    writeFileSync(path.join(root, 'ca.mcp.lock'), HAND_WRITTEN_LOCK);
    const invalid = await lint();
    expect(invalid.exitCode).toBe(1);
    // Only the lock is reported: with no readable lock, no tool is said to be unlocked.
    expect(invalid.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual(['mcp-lock-invalid ca.mcp.lock:9:7']);
  });
});
