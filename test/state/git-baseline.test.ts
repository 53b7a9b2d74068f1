import { execa } from 'execa';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAndSelect } from '../../src/app/select-project.js';
import { editFile, git, repoWithFixture } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-project.js';

async function select(project: string, select: string, state = 'git:HEAD'): Promise<string[]> {
  const { selection } = await loadAndSelect({ project, noCache: true, selection: { select: [select], exclude: [], state } });
  return [...selection.selected].sort();
}

const LOOKUP_BODY = ['run: async ({ ticket }) => findTicket(ticket),', 'run: async ({ ticket }) => findTicket(ticket.trim()),'] as const;

describe('state: against git:<ref>', () => {
  it('a body edit is modified and modified.body, not config or code; its users only through state:modified+', async () => {
    const { project } = await repoWithFixture('support-desk');
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace(...LOOKUP_BODY));
    expect(await select(project, 'state:modified')).toEqual(['lookup_ticket']);
    expect(await select(project, 'state:modified.body')).toEqual(['lookup_ticket']);
    expect(await select(project, 'state:modified.config')).toEqual([]);
    expect(await select(project, 'state:modified.code')).toEqual([]);
    expect(await select(project, 'state:modified+')).toEqual([
      'billing_agent', 'concierge', 'escalate', 'lookup_ticket', 'refund_flow', 'support_chat', 'triage',
    ]);
    expect(await select(project, 'state:unmodified')).not.toContain('lookup_ticket');
  });

  it('a config edit is modified.config', async () => {
    const { project } = await repoWithFixture('support-desk');
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace("effect: 'write',", "effect: 'dangerous',"));
    expect(await select(project, 'state:modified.config')).toEqual(['update_ticket']);
    expect(await select(project, 'state:modified.body')).toEqual([]);
  });

  it('a helper edit is modified.code for every node that reaches the helper', async () => {
    const { project } = await repoWithFixture('support-desk');
    editFile(project, 'src/lib/money.ts', (text) => text.replace('return REFUND_LIMITS[tier];', 'return REFUND_LIMITS[tier] ?? 0;'));
    expect(await select(project, 'state:modified.code')).toEqual(['check_refund_eligibility', 'refund_desk']);
    expect(await select(project, 'state:modified')).toEqual(['check_refund_eligibility', 'refund_desk']);
  });

  it('whitespace and comment edits are not modifications', async () => {
    const { project } = await repoWithFixture('support-desk');
    editFile(project, 'src/tickets/lookup.ts', (text) => `// reviewed\n${text.replace(/\n/g, '\n\n').replace(/ {2}/g, '\t')}`);
    expect(await select(project, 'state:modified')).toEqual([]);
  });

  it('untracked files and new definitions are new (and modified); removed ones are gone from the selection but reported', async () => {
    const { project } = await repoWithFixture('support-desk');
    writeFileSync(
      path.join(project, 'src/billing/credit-note.ts'),
      "import { tool } from 'composable-agents';\nexport const issueCreditNote = tool({ name: 'issue_credit_note', effect: 'write', run: async () => ({ ok: true }) });\n",
    );
    editFile(project, 'src/tickets/escalate.ts', (text) => text.replace("name: 'notify_tier2'", "name: 'page_tier2'"));
    expect(await select(project, 'state:new')).toEqual(['issue_credit_note', 'page_tier2']);
    expect(await select(project, 'state:modified')).toEqual(expect.arrayContaining(['issue_credit_note', 'page_tier2']));
    const { selection } = await loadAndSelect({ project, noCache: true, selection: { select: ['state:old'], exclude: [], state: 'git:HEAD' } });
    expect(selection.state?.removed).toEqual(['notify_tier2']);
    expect(selection.selected.has('notify_tier2')).toBe(false);
  });

  it('works when the project is a subfolder of the repository', async () => {
    const { project } = await repoWithFixture('support-desk', 'packages/support');
    editFile(project, 'src/kb/answer.ts', (text) => text.replace('uses: [', 'uses: [ '));
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace(...LOOKUP_BODY));
    expect(await select(project, 'state:modified')).toEqual(['lookup_ticket']);
    expect(await select(project, 'state:old')).toHaveLength(18);
  });

  it('reads the baseline from git objects without touching the work tree or the index', async () => {
    const { repo, project } = await repoWithFixture('support-desk');
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace(...LOOKUP_BODY));
    await git(repo, 'add', 'src/tickets/lookup.ts');
    writeFileSync(path.join(project, 'notes.txt'), 'untracked\n');
    const before = await git(repo, 'status', '--porcelain');
    await select(project, 'state:modified');
    expect(await git(repo, 'status', '--porcelain')).toBe(before);
  });

  it('compares with an older commit by ref', async () => {
    const { repo, project } = await repoWithFixture('support-desk');
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace(...LOOKUP_BODY));
    await git(repo, 'commit', '--quiet', '-am', 'trim ticket ids');
    expect(await select(project, 'state:modified', 'git:HEAD')).toEqual([]);
    expect(await select(project, 'state:modified', 'git:HEAD~1')).toEqual(['lookup_ticket']);
  });

  it('a manifest baseline written at the base commit gives the same answers as git', async () => {
    const { project } = await repoWithFixture('support-desk');
    const manifest = path.join(tempDir(), 'base.json');
    expect((await runCli(['manifest', '-p', project, '-o', manifest])).exitCode).toBe(0);
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace(...LOOKUP_BODY));
    editFile(project, 'src/lib/money.ts', (text) => text.replace('return REFUND_LIMITS[tier];', 'return REFUND_LIMITS[tier] ?? 0;'));
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace("effect: 'write',", "effect: 'dangerous',"));
    rmSync(path.join(project, 'src/billing/invoices.ts'));
    for (const criterion of ['state:modified', 'state:modified.body', 'state:modified.config', 'state:modified.code', 'state:new', 'state:old', 'state:unmodified', 'state:modified+']) {
      expect(await select(project, criterion, manifest), criterion).toEqual(await select(project, criterion, 'git:HEAD'));
    }
    // billing_agent used fetch_invoice, whose file is gone: its resolved uses changed, so its config did.
    expect(await select(project, 'state:modified', manifest)).toEqual([
      'billing_agent', 'check_refund_eligibility', 'lookup_ticket', 'refund_desk', 'update_ticket',
    ]);
  });
});

