import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { editFile, git, repoWithFixture } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { projectWithFiles, tempDir } from '../helpers/temp-project.js';

/**
 * fixtures/workspaces: npm and pnpm workspaces whose agents import tools from other packages by
 * package name (`@acme/tools`, a subpath `@acme/tools/billing` whose `exports` point at an unbuilt
 * dist/, a tsconfig `paths` alias into another package). Their files write $CA_SIDE_EFFECT_MARKER
 * when imported: no static verb may import one.
 */
interface ListedNode {
  name: string;
  localName?: string;
  kind: string;
  file: string;
  package?: { name: string; folder: string; version?: string };
}

let marker = '';
const cli = async (args: string[], cwd: string) => {
  const result = await runCli(args, { cwd, env: { CA_SIDE_EFFECT_MARKER: marker } });
  expect(existsSync(marker), `ca ${args.join(' ')} imported project code`).toBe(false);
  return result;
};
const lines = (stdout: string) => stdout.split('\n').filter(Boolean).sort();

beforeEach(() => {
  marker = path.join(tempDir(), 'imported.txt');
});

/** npm-smallest declared the pnpm way: no `workspaces` in package.json, a negated pattern leaving a package out. */
async function asPnpmWorkspace(repo: string): Promise<void> {
  writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'acme-desk', private: true, type: 'module' }));
  writeFileSync(path.join(repo, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n  - '!packages/legacy'\n");
  mkdirSync(path.join(repo, 'packages', 'legacy', 'src'), { recursive: true });
  writeFileSync(path.join(repo, 'packages', 'legacy', 'package.json'), JSON.stringify({ name: '@acme/legacy' }));
  writeFileSync(path.join(repo, 'packages', 'legacy', 'src', 'old.ts'), "import { tool } from 'composable-agents';\nexport const old = tool({ name: 'old_lookup', effect: 'read', run: async () => 1 });\n");
  editFile(repo, 'packages/agents/package.json', (text) => text.replace('"@acme/tools": "*"', '"@acme/tools": "workspace:*"'));
  await git(repo, 'add', '.');
  await git(repo, 'commit', '--quiet', '-m', 'pnpm');
}

describe.each([
  ['npm workspaces, the smallest', 'workspaces/npm-smallest', undefined],
  ['npm workspaces, three packages with subpath exports into dist/ and a paths alias', 'workspaces/npm-three', undefined],
  ['a pnpm-workspace.yaml', 'workspaces/npm-smallest', asPnpmWorkspace],
])('%s: one project, one graph', (_title, fixture, prepare) => {
  let repo = '';
  beforeEach(async () => {
    ({ repo } = await repoWithFixture(fixture));
    await prepare?.(repo);
  });

  it('lints clean, and the graph has the edges across packages', async () => {
    const lint = await cli(['lint'], repo);
    expect(lint.exitCode, lint.stderr + lint.stdout).toBe(0);
    expect(lint.stderr).toBe('');
    const graph = await cli(['graph', '--format', 'json'], repo);
    const edges = (JSON.parse(graph.stdout) as { edges: { from: string; to: string }[] }).edges.map((e) => `${e.from} -> ${e.to}`);
    expect(edges).toContain('lookup_order -> order_status');
  });

  it('+order_status takes in the tool of the other package; package: selects exactly one package', async () => {
    const up = await cli(['ls', '-s', '+order_status', '--output', 'names'], repo);
    expect(lines(up.stdout)).toEqual(fixture.endsWith('npm-three') ? ['draft_reply', 'lookup_order', 'order_status'] : ['lookup_order', 'order_status']);
    const all = await cli(['ls', '--output', 'names'], repo);
    expect(all.stdout).not.toContain('old_lookup');
    const tools = await cli(['ls', '-s', 'package:@acme/tools', '--json'], repo);
    const nodes = (JSON.parse(tools.stdout) as { nodes: ListedNode[] }).nodes;
    expect(nodes.map((n) => `${n.name} ${n.package?.name} ${n.package?.folder}`)).toEqual(
      fixture.endsWith('npm-three') ? ['lookup_order @acme/tools packages/tools', 'refund_payment @acme/tools packages/tools'] : ['lookup_order @acme/tools packages/tools'],
    );
  });

  it('an edit of a tool in one package makes it and its users in other packages state:modified+', async () => {
    editFile(repo, 'packages/tools/src/index.ts', (text) => text.replace("status: 'shipped'", "status: 'in transit'"));
    const modified = await cli(['ls', '-s', 'state:modified+', '--state', 'git:HEAD', '--output', 'names'], repo);
    expect(modified.exitCode, modified.stderr).toBe(0);
    expect(lines(modified.stdout)).toEqual(fixture.endsWith('npm-three') ? ['lookup_order', 'order_status', 'refund'] : ['lookup_order', 'order_status']);
    await git(repo, 'checkout', '--', '.');
  });
});

describe('npm-three: what crosses packages', () => {
  let repo = '';
  beforeEach(async () => {
    ({ repo } = await repoWithFixture('workspaces/npm-three'));
  });

  it('follows a subpath export into dist/ back to its source, and a paths alias into another package', async () => {
    const result = await cli(['ls', '-s', '+refund', '--json'], repo);
    const nodes = (JSON.parse(result.stdout) as { nodes: ListedNode[] }).nodes;
    expect(nodes.map((n) => `${n.name} ${n.file}`)).toEqual([
      'draft_reply packages/prompts/src/reply.ts',
      'lookup_order packages/tools/src/index.ts',
      'refund packages/agents/src/refund.ts',
      'refund_payment packages/tools/src/billing.ts',
    ]);
  });

  it('a helper edited in the tools package changes the code fingerprint of the tool that reaches it, and its users', async () => {
    editFile(repo, 'packages/tools/src/money.ts', (text) => text.replace('toFixed(2)', 'toFixed(3)'));
    const modified = await cli(['ls', '-s', 'state:modified.code+', '--state', 'git:HEAD', '--output', 'names'], repo);
    expect(lines(modified.stdout)).toEqual(['refund', 'refund_payment']);
    await git(repo, 'checkout', '--', '.');
  });

  it('ls shows the package column, show says the package, graph draws one cluster per package, doctor says where sources are', async () => {
    const table = await cli(['ls'], repo);
    expect(table.stdout.split('\n')[0]).toMatch(/name\s+kind\s+package\s+tags\s+location/);
    expect(table.stdout).toMatch(/refund_payment\s+tool\s+@acme\/tools\s/);
    const show = await cli(['show', 'refund_payment'], repo);
    expect(show.stdout).toMatch(/package\s+@acme\/tools@2\.1\.0 \(packages\/tools\)/);
    expect(show.stdout).toMatch(/helpers\s+packages\/tools\/src\/money\.ts#formatAmount\n/);
    const dot = await cli(['graph', '--format', 'dot'], repo);
    expect(dot.stdout.match(/subgraph "cluster_\d+"/g)).toHaveLength(3);
    const doctor = await cli(['doctor'], repo);
    expect(doctor.stdout).toContain('sources: the 3 packages of the workspace');
  });

  it('ca run from the root and from inside a package runs the source of the other packages, built or not', async () => {
    // What npm install makes: links in node_modules (whose exports point at a dist/ that was never built).
    mkdirSync(path.join(repo, 'node_modules', '@acme'), { recursive: true });
    for (const name of ['tools', 'prompts', 'agents']) symlinkSync(path.join('..', '..', 'packages', name), path.join(repo, 'node_modules', '@acme', name));
    writeFileSync(path.join(repo, 'mocks.yaml'), 'reasoners:\n  draft_reply: "Refunded, thanks for waiting."\n');
    const fromRoot = await runCli(['run', 'refund', '--input', '"A-7"', '--mock', 'mocks.yaml', '--approve', 'all'], { cwd: repo });
    expect(fromRoot.exitCode, fromRoot.stderr).toBe(0);
    expect(fromRoot.stdout.trim()).toBe('Refunded, thanks for waiting.');
    const inside = await runCli(['run', 'order_status', '--input', '"A-7"', '--mock', '../../mocks.yaml'], { cwd: path.join(repo, 'packages', 'agents') });
    expect(inside.exitCode, inside.stderr).toBe(0);
    expect(inside.stdout.trim()).toBe('Refunded, thanks for waiting.');
  });

  it('inside one package, ca sees only that package; --project at the root sees the workspace', async () => {
    const inside = await cli(['ls', '--output', 'names'], path.join(repo, 'packages', 'agents'));
    expect(lines(inside.stdout)).toEqual(['order_status', 'refund']);
    const whole = await cli(['ls', '--output', 'names', '-p', '../..'], path.join(repo, 'packages', 'agents'));
    expect(lines(whole.stdout)).toEqual(['draft_reply', 'lookup_order', 'order_status', 'refund', 'refund_payment']);
  });
});

describe('the same name in two packages', () => {
  let repo = '';
  beforeEach(async () => {
    ({ repo } = await repoWithFixture('workspaces/same-names'));
  });

  it('lists both with package-qualified ids and lints clean', async () => {
    const result = await cli(['ls', '--json'], repo);
    const nodes = (JSON.parse(result.stdout) as { nodes: ListedNode[] }).nodes;
    expect(nodes.map((n) => `${n.name} ${n.localName ?? '-'} ${n.package?.name}`)).toEqual(['billing/triage triage @acme/billing', 'escalate - @acme/support', 'support/triage triage @acme/support']);
    const lint = await cli(['lint'], repo);
    expect(lint.exitCode, lint.stdout).toBe(0);
  });

  it('a bare name is ambiguous (exit 2, naming both ids); a qualified id selects one', async () => {
    const bare = await cli(['ls', '-s', 'triage'], repo);
    expect(bare.exitCode).toBe(2);
    expect(bare.stderr.trim().split('\n')).toHaveLength(1);
    expect(bare.stderr).toContain("'triage' is defined in 2 packages: billing/triage, support/triage");
    const one = await cli(['ls', '-s', 'support/triage+', '--output', 'names'], repo);
    expect(lines(one.stdout)).toEqual(['escalate', 'support/triage']);
    const show = await cli(['show', 'triage'], repo);
    expect(show.exitCode).toBe(2);
  });

  it('a second package defining a name qualifies the first one without making it, or its users, modified', async () => {
    const billing = readFileSync(path.join(repo, 'packages/billing/src/triage.ts'), 'utf8');
    rmSync(path.join(repo, 'packages/billing/src/triage.ts'));
    await git(repo, 'commit', '--quiet', '-am', 'only support triages');
    const before = await cli(['ls', '--output', 'names'], repo);
    expect(lines(before.stdout)).toEqual(['escalate', 'triage']);
    writeFileSync(path.join(repo, 'packages/billing/src/triage.ts'), billing);
    const added = await cli(['ls', '-s', 'state:modified', '--state', 'git:HEAD', '--output', 'names'], repo);
    expect(lines(added.stdout)).toEqual(['billing/triage']);
    // And back: the other package stops defining it.
    await git(repo, 'add', '.');
    await git(repo, 'commit', '--quiet', '-m', 'billing triages too');
    rmSync(path.join(repo, 'packages/billing/src/triage.ts'));
    const removed = await cli(['ls', '-s', 'state:modified', '--state', 'git:HEAD', '--output', 'names'], repo);
    expect(removed.stdout.trim()).toBe('');
  });

  it('deploys and checks status node by node under the qualified ids', async () => {
    writeFileSync(path.join(repo, 'ca.yaml'), 'envs:\n  dev: { target: { type: dir, path: .ca/releases/dev } }\n');
    const deploy = await cli(['deploy', '--env', 'dev', '--json'], repo);
    expect(deploy.exitCode, deploy.stderr).toBe(0);
    expect((JSON.parse(deploy.stdout) as { published: { node: string }[] }).published.map((p) => p.node).sort()).toEqual(['billing/triage', 'escalate', 'support/triage']);
    editFile(repo, 'packages/billing/src/triage.ts', (text) => text.replace('Route a billing ticket', 'Route a billing ticket fast'));
    const status = await cli(['status', '--env', 'dev', '--json'], repo);
    expect(status.exitCode).toBe(3);
    const rows = (JSON.parse(status.stdout) as { rows: { node: string; status: string }[] }).rows;
    expect(rows.map((row) => `${row.node} ${row.status}`)).toEqual(['billing/triage drifted', 'escalate in-sync', 'support/triage in-sync']);
  });

  it('runs a qualified node by its id', async () => {
    const result = await runCli(['run', 'billing/triage', '--input', '"T-9"', '--json'], { cwd: repo });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toMatchObject({ type: 'run.ended', status: 'succeeded', output: { ticket: 'T-9', queue: 'billing' } });
  });

  it('two definitions of one name inside one package are still a duplicate-name error', async () => {
    const root = projectWithFiles({
      'package.json': JSON.stringify({ name: 'desk', private: true, workspaces: ['packages/*'] }),
      'packages/a/package.json': JSON.stringify({ name: 'a' }),
      'packages/a/src/one.ts': "import { tool } from 'composable-agents';\nexport const one = tool({ name: 'lookup', effect: 'read', run: async () => 1 });\n",
      'packages/a/src/two.ts': "import { tool } from 'composable-agents';\nexport const two = tool({ name: 'lookup', effect: 'read', run: async () => 2 });\n",
      'packages/b/package.json': JSON.stringify({ name: 'b' }),
      'packages/b/src/three.ts': "import { tool } from 'composable-agents';\nexport const three = tool({ name: 'lookup', effect: 'read', run: async () => 3 });\n",
    });
    const lint = await cli(['lint', '--format', 'json'], root);
    const findings = (JSON.parse(lint.stdout) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'duplicate-name').map((f) => `${f.file}: ${f.message}`)).toEqual([
      'packages/a/src/one.ts: the name "lookup" is defined 2 times in the package a',
      'packages/a/src/two.ts: the name "lookup" is defined 2 times in the package a',
    ]);
  });
});

describe('a workspace that does not read', () => {
  it('warns, naming the file, and scans what it can', async () => {
    const root = projectWithFiles({
      'package.json': JSON.stringify({ name: 'desk', private: true, workspaces: ['packages/*', 'apps/*'] }),
      'packages/tools/package.json': JSON.stringify({ name: '@desk/tools', dependencies: { '@desk/agents': '*' }, exports: { '.': './bundle/index.js' } }),
      'packages/tools/src/index.ts': "import { tool } from 'composable-agents';\nexport const lookup = tool({ name: 'lookup', effect: 'read', run: async () => 1 });\n",
      'packages/agents/package.json': JSON.stringify({ name: '@desk/agents', dependencies: { '@desk/tools': '*' } }),
      'packages/agents/src/flow.ts':
        "import { flow } from 'composable-agents';\nimport { lookup } from '@desk/tools';\nexport const ask = flow({ name: 'ask', uses: [lookup], run: async (ctx) => ctx.call(lookup, {}) });\n",
      'packages/noname/package.json': JSON.stringify({ version: '1.0.0' }),
      'packages/noname/src/x.ts': "import { tool } from 'composable-agents';\nexport const x = tool({ name: 'x', effect: 'read', run: async () => 1 });\n",
      'packages/copy/package.json': JSON.stringify({ name: '@desk/agents' }),
      'packages/broken/package.json': '{ "name": ',
    });
    symlinkSync('loop', path.join(root, 'packages', 'loop'));
    symlinkSync('missing-folder', path.join(root, 'packages', 'dangling'));
    symlinkSync('..', path.join(root, 'packages', 'up'));
    const result = await cli(['ls', '--output', 'names'], root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(lines(result.stdout)).toEqual(['ask', 'lookup', 'x']);
    const unnamed = await cli(['ls', '-s', 'package:noname', '--output', 'names'], root);
    expect(unnamed.stdout.trim()).toBe('x');
    const warnings = result.stderr.split('\n').filter((line) => line.includes('workspace-invalid'));
    const said = (file: string, text: string) => expect(warnings.some((line) => line.startsWith(`warning ${file} `) && line.includes(text)), `${file}: ${text}\n${result.stderr}`).toBe(true);
    said('package.json', "the workspace pattern 'apps/*' in package.json matches no folder");
    said('packages/noname/package.json', 'has no "name"');
    said('packages/copy/package.json', 'the package name @desk/agents is used by packages/agents and packages/copy');
    said('packages/broken/package.json', 'cannot be read');
    said('packages/agents/package.json', 'depend on each other in a circle: @desk/agents → @desk/tools → @desk/agents');
    said('packages/loop', 'is a link that cannot be followed');
    said('packages/dangling', 'is a link that cannot be followed');
    said('packages/up', 'links to the repository root');
    said('packages/tools/package.json', 'the import @desk/tools (in packages/agents/src/flow.ts) cannot be followed to a source file: it leads to packages/tools/bundle/index.js');
  });
});

describe('registry dependencies that define nodes', () => {
  const sharedTools = (version: string, tier: string) => ({
    'node_modules/@acme/shared-tools/package.json': JSON.stringify({
      name: '@acme/shared-tools',
      version,
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      peerDependencies: { 'composable-agents': '>=0.1' },
    }),
    'node_modules/@acme/shared-tools/dist/index.js': "export { lookupCustomer } from './customers.js';\nexport { onboard } from './onboard.js';\n",
    'node_modules/@acme/shared-tools/dist/onboard.js': [
      "import { flow } from 'composable-agents';",
      "import { lookupCustomer } from './customers.js';",
      "export const onboard = flow({ name: 'onboard_customer', description: 'Onboard a customer', uses: [lookupCustomer], run: async (ctx, email) => ctx.call(lookupCustomer, { email }) });",
      '',
    ].join('\n'),
    'node_modules/@acme/shared-tools/dist/index.d.ts': 'export declare const lookupCustomer: unknown;\n',
    'node_modules/@acme/shared-tools/dist/customers.js': [
      "import { writeFileSync } from 'node:fs';",
      "import { tool } from 'composable-agents';",
      'if (process.env.CA_SIDE_EFFECT_MARKER) writeFileSync(process.env.CA_SIDE_EFFECT_MARKER, `imported by pid ${process.pid}\\n`);',
      "export const lookupCustomer = tool({ name: 'lookup_customer', description: 'Fetch a customer', effect: 'read',",
      `  run: async ({ email }) => ({ email, tier: '${tier}' }) });`,
      '',
    ].join('\n'),
  });
  const project = () =>
    projectWithFiles({
      'package.json': JSON.stringify({ name: 'desk', type: 'module', dependencies: { '@acme/shared-tools': '^1.2.0', 'left-pad': '1.0.0' } }),
      'ca.yaml': 'envs:\n  dev: { target: { type: dir, path: .ca/releases/dev } }\n',
      'node_modules/left-pad/package.json': JSON.stringify({ name: 'left-pad', version: '1.0.0', main: 'index.js' }),
      'node_modules/left-pad/index.js': 'module.exports = 1;\n',
      ...sharedTools('1.2.0', 'gold'),
      'src/welcome.ts': [
        "import { flow } from 'composable-agents';",
        "import { lookupCustomer } from '@acme/shared-tools';",
        "export const welcome = flow({ name: 'welcome', description: 'Greet a customer', uses: [lookupCustomer],",
        '  run: async (ctx, email: string) => `Welcome, ${(await ctx.call(lookupCustomer, { email })).tier} customer` });',
        '',
      ].join('\n'),
    });

  it('are external nodes: listed with their package and version, usable in uses and selectors, not linted, never deployed', async () => {
    const root = project();
    const listed = await cli(['ls', '--json'], root);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const nodes = (JSON.parse(listed.stdout) as { nodes: (ListedNode & { uses: string[] })[] }).nodes;
    expect(nodes.map((n) => `${n.name} ${n.file} ${JSON.stringify(n.package)}`)).toEqual([
      'lookup_customer node_modules/@acme/shared-tools/dist/customers.js {"name":"@acme/shared-tools","folder":"node_modules/@acme/shared-tools","version":"1.2.0","external":true}',
      'onboard_customer node_modules/@acme/shared-tools/dist/onboard.js {"name":"@acme/shared-tools","folder":"node_modules/@acme/shared-tools","version":"1.2.0","external":true}',
      'welcome src/welcome.ts {"name":"desk","folder":"."}',
    ]);
    expect(nodes.find((n) => n.name === 'welcome')?.uses).toEqual(['lookup_customer']);
    const selected = await cli(['ls', '-s', 'package:@acme/*', '--output', 'names'], root);
    expect(lines(selected.stdout)).toEqual(['lookup_customer', 'onboard_customer']);
    const lint = await cli(['lint', '--format', 'json'], root);
    expect(lint.exitCode, lint.stdout).toBe(0);
    expect(JSON.parse(lint.stdout)).toMatchObject({ linted: 1, findings: [] });
    const plan = await cli(['deploy', '--env', 'dev', '--dry-run', '--json'], root);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as { plan: { node: string }[] }).plan.map((entry) => entry.node)).toEqual(['welcome']);
  });

  it('a git baseline (node_modules is not in git) reads them as installed: nothing is new', async () => {
    const root = project();
    writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n.ca/\n');
    await git(root, 'init', '--quiet', '--initial-branch=main');
    await git(root, 'add', '.');
    await git(root, 'commit', '--quiet', '-m', 'desk');
    const modified = await cli(['ls', '-s', 'state:modified', '--state', 'git:HEAD', '--output', 'names'], root);
    expect(modified.exitCode, modified.stderr).toBe(0);
    expect(modified.stdout.trim()).toBe('');
  });

  it('an upgrade of the dependency makes its nodes and their users modified against a manifest, and ca run runs the installed code', async () => {
    const root = project();
    const manifest = await cli(['manifest', '--out', 'before.json'], root);
    expect(manifest.exitCode, manifest.stderr).toBe(0);
    for (const [file, text] of Object.entries(sharedTools('1.3.0', 'platinum'))) writeFileSync(path.join(root, file), text);
    const modified = await cli(['ls', '-s', 'state:modified+', '--state', 'before.json', '--output', 'names'], root);
    expect(lines(modified.stdout)).toEqual(['lookup_customer', 'onboard_customer', 'welcome']);
    const run = await runCli(['run', 'welcome', '--input', '"a@b.c"'], { cwd: root });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('Welcome, platinum customer');
  });
});

