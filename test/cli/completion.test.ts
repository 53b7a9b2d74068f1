// Shell completion: oclif's autocomplete plugin is wired in (the real CLI prints a set-up script),
// `ca __complete-values` lists the project's values, and the bash snippet of docs/completion.md
// completes them in a real bash.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { copyFixture, FIXTURES, REPO_ROOT, tempDir } from '../helpers/temp-project.js';

const SUPPORT_DESK = path.join(FIXTURES, 'support-desk');

const NODES = [
  'answer_question', 'billing_agent', 'check_refund_eligibility', 'classify_ticket', 'concierge', 'escalate',
  'fetch_invoice', 'issue_refund', 'kb_answer', 'lookup_ticket', 'notify_tier2', 'refund_decision',
  'refund_desk', 'refund_flow', 'search_articles', 'support_chat', 'triage', 'update_ticket',
];

describe('ca autocomplete', () => {
  it('prints the set-up script for bash and builds the completion function with the verbs and flags', async () => {
    const cache = tempDir();
    const env = { XDG_CACHE_HOME: cache };
    const instructions = await runCli(['autocomplete', 'bash'], { env });
    expect(instructions.exitCode, instructions.stderr).toBe(0);
    expect(instructions.stdout).toContain('ca autocomplete script bash');

    const script = await runCli(['autocomplete', 'script', 'bash'], { env });
    expect(script.exitCode).toBe(0);
    const setup = path.join(cache, 'composable-agents', 'autocomplete', 'bash_setup');
    expect(script.stdout).toContain(`CA_AC_BASH_SETUP_PATH=${setup} && test -f $CA_AC_BASH_SETUP_PATH && source $CA_AC_BASH_SETUP_PATH;`);

    const functions = readFileSync(path.join(cache, 'composable-agents', 'autocomplete', 'functions', 'bash', 'ca.bash'), 'utf8');
    expect(functions).toContain('_ca_autocomplete()');
    expect(functions).toMatch(/^doctor /m);
    expect(functions).toMatch(/^ls .*--watch/m);
    // Plumbing stays out of the verbs a user is offered.
    expect(functions).not.toContain('__complete-values');
  });
});

describe('ca __complete-values', () => {
  it('lists the node names, tags, envs and named selectors of the project, one per line', async () => {
    const nodes = await runCli(['__complete-values', 'nodes', '-p', SUPPORT_DESK]);
    expect(nodes.exitCode).toBe(0);
    expect(nodes.stdout.trimEnd().split('\n')).toEqual(NODES);
    const tags = await runCli(['__complete-values', 'tags', '-p', SUPPORT_DESK]);
    expect(tags.stdout).toBe('billing\nkb\nrefunds\nsupport\ntier2\n');
    const envs = await runCli(['__complete-values', 'envs'], { cwd: path.join(SUPPORT_DESK, 'src', 'kb') });
    expect(envs.stdout).toBe('prod\nstaging\n');
    const selectors = await runCli(['__complete-values', 'selectors', '-p', SUPPORT_DESK]);
    expect(selectors.stdout).toBe('support_ci\n');
    const packages = await runCli(['__complete-values', 'packages', '-p', path.join(FIXTURES, 'workspaces', 'npm-three')]);
    expect(packages.stdout).toBe('@acme/agents\n@acme/prompts\n@acme/tools\n');
    const kinds = await runCli(['__complete-values', 'kinds']);
    expect(kinds.stdout).toBe('agent\nflow\nmcp_server\nreasoner\nsession\ntool\n');
  });

  it('an unknown kind is a usage error; --json gives the list', async () => {
    const bad = await runCli(['__complete-values', 'flows', '-p', SUPPORT_DESK]);
    expect(bad.exitCode).toBe(2);
    const json = await runCli(['__complete-values', 'envs', '-p', SUPPORT_DESK, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ kind: 'envs', values: ['prod', 'staging'] });
  });
});

/** The ```bash block of docs/completion.md, as a user would paste it. */
function bashSnippet(): string {
  const page = readFileSync(path.join(REPO_ROOT, 'docs', 'completion.md'), 'utf8');
  const block = /### bash\n\n```bash\n([\s\S]*?)```/.exec(page);
  if (!block) throw new Error('docs/completion.md has no bash snippet');
  return block[1]!;
}

const hasBash = spawnSync('bash', ['--version']).status === 0;

describe('the bash snippet of docs/completion.md', () => {
  it.skipIf(!hasBash)('completes node names after -s, tags after tag:, kinds after kind:, envs after --env, and hands verbs to oclif', async () => {
    // A copy without named selectors: `--selector` values then show whether -p is passed on.
    const root = copyFixture('support-desk');
    const config = readFileSync(path.join(root, 'ca.yaml'), 'utf8');
    writeFileSync(path.join(root, 'ca.yaml'), config.slice(0, config.indexOf('selectors:')));
    const cache = tempDir();
    expect((await runCli(['autocomplete', 'bash'], { env: { XDG_CACHE_HOME: cache } })).exitCode).toBe(0);
    const setup = (await runCli(['autocomplete', 'script', 'bash'], { env: { XDG_CACHE_HOME: cache } })).stdout;
    // `complete WORDS...` prints what the shell would offer for the line.
    const script = `
ca() { ${JSON.stringify(process.execPath)} ${JSON.stringify(CA_BIN)} "$@"; }
${setup}
${bashSnippet()}
complete_line() {
  COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=()
  _ca_complete_values
  printf '%s\\n' "\${COMPREPLY[@]}" | sort
  echo "--"
}
complete_line ca ls -s tri
complete_line ca lint -s tag : su
complete_line ca ls -s kind : mcp
complete_line ca ls -p ${JSON.stringify(path.join(FIXTURES, 'workspaces', 'npm-three'))} -s package : @acme/t
complete_line ca status --env ''
complete_line ca show refund_
complete_line ca do
complete_line ca ls --selector ''
complete_line ca ls -p ${JSON.stringify(SUPPORT_DESK)} --selector ''
`;
    const result = spawnSync('bash', ['-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cache } });
    expect(result.status, result.stderr).toBe(0);
    const answers = result.stdout.split('--\n').map((chunk) => chunk.trim().split('\n').filter(Boolean));
    expect(answers[0]).toEqual(['triage']);
    expect(answers[1]).toEqual(['support']);
    expect(answers[2]).toEqual(['mcp_server']);
    expect(answers[3]).toEqual(['@acme/tools']);
    expect(answers[4]).toEqual(['prod', 'staging']);
    expect(answers[5]).toEqual(['refund_decision', 'refund_desk', 'refund_flow']);
    expect(answers[6]).toEqual(['doctor']);
    expect(answers[7]).toEqual([]);
    expect(answers[8]).toEqual(['support_ci']);
  });
});