describe('state: scope', () => {
  it('an excluded folder is excluded from the git baseline as from the work tree', async () => {
    const { project } = await repoWithFixture('support-desk');
    editFile(project, 'ca.yaml', (text) => text.replace("exclude: ['**/*.test.ts']", "exclude: ['**/*.test.ts', src/refunds]"));
    const { selection } = await loadAndSelect({ project, noCache: true, selection: { select: ['state:modified'], exclude: [], state: 'git:HEAD' } });
    expect(selection.state?.new).toEqual([]);
    // Were the folder read from git but not from disk, its nodes would show up as removed.
    expect(selection.state?.removed).toEqual([]);
    expect(await select(project, 'path:src/refunds')).toEqual([]);
  });
});

describe('state: errors', () => {
  it('an unknown ref is a usage error that says what to do', async () => {
    const { project } = await repoWithFixture('support-desk');
    const { exitCode, stderr } = await runCli(['ls', '-p', project, '-s', 'state:modified', '--state', 'git:origin/main']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("unknown git ref 'origin/main'");
  });

  it('a shallow clone missing the ref says so', async () => {
    const { repo, project } = await repoWithFixture('support-desk');
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace(...LOOKUP_BODY));
    await git(repo, 'commit', '--quiet', '-am', 'second');
    const clone = path.join(tempDir(), 'clone');
    await execa('git', ['clone', '--quiet', '--depth', '1', `file://${repo}`, clone]);
    const { exitCode, stderr } = await runCli(['ls', '-p', clone, '-s', 'state:modified', '--state', 'git:HEAD~1']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("git ref 'HEAD~1' is not in this shallow clone");
    expect(stderr).toContain('fetch');
  });

  it('outside a repository, git: baselines explain the alternative', async () => {
    const { exitCode, stderr } = await runCli(['ls', '-p', path.join(tempDir(), '.'), '-s', 'state:new', '--state', 'git:HEAD']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('needs a git repository');
  });

  it('the ca.yaml state: key is the default baseline', async () => {
    const { project } = await repoWithFixture('support-desk');
    editFile(project, 'ca.yaml', (text) => `state: git:HEAD\n${text}`);
    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace(...LOOKUP_BODY));
    const { stdout, exitCode } = await runCli(['ls', '-p', project, '-s', 'state:modified', '--output', 'names']);
    expect(exitCode).toBe(0);
    expect(stdout).toBe('lookup_ticket\n');
  });

  it('a corrupt or too-new manifest baseline is a clear error', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'manifest.json'), '{"schemaVersion": 99, "nodes": {}}');
    const tooNew = await runCli(['ls', '-p', dir, '-s', 'state:new', '--state', dir]);
    expect(tooNew.exitCode).toBe(2);
    expect(tooNew.stderr).toContain('manifest schema 99');
    writeFileSync(path.join(dir, 'manifest.json'), '{"schemaVersion": 1, "nod');
    const corrupt = await runCli(['ls', '-p', dir, '-s', 'state:new', '--state', path.join(dir, 'manifest.json')]);
    expect(corrupt.exitCode).toBe(2);
    expect(corrupt.stderr).toContain('is not valid JSON');
  });
});
