import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { LintResult } from '../../src/core/results.js';
import { editFile, git, repoWithFixture } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { copyFixture, FIXTURES, tempDir } from '../helpers/temp-project.js';

const SUPPORT_DESK = path.join(FIXTURES, 'support-desk');

// Discovery's diagnostics are rules whose findings are stable. The semantic rules are tested
// rule by rule in test/lint/rules/; here they are switched off (in copies) where a test counts
// every finding, so that the counts do not move when a rule learns something new.
const STABLE_RULES = ['parse-error', 'invalid-definition', 'dynamic-name', 'duplicate-name', 'unresolved-use', 'cycle', 'disable-directive'];
let semanticRules: string[] = [];

beforeAll(async () => {
  const { stdout } = await runCli(['lint', '-p', SUPPORT_DESK, '--json']);
  semanticRules = (JSON.parse(stdout) as LintResult).rules.map((rule) => rule.id).filter((id) => !STABLE_RULES.includes(id));
});

/** Sets ca.yaml's `lint:` (keeping the rest of the file), with the semantic rules off unless given. */
function configureLint(root: string, lint: { failSeverity?: string; rules?: Record<string, string> } = {}): void {
  const file = path.join(root, 'ca.yaml');
  const doc = parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : '');
  const rules = { ...Object.fromEntries(semanticRules.map((id) => [id, 'off'])), ...lint.rules };
  doc.set('lint', { ...(lint.failSeverity ? { failSeverity: lint.failSeverity } : {}), rules });
  writeFileSync(file, doc.toString());
}

/** fixtures/discovery/diagnostics in a temporary folder: one finding of each discovery rule. */
function diagnosticsProject(lint: Parameters<typeof configureLint>[1] = {}): string {
  const root = tempDir('ca-lint-');
  cpSync(path.join(FIXTURES, 'discovery', 'diagnostics', 'src'), path.join(root, 'src'), { recursive: true });
  configureLint(root, lint);
  return root;
}

const lintJson = async (args: string[], cwd?: string) => {
  const run = await runCli(['lint', ...args, '--json'], cwd ? { cwd } : {});
  return { ...run, result: JSON.parse(run.stdout) as LintResult };
};
const places = (result: LintResult) => result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);

const ALL_DIAGNOSTICS = [
  'parse-error src/broken.ts:8:1',
  'cycle src/cycle.ts:3:14',
  'duplicate-name src/duplicate.ts:4:14',
  'dynamic-name src/dynamic.ts:6:14',
  'dynamic-name src/dynamic.ts:11:14',
  'dynamic-name src/dynamic.ts:16:14',
  'invalid-definition src/dynamic.ts:23:14',
  'duplicate-name src/tickets.ts:5:14',
  'unresolved-use src/tickets.ts:15:24',
  'unresolved-use src/tickets.ts:15:38',
];

