import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-project.js';

/** A project of files: path → text; a bare name as the text means a tool of that name. */
function project(files: Record<string, string>): string {
  const root = tempDir('ca-zero-config-');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), /^[a-z_]+$/.test(text) ? tool(text) : text);
  }
  return root;
}

const tool = (name: string) =>
  `import { tool } from 'composable-agents';\nexport const t = tool({ name: '${name}', description: 'A support tool', effect: 'read', run: async () => 1 });\n`;

async function names(root: string, ...args: string[]): Promise<string[]> {
  const result = await runCli(['ls', '-p', root, '--output', 'names', ...args]);
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout.split('\n').filter(Boolean);
}

async function sourcesOf(root: string): Promise<Record<string, unknown>> {
  const doctor = await runCli(['doctor', '-p', root, '--json']);
  return JSON.parse(doctor.stdout).checks.find((check: { id: string }) => check.id === 'config').details;
}

describe('without src: in ca.yaml, ca scans what the project itself calls its sources', () => {
  it("tsconfig.json include (followed through extends, with its exclude): src only, not test/, examples/ or the tests beside the code", async () => {
    const root = project({
      'tsconfig.json': '{\n  // the app\n  "extends": "./tsconfig.base.json",\n  "compilerOptions": { "strict": true, },\n}\n',
      'tsconfig.base.json': '{ "include": ["src"], "exclude": ["src/generated"] }\n',
      'src/tickets.ts': 'lookup_ticket',
      'src/tickets.test.ts': 'ticket_test_double',
      'src/generated/client.ts': 'generated_client',
      'test/refunds.ts': 'refund_test_tool',
      'examples/invoices.ts': 'example_invoice_tool',
    });
    expect(await names(root)).toEqual(['lookup_ticket']);
    expect(await sourcesOf(root)).toMatchObject({ sources: 'tsconfig.json include', include: ['src/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'] });
  });

  it('no tsconfig.json: the src/ folder, minus __tests__', async () => {
    const root = project({ 'src/refunds.ts': 'issue_refund', 'src/__tests__/refunds.ts': 'refund_test_double', 'scripts/seed.ts': 'seed_tickets' });
    expect(await names(root)).toEqual(['issue_refund']);
  });

  it('neither: the project folder, minus tests and build outputs', async () => {
    const root = project({ 'agents.ts': 'lookup_invoice', 'tests/agents.ts': 'invoice_test_double', 'e2e/desk.ts': 'desk_e2e', 'build/agents.ts': 'built_invoice', 'agents.spec.ts': 'invoice_spec' });
    expect(await names(root)).toEqual(['lookup_invoice']);
  });

  it('ca.yaml src: is honoured as written, tests included', async () => {
    const root = project({ 'ca.yaml': 'src: [tests]\n', 'tsconfig.json': '{ "include": ["src"] }\n', 'src/refunds.ts': 'issue_refund', 'tests/refunds.test.ts': 'refund_test_double' });
    expect(await names(root)).toEqual(['refund_test_double']);
  });
});

describe('a tsconfig.json that does not read is one warning, and the defaults apply', () => {
  it('an extends that is not there: every static verb works, exit 0, a --state git: baseline too; --json carries it, stderr says it once', async () => {
    const root = project({
      'ca.yaml': 'envs:\n  staging: { target: { type: dir, path: .ca/releases/staging } }\n',
      'tsconfig.json': '{ "extends": "../../tsconfig.examples.json", "include": ["lib"] }\n',
      'src/tickets.ts': 'lookup_ticket',
      'test/tickets.ts': 'ticket_test_double',
    });
    await git(root, 'init', '--quiet', '--initial-branch=main');
    await git(root, 'add', '.');
    await git(root, 'commit', '--quiet', '-m', 'support desk');
    const warning = /tsconfig-invalid: tsconfig\.json could not be read \(File '\.\.\/\.\.\/tsconfig\.examples\.json' not found\.\): sources default to src\/ and imports resolve without its paths aliases — fix its "extends"/;
    // ls and lint say it in full; graph counts it among the project's warnings; status shows no diagnostics.
    const verbs: [string[], number][] = [[['ls'], 1], [['lint'], 1], [['graph'], 0], [['status', '--env', 'staging'], 0], [['ls', '-s', 'state:modified', '--state', 'git:HEAD'], 1]];
    for (const [args, times] of verbs) {
      const result = await runCli([...args, '-p', root]);
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr.match(new RegExp(warning, 'g')) ?? [], args.join(' ')).toHaveLength(times);
      expect(result.stderr).not.toMatch(/internal error/);
    }
    const json = await runCli(['ls', '-p', root, '--json']);
    expect(json.stderr.match(new RegExp(warning, 'g'))).toHaveLength(1);
    expect(JSON.parse(json.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'tsconfig-invalid', severity: 'warn', file: 'tsconfig.json' })]);
    expect(JSON.parse(json.stdout).nodes.map((node: { name: string }) => node.name)).toEqual(['lookup_ticket']);
  });

  it('broken JSON (which get-tsconfig alone would half-read) is the same warning, with the place of the mistake', async () => {
    const root = project({ 'tsconfig.json': '{\n  "include": ["lib"]\n  "exclude": []\n}\n', 'src/tickets.ts': 'lookup_ticket', 'lib/refunds.ts': 'issue_refund' });
    const result = await runCli(['ls', '-p', root, '--output', 'names']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('lookup_ticket\n');
    expect(result.stderr).toMatch(/tsconfig-invalid: tsconfig\.json could not be read \(not valid JSON: .* at line 3, column 3\): sources default to src\/ .* — fix its JSON syntax/);
  });
});
