import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/results.js';
import { renderLintSarif } from '../../src/ui/lint/sarif.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, REPO_ROOT, tempDir } from '../helpers/temp-project.js';

// The official SARIF 2.1.0 schema (JSON Schema draft-04), as shipped by @microsoft/jest-sarif.
const SCHEMA = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

// The ajv packages are CommonJS (`module.exports = Ajv`); under NodeNext their default import is
// typed as the module, so name the callable shapes once.
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const AjvDraft04 = Ajv as unknown as new (options: object) => { compile(schema: object): Validate };
const withFormats = addFormats as unknown as (ajv: object) => void;

let validate: Validate;
beforeAll(() => {
  // strict: false, the schema uses keywords ajv's strict mode rejects; unicodeRegExp: false, one
  // of its patterns is not valid under the `u` flag.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  withFormats(ajv);
  validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
});

function expectValidSarif(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const ok = validate(log);
  expect(validate.errors ?? [], 'SARIF 2.1.0 schema errors').toEqual([]);
  expect(ok).toBe(true);
  return log;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } };
    logicalLocations?: { name: string; kind: string }[];
  }[];
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string; enabled: boolean } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

// Discovery's diagnostics are rules whose findings are stable; the semantic rules are switched
// off in the copies below so that every result is accounted for.
const STABLE_RULES = ['parse-error', 'invalid-definition', 'dynamic-name', 'duplicate-name', 'unresolved-use', 'cycle', 'disable-directive'];

async function onlyStableRules(root: string, extra: Record<string, string> = {}): Promise<void> {
  const { stdout } = await runCli(['lint', '-p', root, '--json']);
  const ids = (JSON.parse(stdout) as LintResult).rules.map((rule) => rule.id).filter((id) => !STABLE_RULES.includes(id));
  const rules = { ...Object.fromEntries(ids.map((id) => [id, 'off'])), ...extra };
  writeFileSync(path.join(root, 'ca.yaml'), `lint:\n  rules:\n${Object.entries(rules).map(([id, s]) => `    ${id}: ${s}\n`).join('')}`);
}

/** fixtures/discovery/diagnostics copied to <tmp>/<folder>, with the semantic rules off. */
async function diagnosticsProject(folder = 'agents', extra: Record<string, string> = {}): Promise<{ parent: string; root: string }> {
  const parent = tempDir('ca-sarif-');
  const root = path.join(parent, folder);
  mkdirSync(root);
  cpSync(path.join(FIXTURES, 'discovery', 'diagnostics', 'src'), path.join(root, 'src'), { recursive: true });
  await onlyStableRules(root, extra);
  return { parent, root };
}

const region = (r: SarifResult) => r.locations[0]!.physicalLocation.region;
const uri = (r: SarifResult) => r.locations[0]!.physicalLocation.artifactLocation.uri;