describe('ca lint: exit codes and thresholds', () => {
  it('exits 0 on the support-desk example, which has no error-level finding', async () => {
    const pretty = await runCli(['lint', '-p', SUPPORT_DESK]);
    expect(pretty.stderr).toBe('');
    expect(pretty.exitCode).toBe(0);
    expect(pretty.stdout.trimEnd().split('\n').at(-1)).toMatch(/^✔ .* in 18 nodes/);
    const { result, exitCode } = await lintJson(['-p', SUPPORT_DESK]);
    expect(exitCode).toBe(0);
    expect(result.counts.error).toBe(0);
    expect(result.failed).toBe(false);
    expect(result.linted).toBe(18);
  });

  it('fixtures/lint-e2e (the docs example): errors fail, the warning alone does not, until --fail-severity warn', async () => {
    const project = path.join(FIXTURES, 'lint-e2e');
    const all = await lintJson(['-p', project]);
    expect(all.exitCode).toBe(1);
    expect(places(all.result)).toContain('unresolved-use src/refunds.ts:21:38');
    expect(all.result.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['ungated-side-effect', 'missing-description']));
    expect(all.result.suppressed).toBe(1); // agent-without-budget on invoice_helper, with a reason
    expect(all.result.findings.filter((f) => f.ruleId === 'disable-directive')).toEqual([]);
    expect(all.result.rules.find((r) => r.id === 'agent-without-budget')?.severity).toBe('info');
    const warning = await lintJson(['-p', project, '-s', 'lookup_customer']);
    expect(warning.exitCode).toBe(0);
    expect(warning.result.counts).toEqual({ error: 0, warn: 1, info: 0 });
    expect((await runCli(['lint', '-p', project, '-s', 'lookup_customer', '--fail-severity', 'warn'])).exitCode).toBe(1);
  });

  it('exits 1 when a finding is at or above the threshold, each kind of discovery finding reported', async () => {
    const root = diagnosticsProject();
    const { result, exitCode } = await lintJson(['-p', root]);
    expect(exitCode).toBe(1);
    expect(places(result)).toEqual(ALL_DIAGNOSTICS);
    expect(result.findings.every((f) => f.severity === 'error')).toBe(true);
  });

  describe('with only a warning (a disable comment without a reason)', () => {
    let root: string;
    // Each test's temporary folders are removed after it, so each gets its own copy.
    beforeEach(() => {
      root = copyFixture('support-desk');
      editFile(root, 'src/tickets/triage.ts', (text) => text.replace('  uses: [lookupTicket,', '  // ca-lint-disable-next-line unresolved-use\n  uses: [lookupTicket,'));
    });

    it('exits 0 at the default threshold (error), 1 under --fail-severity warn or info', async () => {
      configureLint(root);
      const plain = await lintJson(['-p', root]);
      expect(plain.exitCode).toBe(0);
      expect(places(plain.result)).toEqual(['disable-directive src/tickets/triage.ts:17:3']);
      expect(plain.result.findings[0]).toMatchObject({ severity: 'warn', message: expect.stringContaining('gives no reason') });
      expect(plain.result.failSeverity).toBe('error');
      const warn = await runCli(['lint', '-p', root, '--fail-severity', 'warn']);
      expect(warn.exitCode).toBe(1);
      expect(warn.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 1 problem (0 errors, 1 warning, 0 info) in 18 nodes · fails at warn');
      expect((await runCli(['lint', '-p', root, '--fail-severity', 'info'])).exitCode).toBe(1);
    });

    it('ca.yaml lint.failSeverity sets the threshold, and --fail-severity overrides it', async () => {
      configureLint(root, { failSeverity: 'warn' });
      const configured = await lintJson(['-p', root]);
      expect(configured.exitCode).toBe(1);
      expect(configured.result).toMatchObject({ failSeverity: 'warn', failed: true });
      expect((await runCli(['lint', '-p', root, '--fail-severity', 'error'])).exitCode).toBe(0);
    });

    it('a rule lowered to info no longer reaches a warn threshold', async () => {
      configureLint(root, { failSeverity: 'warn', rules: { 'disable-directive': 'info' } });
      const lowered = await lintJson(['-p', root]);
      expect(lowered.exitCode).toBe(0);
      expect(lowered.result.counts).toEqual({ error: 0, warn: 0, info: 1 });
      expect((await runCli(['lint', '-p', root, '--fail-severity', 'info'])).exitCode).toBe(1);
    });
  });
});

