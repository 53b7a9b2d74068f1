import { describe, expect, it } from 'vitest';
import { lintProject } from '../../../src/app/lint-project.js';
import type { JsonValue } from '../../../src/core/node.js';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { mcpSecretInCodeRule } from '../../../src/lint/rules/mcp-secret-in-code.js';
import { runLint } from '../../../src/lint/run-lint.js';
import { colorsFor } from '../../../src/ui/colors.js';
import { renderLintGithub } from '../../../src/ui/lint/github.js';
import { renderLintPretty } from '../../../src/ui/lint/pretty.js';
import { renderLintSarif } from '../../../src/ui/lint/sarif.js';
import { caNode } from '../../helpers/ca-node.js';
import { fixtureDir, lintFixture, places } from './lint-fixture.js';

const ID = 'mcp-secret-in-code';
const rules = [mcpSecretInCodeRule];

/** The secrets of the invalid fixture (fakes), each a part no output may hold. */
const SECRETS = ['sk-proj-FAKE', 'ghp_FAKE', 'AKIAIOSFODNN7EXAMPLE', 'hunter2-db-pass', 'dev-session-secret', 'inv-live-7731', 'inv-bearer-5521', 'k-42'];

/** What the rule says of one server's connection: the messages, by property. */
function messagesFor(config: Record<string, JsonValue>): string[] {
  const nodes = [caNode('tides', { kind: 'mcp_server', config })];
  return runLint({ nodes, graph: buildGraph(nodes), diagnostics: [], directives: {}, severities: {}, rules }).findings.map((f) => f.message);
}

describe(ID, () => {
  it('passes ${NAME} references, empty fallbacks, and settings whose names only look secret', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['invoices', 'tickets']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports each secret at its server, naming the property and the kind of credential', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([...Array(5).fill(`${ID} src/servers.ts:3:14`), ...Array(3).fill(`${ID} src/servers.ts:15:14`)]);
    expect(result.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(result.findings.map((f) => f.message)).toEqual([
      'MCP server github has an API key (sk-…) written in code in args[2]',
      'MCP server github has a GitHub token written in code in env.GITHUB_TOKEN',
      'MCP server github has an AWS access key id written in code in env.AWS_ACCESS_KEY_ID',
      "MCP server github has a secret written in code in env.DATABASE_URL (the URL's password)",
      'MCP server github falls back to a secret written in code in env.SESSION_SECRET',
      "MCP server invoices has a secret written in code in url (the URL's api_key parameter)",
      'MCP server invoices has a secret written in code in headers.Authorization',
      'MCP server invoices has a secret written in code in headers.X-Api-Key',
    ]);
    expect(result.findings[6]!.hint).toBe("Write headers.Authorization as 'Bearer ${INVOICES_TOKEN}' and set INVOICES_TOKEN where ca runs; if the secret was ever committed, rotate it.");
    expect(result.findings[0]!.hint).toBe("Write ${GITHUB_OPENAI_KEY} in place of the secret in args[2] and set GITHUB_OPENAI_KEY where ca runs; if the secret was ever committed, rotate it.");
  });

  it('never prints a secret: not in --json, pretty (its source excerpts included), github or sarif', async () => {
    const result = await lintProject({ project: fixtureDir(ID, 'invalid'), selection: { select: [], exclude: [] }, excerpts: true, noCache: true });
    expect(result.findings.filter((f) => f.ruleId === ID)).toHaveLength(8);
    const pretty = renderLintPretty(result, colorsFor({ isTTY: false }));
    expect(pretty).toContain("url: '[redacted]', headers: { Authorization: '[redacted]', 'X-Api-Key': '[redacted]' }");
    for (const output of [JSON.stringify(result), pretty, renderLintGithub(result, result.root), renderLintSarif(result, result.root)]) {
      for (const secret of SECRETS) expect(output).not.toContain(secret);
    }
  });

  it.each<[string, Record<string, JsonValue>, string[]]>([
    ['a scheme word before a reference, not before a secret', { url: 'https://tides.example/mcp', headers: { Authorization: 'Basic ${TIDES_CREDS}', 'X-Session': 'Bearer abc123' } }, ['MCP server tides has a secret written in code in headers.X-Session']],
    ['a Slack token and a JWT, under any name', { command: 'node', env: { CHANNEL: 'xoxb-0000-FAKE-fake' }, args: ['--jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0aWRlcyJ9.c2lnbmF0dXJlLWZha2U'] }, ['MCP server tides has a JSON Web Token written in code in args[1]', 'MCP server tides has a Slack token written in code in env.CHANNEL']],
    ['a file path, but not a base64 secret that starts with a slash', { command: 'node', env: { KEY_FILE: '/run/secrets/tides', AWS_SECRET_ACCESS_KEY: '/wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } }, ['MCP server tides has a secret written in code in env.AWS_SECRET_ACCESS_KEY']],
    ['a URL password written as a reference', { url: 'https://tides:${TIDES_PASSWORD}@tides.example/mcp?token=${TIDES_TOKEN}' }, []],
  ])('%s', (_name, config, messages) => {
    expect(messagesFor(config).sort()).toEqual(messages.sort());
  });
});
