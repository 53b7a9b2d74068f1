import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { LintResult } from '../../src/core/results.js';
import { renderLintGithub } from '../../src/ui/lint/github.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, tempDir } from '../helpers/temp-project.js';

// Discovery's diagnostics are rules whose findings are stable; the semantic rules are switched
// off in the copies below so that the output is known line by line.
const STABLE_RULES = ['parse-error', 'invalid-definition', 'dynamic-name', 'duplicate-name', 'unresolved-use', 'cycle', 'disable-directive'];

async function onlyStableRules(root: string): Promise<void> {
  const { stdout } = await runCli(['lint', '-p', root, '--json']);
  const ids = (JSON.parse(stdout) as LintResult).rules.map((rule) => rule.id).filter((id) => !STABLE_RULES.includes(id));
  writeFileSync(path.join(root, 'ca.yaml'), `lint:\n  rules:\n${ids.map((id) => `    ${id}: off\n`).join('')}`);
}

/** fixtures/discovery/diagnostics copied to <tmp>/<folder>, with the semantic rules off. */
async function diagnosticsProject(folder: string): Promise<{ parent: string; root: string }> {
  const parent = tempDir('ca-github-');
  const root = path.join(parent, folder);
  mkdirSync(root, { recursive: true });
  cpSync(path.join(FIXTURES, 'discovery', 'diagnostics', 'src'), path.join(root, 'src'), { recursive: true });
  await onlyStableRules(root);
  return { parent, root };
}

const UNRESOLVED_HINT = 'Each `uses` entry must name a tool, reasoner, flow or agent defined in the project (check the import).';
const DUPLICATE_HINT = 'Node names are global ids: rename one of the definitions.';

/** The annotations for fixtures/discovery/diagnostics, its files prefixed by `prefix`. */
const expectedLines = (prefix: string) => [
  `::error file=${prefix}src/broken.ts,line=8,col=1,title=ca lint%3A parse-error::src/broken.ts does not parse: Expression expected. (Fix the syntax error; definitions in this file are skipped until then.)`,
  `::error file=${prefix}src/cycle.ts,line=3,col=14,title=ca lint%3A cycle::approve_invoice → review_invoice → approve_invoice form a cycle (Flows and agents must not call each other in a loop: break it by moving the shared step into its own flow.)`,
  `::error file=${prefix}src/duplicate.ts,line=4,col=14,title=ca lint%3A duplicate-name::the name "lookup_ticket" is defined 2 times (${DUPLICATE_HINT})`,
  `::error file=${prefix}src/dynamic.ts,line=6,col=14,title=ca lint%3A dynamic-name::the name of this flow (\`refunds_\${region}\`) is computed, so ca cannot read it without running code (Write name: 'some_name' (a string literal or a const string); the definition is skipped until then.)`,
  `::error file=${prefix}src/dynamic.ts,line=11,col=14,title=ca lint%3A dynamic-name::the name of this tool (mutableName) is not a string literal or a const string (Write name: 'some_name' or use a \`const mutableName = '…'\` declared in the project; the definition is skipped until then.)`,
  `::error file=${prefix}src/dynamic.ts,line=16,col=14,title=ca lint%3A dynamic-name::this tool has no name property (Add name: 'some_name'; it is the node's global id.)`,
  `::error file=${prefix}src/dynamic.ts,line=23,col=14,title=ca lint%3A invalid-definition::this flow cannot be read statically: its argument (auditSpec) is not an object literal (Pass the definition inline: export const x = flow({ name: '…', … }); the definition is skipped until then.)`,
  `::error file=${prefix}src/tickets.ts,line=5,col=14,title=ca lint%3A duplicate-name::the name "lookup_ticket" is defined 2 times (${DUPLICATE_HINT})`,
  `::error file=${prefix}src/tickets.ts,line=15,col=24,title=ca lint%3A unresolved-use::summarize uses formatTicket, which is formatTicket in src/format.ts, not a ca definition (${UNRESOLVED_HINT})`,
  `::error file=${prefix}src/tickets.ts,line=15,col=38,title=ca lint%3A unresolved-use::summarize uses missingThing, which cannot be resolved: cannot find module './nowhere.js' imported by src/tickets.ts (${UNRESOLVED_HINT})`,
];