describe('ca lint: configuration', () => {
  it('a rule turned off disappears; a severity override changes the level', async () => {
    const root = diagnosticsProject({ rules: { 'unresolved-use': 'off', 'duplicate-name': 'warn' } });
    const { result, exitCode } = await lintJson(['-p', root]);
    expect(exitCode).toBe(1);
    expect(places(result)).toEqual(ALL_DIAGNOSTICS.filter((p) => !p.startsWith('unresolved-use')));
    expect(result.findings.filter((f) => f.ruleId === 'duplicate-name').map((f) => f.severity)).toEqual(['warn', 'warn']);
    expect(result.counts).toEqual({ error: 6, warn: 2, info: 0 });
    const rule = (id: string) => result.rules.find((r) => r.id === id);
    expect(rule('unresolved-use')?.severity).toBe('off');
    expect(rule('duplicate-name')?.severity).toBe('warn');
    expect(rule('parse-error')?.severity).toBe('error');
  });

  it('only warnings left: exit 0', async () => {
    const root = diagnosticsProject({
      rules: { 'parse-error': 'warn', cycle: 'warn', 'duplicate-name': 'warn', 'dynamic-name': 'info', 'invalid-definition': 'info', 'unresolved-use': 'warn' },
    });
    const { result, exitCode } = await lintJson(['-p', root]);
    expect(exitCode).toBe(0);
    expect(result.counts).toEqual({ error: 0, warn: 6, info: 4 });
  });

  it('an unknown rule id in ca.yaml is a one-line configuration error with a suggestion, exit 2', async () => {
    const root = diagnosticsProject({ rules: { 'unresolved-uses': 'off' } });
    const { exitCode, stdout, stderr } = await runCli(['lint'], { cwd: root });
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toBe("error: ca.yaml: lint.rules: unknown rule 'unresolved-uses' (did you mean 'unresolved-use'? See docs/rules/.)");
  });

  it('a bad severity, in ca.yaml or on the command line, is exit 2', async () => {
    const root = diagnosticsProject({ rules: { cycle: 'fatal' } });
    const config = await runCli(['lint', '-p', root]);
    expect(config.exitCode).toBe(2);
    expect(config.stderr).toMatch(/ca\.yaml:\d+:\d+: lint\.rules\.cycle: /);
    const flag = await runCli(['lint', '-p', SUPPORT_DESK, '--fail-severity', 'fatal']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stdout).toBe('');
  });
});

describe('ca lint: output', () => {
  it('--format json and --json print the same document: findings, counts, verdict', async () => {
    const root = diagnosticsProject();
    const json = await runCli(['lint', '-p', root, '--json']);
    const format = await runCli(['lint', '-p', root, '--format', 'json']);
    expect(json.exitCode).toBe(1);
    expect(format.exitCode).toBe(1);
    expect(json.stderr).toBe('');
    const result = JSON.parse(json.stdout) as LintResult;
    expect(JSON.parse(format.stdout)).toEqual(result);
    expect(result).toMatchObject({
      schemaVersion: 1,
      root: realpathSync(root),
      linted: 5,
      failSeverity: 'error',
      failed: true,
      suppressed: 0,
      counts: { error: 10, warn: 0, info: 0 },
    });
    expect(result.findings.find((f) => f.ruleId === 'unresolved-use')).toEqual({
      ruleId: 'unresolved-use',
      severity: 'error',
      message: 'summarize uses formatTicket, which is formatTicket in src/format.ts, not a ca definition',
      hint: 'Each `uses` entry must name a tool, reasoner, flow or agent defined in the project (check the import).',
      node: 'summarize',
      file: 'src/tickets.ts',
      line: 15,
      column: 24,
    });
    expect(result.rules.map((r) => r.id)).toEqual(expect.arrayContaining(STABLE_RULES));
    for (const rule of result.rules) expect(rule.docsUrl).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
  });

  it('pretty: grouped by file, each finding with its code frame, caret and hint, then a summary', async () => {
    const root = diagnosticsProject();
    const { stdout, exitCode } = await runCli(['lint', '-p', root]);
    expect(exitCode).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.filter((line) => /^\S/.test(line)).slice(0, -1)).toEqual(['src/broken.ts', 'src/cycle.ts', 'src/duplicate.ts', 'src/dynamic.ts', 'src/tickets.ts']);
    const at = lines.indexOf('  15:24  error  summarize uses formatTicket, which is formatTicket in src/format.ts, not a ca definition  unresolved-use');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 6)).toEqual([
      "      14 |   name: 'summarize',",
      '    > 15 |   uses: [lookupTicket, formatTicket, missingThing],',
      '         |                        ^',
      '      16 |   run: async (ctx, ticket: string) => formatTicket(await ctx.call(lookupTicket, { ticket })),',
      '    hint: Each `uses` entry must name a tool, reasoner, flow or agent defined in the project (check the import).',
    ]);
    // The caret sits under the column the finding names.
    expect(lines[at + 3]!.indexOf('^') - lines[at + 2]!.indexOf('uses:')).toBe(24 - 3);
    expect(lines.at(-1)).toBe('✖ 10 problems (10 errors, 0 warnings, 0 info) in 5 nodes · fails at error');
  });

  it('pretty on a clean project is one summary line', async () => {
    const root = copyFixture('support-desk');
    configureLint(root);
    const { stdout, exitCode } = await runCli(['lint', '-p', root]);
    expect(exitCode).toBe(0);
    expect(stdout).toBe('✔ no problems in 18 nodes\n');
  });
});