describe('a solution tsconfig.json with project references', () => {
  it('is a workspace of the projects it references: an import of another project\'s build output reads its source', async () => {
    const root = projectWithFiles({
      'package.json': JSON.stringify({ name: 'refs', private: true, type: 'module' }),
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/tools' }, { path: './packages/agents' }, { path: './packages/gone' }] }),
      'packages/tools/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, rootDir: 'src', outDir: 'dist' }, include: ['src'] }),
      'packages/tools/package.json': JSON.stringify({ name: '@refs/tools', version: '0.1.0' }),
      'packages/tools/src/index.ts': "import { tool } from 'composable-agents';\nexport const lookup = tool({ name: 'lookup', description: 'Look up', effect: 'read', run: async () => 1 });\n",
      'packages/agents/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, rootDir: 'src', outDir: 'dist' }, include: ['src'], references: [{ path: '../tools' }] }),
      'packages/agents/src/ask.ts':
        "import { flow } from 'composable-agents';\nimport { lookup } from '../../tools/dist/index.js';\nexport const ask = flow({ name: 'ask', description: 'Ask', uses: [lookup], run: async (ctx) => ctx.call(lookup, {}) });\n",
    });
    const result = await cli(['ls', '--json'], root);
    expect(result.exitCode, result.stderr).toBe(0);
    const nodes = (JSON.parse(result.stdout) as { nodes: (ListedNode & { uses: string[] })[] }).nodes;
    expect(nodes.map((n) => `${n.name} [${n.uses.join(',')}] ${n.package?.name}`)).toEqual(['ask [lookup] packages/agents', 'lookup [] @refs/tools']);
    expect(result.stderr).toContain('warning tsconfig.json workspace-invalid: tsconfig.json references ./packages/gone, which has no tsconfig.json');
  });
});