describe('ca lint --format github', () => {
  it('prints one workflow command per finding, and nothing else on stdout', async () => {
    const { root } = await diagnosticsProject('agents');
    const { exitCode, stdout, stderr } = await runCli(['lint', '-p', root, '--format', 'github'], { cwd: root });
    expect(exitCode).toBe(1);
    expect(stderr).toBe('');
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.slice(0, -1).split('\n')).toEqual(expectedLines(''));
  });

  it('paths are relative to the working directory (the repository root in a workflow), not the project', async () => {
    const { parent } = await diagnosticsProject(path.join('services', 'agents'));
    const { exitCode, stdout } = await runCli(['lint', '-p', path.join('services', 'agents'), '--format', 'github'], { cwd: parent });
    expect(exitCode).toBe(1);
    expect(stdout.slice(0, -1).split('\n')).toEqual(expectedLines('services/agents/'));
  });

  it('a clean project prints nothing and exits 0', async () => {
    const root = tempDir('ca-github-clean-');
    mkdirSync(path.join(root, 'src'));
    writeFileSync(
      path.join(root, 'src', 'tools.ts'),
      "import { tool } from 'composable-agents';\n\nexport const lookupTicket = tool({\n  name: 'lookup_ticket',\n  description: 'Fetch a ticket by id',\n  effect: 'read',\n  run: async ({ ticket }: { ticket: string }) => ({ ticket }),\n});\n",
    );
    await onlyStableRules(root);
    const { exitCode, stdout, stderr } = await runCli(['lint', '-p', root, '--format', 'github'], { cwd: root });
    expect({ exitCode, stdout, stderr }).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });
});

describe('renderLintGithub (unit): levels and escaping', () => {
  const result = (findings: Finding[], root = '/repo'): LintResult => ({
    schemaVersion: 1,
    caVersion: '0.0.0-test',
    root,
    findings,
    suppressed: 0,
    rules: [],
    linted: 1,
    failSeverity: 'error',
    failed: false,
    counts: { error: 0, warn: 0, info: 0 },
    diagnostics: [],
    warnings: [],
  });
  const finding = (overrides: Partial<Finding>): Finding => ({ ruleId: 'cycle', severity: 'error', message: 'm', file: 'src/a.ts', line: 1, column: 1, ...overrides });

  it('maps error, warn and info to error, warning and notice', () => {
    const text = renderLintGithub(
      result([finding({ severity: 'error' }), finding({ severity: 'warn', line: 2 }), finding({ severity: 'info', line: 3, column: 7 })]),
      '/repo',
    );
    expect(text.split('\n')).toEqual([
      '::error file=src/a.ts,line=1,col=1,title=ca lint%3A cycle::m',
      '::warning file=src/a.ts,line=2,col=1,title=ca lint%3A cycle::m',
      '::notice file=src/a.ts,line=3,col=7,title=ca lint%3A cycle::m',
    ]);
  });

  it('escapes % and newlines in the message, and also : and , in properties', () => {
    const text = renderLintGithub(
      result([
        finding({
          file: 'src/a,b:c%d.ts',
          message: '100% wrong: first line\r\nsecond, line',
          hint: 'see docs: rules, 50%',
        }),
      ]),
      '/repo',
    );
    expect(text).toBe('::error file=src/a%2Cb%3Ac%25d.ts,line=1,col=1,title=ca lint%3A cycle::100%25 wrong: first line%0D%0Asecond, line (see docs: rules, 50%25)');
    expect(text.split('\n')).toHaveLength(1);
  });

  it('makes paths relative to the base folder, with forward slashes', () => {
    expect(renderLintGithub(result([finding({ file: 'src/a.ts' })], '/repo/services/agents'), '/repo')).toBe(
      '::error file=services/agents/src/a.ts,line=1,col=1,title=ca lint%3A cycle::m',
    );
    expect(renderLintGithub(result([finding({ file: 'src/a.ts' })], '/repo/agents'), '/repo/docs')).toBe(
      '::error file=../agents/src/a.ts,line=1,col=1,title=ca lint%3A cycle::m',
    );
  });

  it('renders no findings as the empty string', () => {
    expect(renderLintGithub(result([]), '/repo')).toBe('');
  });
});
