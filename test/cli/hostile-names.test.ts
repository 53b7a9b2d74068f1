import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from '../helpers/git-repo.js';
import { type CliRun, runCli } from '../helpers/run-cli.js';
import { REPO_ROOT, tempDir } from '../helpers/temp-project.js';

// Strings a pull request controls, holding what would act on a CI log or a terminal if printed raw:
// a newline followed by GitHub workflow commands, an escape sequence that clears the screen, a
// carriage return that overwrites the line, a bidi override that reverses what follows.
const INJECT = '\n::warning title=ok::all clear\n::stop-commands::pwned';
const ESC = '\u001b[2J\u001b[31m';
const BIDI = '\u202e';

const hostileSource = [
  "import { flow, tool } from 'composable-agents';",
  '',
  'export const lookup = tool({',
  // A template literal holds the newlines as they are: the name has real line breaks.
  `  name: \`lookup${INJECT}\`,`,
  `  description: 'Looks up ${ESC}tickets\\r::error::overwritten ${BIDI}txet desrever',`,
  "  effect: 'read',",
  "  tags: ['billing\\n::notice::tag'],",
  '  run: async () => 1,',
  '});',
  '',
  'export const spaced = flow({',
  "  name: 'has space',",
  "  description: 'a flow with a space in its name',",
  '  uses: [lookup],',
  '  run: async (ctx) => ctx.call(lookup, {}),',
  '});',
  '',
].join('\n');

// Valid names whose run data (logs, errors, tool output) is hostile: model and tool output are untrusted too.
const deskSource = [
  "import { flow, tool } from 'composable-agents';",
  '',
  "export const fetchTicket = tool({ name: 'fetch_ticket', description: 'Fetch a ticket', effect: 'read', run: async () => ({ body: '\\n::warning::from the tool\\u001b[2J' }) });",
  '',
  'export const echoTicket = flow({',
  "  name: 'echo_ticket',",
  '  uses: [fetchTicket],',
  '  run: async (ctx) => {',
  `    ctx.log('::warning::logged\\n::error::second line ${ESC}');`,
  '    const ticket = await ctx.call(fetchTicket, {});',
  '    return ticket.body.length;',
  '  },',
  '});',
  '',
  'export const breakTicket = flow({',
  "  name: 'break_ticket',",
  `  run: async () => { throw new Error('bad ticket\\n::error::injected ${ESC}${BIDI}'); },`,
  '});',
  '',
].join('\n');

async function hostileProject(): Promise<string> {
  const dir = tempDir('ca-hostile-');
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'hostile.ts'), hostileSource);
  writeFileSync(path.join(dir, 'src', 'desk.ts'), deskSource);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'hostile-desk', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'ca.yaml'), 'src: [src]\nenvs:\n  prod:\n    target: { type: dir, path: ./published }\n');
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await git(dir, 'init', '--quiet');
  await git(dir, 'add', '.');
  await git(dir, '-c', 'user.name=Mallory', '-c', 'user.email=m@example.com', 'commit', '--quiet', '-m', 'hostile');
  return dir;
}

/** What a user (or a CI log parser) would notice: a line that reads as a workflow command, or a raw control character. */
function problems(label: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*::/.test(line)) found.push(`${label} line ${index + 1} reads as a workflow command: ${JSON.stringify(line)}`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(line)) found.push(`${label} line ${index + 1} holds a raw control character: ${JSON.stringify(line)}`);
  });
  return found;
}

function check(label: string, run: CliRun, options: { stdout?: boolean } = {}): string[] {
  return [...(options.stdout === false ? [] : problems(`${label} stdout`, run.stdout)), ...problems(`${label} stderr`, run.stderr)];
}

describe('names and other project strings are data in every human output', () => {
  it('ls, lint, show, graph, deploy, status, history, run, trace and runs never print a workflow command or a raw control character', async () => {
    const project = await hostileProject();
    const hostileName = `lookup${INJECT}`;
    const ca = (...args: string[]) => runCli(args, { cwd: project, env: { CA_ACTOR: 'mallory\n::warning::actor' } });
    const found: string[] = [];

    const ls = await ca('ls');
    found.push(...check('ls', ls));
    // The name is shown, quoted and escaped, on one line of the table.
    expect(ls.stdout).toContain('"lookup\\n::warning title=ok::all clear\\n::stop-commands::pwned"');
    expect(ls.stdout).toContain('billing\\n::notice::tag');
    found.push(...check('ls --output names', await ca('ls', '--output', 'names')));

    const lint = await ca('lint');
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toContain('invalid-name');
    found.push(...check('lint', lint));
    const github = await ca('lint', '--format', 'github');
    // Exactly the annotations ca means to write: one per finding, the name's newlines encoded as %0A.
    const commands = github.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(commands, github.stdout).toHaveLength(2);
    expect(commands.every((line) => /^::error file=src\/hostile\.ts,line=\d+,col=\d+,title=ca lint%3A invalid-name::/.test(line))).toBe(true);
    expect(github.stdout).toContain('the name "lookup\\n::warning title=ok::all clear\\n::stop-commands::pwned"');

    const show = await ca('show', hostileName);
    expect(show.exitCode, show.stderr).toBe(0);
    found.push(...check('show', show));
    expect(show.stdout).toContain('Looks up \\x1b[2J\\x1b[31mtickets\\r::error::overwritten \\u202etxet desrever');
    found.push(...check('graph --format mermaid', await ca('graph', '--format', 'mermaid')));

    const plan = await ca('deploy', '--env', 'prod', '--dry-run', '--no-lint');
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain('+ "has space" flow');
    found.push(...check('deploy --dry-run', plan));
    const deploy = await ca('deploy', '--env', 'prod', '--no-lint', '--yes', '--message', 'ship\n::warning::from the message');
    expect(deploy.exitCode).toBe(0);
    found.push(...check('deploy', deploy));
    found.push(...check('status', await ca('status', '--env', 'prod')));
    const history = await ca('history', '--env', 'prod');
    expect(history.stdout).toContain('mallory\\n::warning::actor');
    found.push(...check('history', history));

    const echo = await ca('run', 'echo_ticket');
    expect(echo.exitCode).toBe(0);
    // stdout is the run's exact result (here a number); the live tree on stderr shows the logs escaped.
    found.push(...check('run echo_ticket', echo));
    expect(echo.stderr).toContain('\\x3a:warning::logged');
    const broken = await ca('run', 'break_ticket');
    expect(broken.exitCode).toBe(1);
    found.push(...check('run break_ticket', broken));
    expect(broken.stderr).toContain('bad ticket');
    for (const args of [['trace', 'last', '--verbose'], ['runs']]) found.push(...check(args.join(' '), await ca(...args)));

    expect(found).toEqual([]);
  }, 120_000);
});