// A definition written with OpenAI Agents JS's field names: it type-checks nowhere, but `ca run`
// does not type-check, so only lint stands between it and a run that fails (no `run`) or quietly
// drops what the author meant (`handoffs`, `parameters`).
const OPENAI_STYLE = `import { agent, tool } from 'composable-agents';
import { z } from 'zod';

export const lookupOrder = tool({
  name: 'lookup_order',
  description: 'Fetch an order by id',
  effect: 'read',
  parameters: z.object({ order: z.string() }),
  execute: async ({ order }: { order: string }) => ({ order, status: 'shipped' }),
});

export const refundAgent = agent({
  name: 'refund_agent',
  description: 'Refunds orders that arrived damaged',
  model: 'openai:gpt-4o-mini',
  instructions: 'Refund only orders that arrived damaged.',
  budget: { maxRounds: 4 },
});

export const triageAgent = agent({
  name: 'triage_agent',
  description: 'First contact: answers or hands off',
  model: 'openai:gpt-4o-mini',
  instructions: 'Answer order questions; hand refunds to the refund agent.',
  handoffs: [refundAgent],
  budget: { maxRounds: 4 },
});
`;

describe('ca lint: what ca run would refuse or ignore', () => {
  it("a ca definition with OpenAI field names: the missing run fails, and every foreign key names ca's field", async () => {
    const root = tempDir('ca-lint-openai-');
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'support.ts'), OPENAI_STYLE);
    configureLint(root, { rules: { 'missing-property': 'error', 'unknown-property': 'warn' } });
    const { stdout, exitCode } = await runCli(['lint', '-p', root]);
    expect(exitCode).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.filter((line) => /^ {2}\d+:\d+ /.test(line) || line.startsWith('    hint: '))).toEqual([
      "  4:14  error  tool lookup_order has no run, which ca's tool() requires: loading src/support.ts fails at run time  missing-property",
      "    hint: Rename `execute` to `run`: run: async (input, ctx) => …; ca's tool() does not read `execute`.",
      "  4:14  warning  tool lookup_order sets `parameters`, which ca's tool() does not know: the runtime ignores it  unknown-property",
      "    hint: `parameters` is not a field of ca's tool(); use `input` (any Standard Schema: zod, valibot, arktype …).",
      "  4:14  warning  tool lookup_order sets `execute`, which ca's tool() does not know: the runtime ignores it  unknown-property",
      "    hint: `execute` is not a field of ca's tool(); use `run` (run: async (input, ctx) => …).",
      "  20:14  warning  agent triage_agent sets `handoffs`, which ca's agent() does not know: the runtime ignores it  unknown-property",
      "    hint: `handoffs` is not a field of ca's agent(); use `uses` (list the tools, flows and agents it may call there; the runtime lets it call nothing else).",
    ]);
    expect(lines.at(-1)).toBe('✖ 4 problems (1 error, 3 warnings, 0 info) in 3 nodes · fails at error');
  });
});