describe('ca lint --format sarif', () => {
  it('(control) the schema validator rejects what is not SARIF', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'ca' } }, results: [{ message: { text: 'x' }, level: 'warn' }] }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'ca' } }, results: [{ message: { text: 'x' }, level: 'warning' }] }] })).toBe(true);
  });

  it('is valid SARIF 2.1.0, with one result per finding: rule, level, file and place', async () => {
    const { root } = await diagnosticsProject('agents', { 'duplicate-name': 'warn', cycle: 'info' });
    const { exitCode, stdout, stderr } = await runCli(['lint', '-p', root, '--format', 'sarif'], { cwd: root });
    expect(exitCode).toBe(1);
    expect(stderr).not.toMatch(/error/i);
    const log = expectValidSarif(stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('ca');
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(root).href}/`);

    const got = run.results.map((r) => [r.ruleId, r.level, uri(r), region(r).startLine, region(r).startColumn]);
    expect(got).toEqual([
      ['parse-error', 'error', 'src/broken.ts', 8, 1],
      ['cycle', 'note', 'src/cycle.ts', 3, 14],
      ['duplicate-name', 'warning', 'src/duplicate.ts', 4, 14],
      ['dynamic-name', 'error', 'src/dynamic.ts', 6, 14],
      ['dynamic-name', 'error', 'src/dynamic.ts', 11, 14],
      ['dynamic-name', 'error', 'src/dynamic.ts', 16, 14],
      ['invalid-definition', 'error', 'src/dynamic.ts', 23, 14],
      ['duplicate-name', 'warning', 'src/tickets.ts', 5, 14],
      ['unresolved-use', 'error', 'src/tickets.ts', 15, 24],
      ['unresolved-use', 'error', 'src/tickets.ts', 15, 38],
    ]);

    // Every result points into the rule table, whose levels are the configured ones.
    const rules = run.tool.driver.rules;
    for (const r of run.results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const ruleLevel = (id: string) => rules.find((rule) => rule.id === id)!.defaultConfiguration;
    expect(ruleLevel('duplicate-name')).toEqual({ level: 'warning', enabled: true });
    expect(ruleLevel('cycle')).toEqual({ level: 'note', enabled: true });
    expect(ruleLevel('missing-description')).toEqual({ level: 'none', enabled: false });

    const unresolved = run.results.find((r) => r.ruleId === 'unresolved-use')!;
    expect(unresolved.message.text).toMatch(/^summarize uses formatTicket, which is formatTicket in src\/format\.ts, not a ca definition \(.+\)$/);
    expect(unresolved.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    expect(unresolved.locations[0]!.logicalLocations).toEqual([{ name: 'summarize', kind: 'function' }]);
  });

  it('paths are relative to the working directory, so a project in a subfolder maps onto the repository', async () => {
    const { parent } = await diagnosticsProject('agents');
    const { stdout } = await runCli(['lint', '-p', 'agents', '--format', 'sarif'], { cwd: parent });
    const log = expectValidSarif(stdout);
    expect(log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(parent).href}/`);
    expect(new Set(log.runs[0]!.results.map(uri))).toEqual(
      new Set(['agents/src/broken.ts', 'agents/src/cycle.ts', 'agents/src/duplicate.ts', 'agents/src/dynamic.ts', 'agents/src/tickets.ts']),
    );
  });

  it('percent-encodes paths that are not valid URIs as they stand (a space, a #)', async () => {
    const { parent } = await diagnosticsProject('my agents #2');
    const { stdout } = await runCli(['lint', '-p', 'my agents #2', '--format', 'sarif'], { cwd: parent });
    const log = expectValidSarif(stdout);
    expect(log.runs[0]!.results.map(uri)).toContain('my%20agents%20%232/src/broken.ts');
  });

  it('a clean project gives a valid log with the rule table and no results', async () => {
    const root = tempDir('ca-sarif-clean-');
    mkdirSync(path.join(root, 'src'));
    writeFileSync(
      path.join(root, 'src', 'tools.ts'),
      [
        "import { tool } from 'composable-agents';",
        '',
        'export const lookupTicket = tool({',
        "  name: 'lookup_ticket',",
        "  description: 'Fetch a ticket by id',",
        "  effect: 'read',",
        '  run: async ({ ticket }: { ticket: string }) => ({ ticket }),',
        '});',
        '',
      ].join('\n'),
    );
    await onlyStableRules(root);
    const { exitCode, stdout } = await runCli(['lint', '-p', root, '--format', 'sarif'], { cwd: root });
    expect(exitCode).toBe(0);
    const log = expectValidSarif(stdout);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(expect.arrayContaining(STABLE_RULES));
  });

  it('renders files outside the working directory and odd names as valid URIs (unit)', () => {
    const result: LintResult = {
      schemaVersion: 1,
      caVersion: '0.0.0-test',
      root: '/repo/agents',
      findings: [
        { ruleId: 'cycle', severity: 'info', message: 'a → b → a form a cycle', file: 'src/a:b.ts', line: 2, column: 3, node: 'a' },
        { ruleId: 'cycle', severity: 'warn', message: 'with a hint', hint: '100% sure, really', file: 'src/100%.ts', line: 1, column: 1 },
      ],
      suppressed: 0,
      rules: [{ id: 'cycle', severity: 'warn', description: 'Cycles.', docsUrl: 'https://example.com/cycle.md' }],
      linted: 2,
      failSeverity: 'error',
      failed: false,
      counts: { error: 0, warn: 1, info: 1 },
      diagnostics: [],
      warnings: [],
    };
    const log = expectValidSarif(renderLintSarif(result, '/repo/docs'));
    expect(log.runs[0]!.results.map((r) => [r.level, uri(r)])).toEqual([
      ['note', '../agents/src/a%3Ab.ts'],
      ['warning', '../agents/src/100%25.ts'],
    ]);
    expect(log.runs[0]!.results[1]!.message.text).toBe('with a hint (100% sure, really)');
  });
});
