import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editFile, git, repoWithFixture } from '../helpers/git-repo.js';
import { CA_BIN } from '../helpers/run-cli.js';
import { REPO_ROOT } from '../helpers/temp-project.js';

const TEMPLATE = path.join(REPO_ROOT, 'templates', 'github', 'ca-lint.yml');

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  run?: string;
}
interface Job {
  if?: string;
  permissions: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

let workflow: Workflow;
beforeAll(() => {
  workflow = parse(readFileSync(TEMPLATE, 'utf8')) as Workflow;
});

const step = (job: Job, match: (s: Step) => boolean | undefined): Step => {
  const found = job.steps.find(match);
  if (!found) throw new Error('step not found');
  return found;
};
const LINT_COMMAND = './node_modules/.bin/ca lint -s state:modified+ --state "git:origin/$BASE_REF" --format github';

describe('templates/github/ca-lint.yml', () => {
  it('runs on pull_request, never pull_request_target, with a read-only token by default', () => {
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('the lint job: full history, node 20, install without scripts, then lint the changed nodes against the base branch', () => {
    const lint = workflow.jobs.lint!;
    expect(lint.if).toBe("github.event_name == 'pull_request'");
    expect(lint.permissions).toEqual({ contents: 'read' });
    expect(lint.steps.map((s) => s.uses ?? s.run)).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'npm ci --ignore-scripts', 'actions/cache@v4', LINT_COMMAND]);
    expect(step(lint, (s) => s.uses?.startsWith('actions/checkout')).with).toEqual({ 'fetch-depth': 0, 'persist-credentials': false });
    expect(step(lint, (s) => s.uses?.startsWith('actions/setup-node')).with).toMatchObject({ 'node-version': 20 });
    // The base branch name reaches the shell through the environment, not by interpolation.
    expect(step(lint, (s) => s.run === LINT_COMMAND).env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
  });

  it("keeps ca's cache between runs: pull requests start from main's, main saves one per push", () => {
    const cacheOf = (job: Job) => step(job, (s) => s.uses?.startsWith('actions/cache'));
    const lint = cacheOf(workflow.jobs.lint!).with!;
    const sarif = cacheOf(workflow.jobs.sarif!).with!;
    for (const cache of [lint, sarif]) expect(cache).toMatchObject({ path: '.ca/cache', 'restore-keys': 'ca-cache-${{ runner.os }}-' });
    expect(lint.key).toBe('ca-cache-${{ runner.os }}-${{ github.event.pull_request.head.sha }}');
    expect(sarif.key).toBe('ca-cache-${{ runner.os }}-${{ github.sha }}');
    // Restored before ca runs, in both jobs.
    for (const job of [workflow.jobs.lint!, workflow.jobs.sarif!]) {
      const index = (match: (s: Step) => boolean | undefined) => job.steps.findIndex(match);
      expect(index((s) => s.uses?.startsWith('actions/cache'))).toBeLessThan(index((s) => s.run?.includes('ca lint')));
    }
  });

  it('only the SARIF job may write security events, and it uploads what ca wrote', () => {
    const sarif = workflow.jobs.sarif!;
    expect(sarif.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    for (const [name, job] of Object.entries(workflow.jobs)) if (name !== 'sarif') expect(job.permissions['security-events']).toBeUndefined();
    expect(step(sarif, (s) => s.run?.includes('ca lint')).run).toContain('./node_modules/.bin/ca lint --format sarif > ca-lint.sarif');
    expect(step(sarif, (s) => s.uses?.startsWith('github/codeql-action/upload-sarif')).with).toMatchObject({ sarif_file: 'ca-lint.sarif' });
    expect(step(sarif, (s) => s.run?.startsWith('npm ci')).run).toBe('npm ci --ignore-scripts');
  });

  it('no step interpolates an expression into a shell command', () => {
    for (const job of Object.values(workflow.jobs)) for (const s of job.steps) expect(s.run ?? '').not.toContain('${{');
  });

  describe('its commands, run in a pull request checkout', () => {
    // The workflow's shell, with the template's ./node_modules/.bin/ca pointing at this build.
    const sh = (script: string, cwd: string, env: Record<string, string> = {}) =>
      execa('bash', ['-euo', 'pipefail', '-c', script.replaceAll('./node_modules/.bin/ca', `node ${JSON.stringify(CA_BIN)}`)], {
        cwd,
        env: { NO_COLOR: '1', ...env },
        reject: false,
      });

    it('the lint step annotates only what the pull request changed, and fails on it', async () => {
      const { repo } = await repoWithFixture('support-desk');
      // origin/main, as actions/checkout with fetch-depth: 0 leaves it; then the pull request's change.
      await git(repo, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
      editFile(repo, 'src/tickets/escalate.ts', (text) =>
        text
          .replace('  uses: [triage, updateTicket, notifyTier2]', '  uses: [triage, updateTicket, notifyTier2, ESCALATE]')
          .replace('Re-triage a ticket and hand it to tier 2', 'Re-triage a ticket and page tier 2'),
      );
      const lintStep = step(workflow.jobs.lint!, (s) => s.run?.includes('ca lint'));
      const result = await sh(lintStep.run!, repo, { BASE_REF: 'main' });
      expect(result.exitCode).toBe(1);
      const lines = String(result.stdout).trim().split('\n');
      expect(lines).toContainEqual(expect.stringMatching(/^::error file=src\/tickets\/escalate\.ts,line=25,col=45,title=ca lint%3A unresolved-use::escalate uses ESCALATE/));
      // Only escalate and what depends on it (concierge in src/agents.ts, support_chat in src/sessions.ts).
      for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=src\/(tickets\/escalate|agents|sessions)\.ts,/);
    });

    it('the SARIF step writes the log and passes on findings, but fails on a configuration error', async () => {
      const { repo } = await repoWithFixture('support-desk');
      const sarifStep = step(workflow.jobs.sarif!, (s) => s.run?.includes('ca lint'));
      const ok = await sh(sarifStep.run!, repo);
      expect(ok.exitCode).toBe(0);
      const log = JSON.parse(readFileSync(path.join(repo, 'ca-lint.sarif'), 'utf8')) as { version: string };
      expect(log.version).toBe('2.1.0');

      editFile(repo, 'src/tickets/escalate.ts', (text) => text.replace('  uses: [triage,', '  uses: [ESCALATE, triage,'));
      const findings = await sh(sarifStep.run!, repo);
      expect(findings.exitCode).toBe(0);
      expect(readFileSync(path.join(repo, 'ca-lint.sarif'), 'utf8')).toContain('"ruleId": "unresolved-use"');

      editFile(repo, 'ca.yaml', (text) => `${text}\nlint:\n  rules:\n    no-such-rule: off\n`);
      const broken = await sh(sarifStep.run!, repo);
      expect(broken.exitCode).not.toBe(0);
      expect(String(broken.stderr)).toContain("unknown rule 'no-such-rule'");
    });
  });

  it('is shipped in the npm package (package.json files has templates)', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('templates');
    expect(existsSync(TEMPLATE)).toBe(true);
  });
});