describe('ca lint: disable comments', () => {
  it('a comment with a reason silences the named rule on the next line', async () => {
    const root = diagnosticsProject();
    editFile(root, 'src/tickets.ts', (text) =>
      text.replace('  uses: [lookupTicket, formatTicket', '  // ca-lint-disable-next-line unresolved-use -- formatTicket is granted at run time\n  uses: [lookupTicket, formatTicket'),
    );
    const { result, exitCode } = await lintJson(['-p', root]);
    expect(exitCode).toBe(1);
    expect(places(result).filter((p) => p.includes('tickets.ts'))).toEqual(['duplicate-name src/tickets.ts:5:14']);
    expect(result.suppressed).toBe(2);
    const pretty = await runCli(['lint', '-p', root]);
    expect(pretty.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 8 problems (8 errors, 0 warnings, 0 info) in 5 nodes · 2 silenced by disable comments · fails at error');
  });

  it('a comment without a reason, or naming an unknown rule, is itself a disable-directive finding', async () => {
    const root = diagnosticsProject();
    editFile(root, 'src/duplicate.ts', (text) => text.replace('export const lookupTicketAgain', '// ca-lint-disable-next-line duplicate-name\nexport const lookupTicketAgain'));
    editFile(root, 'src/dynamic.ts', (text) => text.replace('export const regional', '  // ca-lint-disable-next-line dynamic-nam -- a typo\nexport const regional'));
    const { result } = await lintJson(['-p', root]);
    const directives = result.findings.filter((f) => f.ruleId === 'disable-directive');
    expect(directives).toEqual([
      expect.objectContaining({ file: 'src/duplicate.ts', line: 4, column: 1, severity: 'warn', message: expect.stringContaining('gives no reason') }),
      expect.objectContaining({ file: 'src/dynamic.ts', line: 6, column: 3, severity: 'warn', message: expect.stringContaining("names 'dynamic-nam'") }),
    ]);
    // The comment without a reason still silences its rule; the one with a typo silences nothing.
    expect(places(result)).not.toContain('duplicate-name src/duplicate.ts:5:14');
    expect(places(result)).toContain('dynamic-name src/dynamic.ts:7:14');
    expect(result.suppressed).toBe(1);
  });
});

describe('ca lint: selection', () => {
  it('-s limits findings to the selected nodes; file-level findings are always reported', async () => {
    const root = diagnosticsProject();
    const { result, exitCode } = await lintJson(['-p', root, '-s', 'summarize']);
    expect(exitCode).toBe(1);
    expect(result.linted).toBe(1);
    expect(places(result)).toEqual([
      'parse-error src/broken.ts:8:1',
      'dynamic-name src/dynamic.ts:6:14',
      'dynamic-name src/dynamic.ts:11:14',
      'dynamic-name src/dynamic.ts:16:14',
      'invalid-definition src/dynamic.ts:23:14',
      'unresolved-use src/tickets.ts:15:24',
      'unresolved-use src/tickets.ts:15:38',
    ]);
    const healthy = await lintJson(['-p', root, '-s', 'search_articles', '--exclude', 'summarize']);
    expect(places(healthy.result)).not.toContain('duplicate-name src/tickets.ts:5:14');
    expect(places(healthy.result)).not.toContain('cycle src/cycle.ts:3:14');
  });

  it('-s state:modified+ --state git:HEAD lints only what changed since the commit, and what depends on it', async () => {
    const { repo, project } = await repoWithFixture('support-desk', 'agents');
    configureLint(project);
    // Already on main: refund_flow lists a helper function in uses (an unresolved use).
    editFile(project, 'src/refunds/refund-flow.ts', (text) => text.replace('  uses: [lookupTicket,', '  uses: [formatAmount, lookupTicket,'));
    await git(repo, 'commit', '--quiet', '-am', 'refund flow with an old problem');
    // The pull request: escalate gains one (and a new description).
    editFile(project, 'src/tickets/escalate.ts', (text) =>
      text
        .replace('  uses: [triage, updateTicket, notifyTier2]', '  uses: [triage, updateTicket, notifyTier2, ESCALATE]')
        .replace('Re-triage a ticket and hand it to tier 2', 'Re-triage a ticket and page tier 2'),
    );

    const everything = await lintJson(['-p', project]);
    expect(places(everything.result)).toEqual(['unresolved-use src/refunds/refund-flow.ts:11:10', 'unresolved-use src/tickets/escalate.ts:25:45']);

    const changed = await lintJson(['-s', 'state:modified+', '--state', 'git:HEAD'], project);
    expect(changed.exitCode).toBe(1);
    expect(places(changed.result)).toEqual(['unresolved-use src/tickets/escalate.ts:25:45']);
    expect(changed.result.findings[0]!.node).toBe('escalate');
    const selected = await runCli(['ls', '--output', 'names', '-s', 'state:modified+', '--state', 'git:HEAD'], { cwd: project });
    expect(changed.result.linted).toBe(selected.stdout.trim().split('\n').length);
    expect(selected.stdout.split('\n')).toContain('escalate');

    // From the repository root, with the github format, as the Slim CI workflow runs it.
    const annotations = await runCli(['lint', '-p', 'agents', '-s', 'state:modified+', '--state', 'git:HEAD', '--format', 'github'], { cwd: repo });
    expect(annotations.exitCode).toBe(1);
    expect(annotations.stdout).toMatch(/^::error file=agents\/src\/tickets\/escalate\.ts,line=25,col=45,title=ca lint%3A unresolved-use::escalate uses ESCALATE, .*\n$/);

    // Nothing changed: nothing selected, nothing to report.
    await git(repo, 'commit', '--quiet', '-am', 'escalate');
    const clean = await lintJson(['-s', 'state:modified+', '--state', 'git:HEAD'], project);
    expect(clean.exitCode).toBe(0);
    expect(clean.result).toMatchObject({ linted: 0, findings: [] });
  });

  // Known gap: the config fingerprint holds the `uses` entries that resolve to nodes, so adding an
  // entry that resolves to nothing changes no fingerprint, and Slim CI does not see that change.
  it('adding only an unresolved `uses` entry makes the node state:modified', async () => {
    const { project } = await repoWithFixture('support-desk');
    editFile(project, 'src/tickets/escalate.ts', (text) => text.replace('  uses: [triage, updateTicket, notifyTier2]', '  uses: [triage, updateTicket, notifyTier2, ESCALATE]'));
    const changed = await lintJson(['-s', 'state:modified+', '--state', 'git:HEAD'], project);
    expect(places(changed.result)).toContain('unresolved-use src/tickets/escalate.ts:25:45');
  });

  it('a bad selector or a state: criterion without a baseline is exit 2, nothing on stdout', async () => {
    const bad = await runCli(['lint', '-p', SUPPORT_DESK, '-s', 'triage+x+', '--format', 'sarif']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^error: .*--select/);
    expect(bad.stderr).toContain('^');
    const noBaseline = await runCli(['lint', '-p', SUPPORT_DESK, '-s', 'state:modified+']);
    expect(noBaseline.exitCode).toBe(2);
    expect(noBaseline.stderr).toMatch(/needs a baseline/);
  });

  it('runs from a subfolder of the project like every verb (ca.yaml found by walking up)', async () => {
    const root = diagnosticsProject();
    mkdirSync(path.join(root, 'src', 'nested'), { recursive: true });
    const { result, exitCode } = await lintJson([], path.join(root, 'src', 'nested'));
    expect(exitCode).toBe(1);
    expect(places(result)).toEqual(ALL_DIAGNOSTICS);
  });
});
