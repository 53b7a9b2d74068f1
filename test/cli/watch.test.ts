// `--watch` end to end: the real CLI as a long-running child process on a temporary copy of a
// fixture, real file edits, and the lines it prints in reply. Nothing is faked or timed: each step
// waits (with a generous timeout) for the output a user would see.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ca, deployRepo } from '../helpers/deploy-repo.js';
import { HAS_SCRIPT, onPseudoTerminal } from '../helpers/pseudo-terminal.js';
import { CA_BIN } from '../helpers/run-cli.js';
import { copyFixture } from '../helpers/temp-project.js';

const WAIT_MS = 20_000;

/** A `ca … --watch` child: its output so far, and a way to wait for a line. */
class Watching {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  constructor(args: string[], cwd: string, command: string[] = [process.execPath, CA_BIN]) {
    this.child = spawn(command[0]!, [...command.slice(1), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
    this.child.stdout.on('data', (chunk: Buffer) => this.grow('stdout', chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.grow('stderr', chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    running.add(this);
  }

  private grow(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString();
    for (const wake of this.waiters) wake();
  }

  /** Resolves with the output from `from` on once `pattern` shows up there. */
  async waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, from = 0): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const text = this[stream].slice(from);
      if (pattern.test(text)) return text;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`no ${pattern} on ${stream} (exit ${this.child.exitCode})\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 200);
        this.waiters.add(wake);
      });
    }
  }

  /** Where the output stands now: wait for what comes after an edit from here. */
  mark(): { stdout: number; stderr: number } {
    return { stdout: this.stdout.length, stderr: this.stderr.length };
  }

  /** NDJSON lines printed so far (`--json`). */
  lines(): { iteration: number; changedFiles: string[]; stale: string[]; diff: Diff; result: { nodes: { name: string }[] }; error?: { code: string } }[] {
    return this.stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
  }

  /** Ctrl-C; resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exit();
  }

  /** Waits for the child to end by itself. */
  async exit(): Promise<number | null> {
    const code = await this.exited;
    running.delete(this);
    return code;
  }
}

interface Diff {
  added: { name: string }[];
  removed: { name: string }[];
  changed: { name: string; changes: string[] }[];
  newDiagnostics: { code: string; file?: string }[];
  fixedDiagnostics: { code: string; file?: string }[];
}

const running = new Set<Watching>();
afterEach(async () => {
  for (const watching of [...running]) await watching.stop('SIGKILL');
});

/** Starts `ca <args> --watch` in `cwd` and waits until it watches. */
async function watch(args: string[], cwd: string): Promise<Watching> {
  const watching = new Watching([...args, '--watch'], cwd);
  await watching.waitFor('stderr', /watching \d+ source files/);
  return watching;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const full = path.join(root, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} must change it`).not.toBe(before);
  writeFileSync(full, after);
}

const REOPEN_FLOW = `
export const reopenTicket = flow({
  name: 'reopen_ticket',
  description: 'Reopen a closed ticket',
  tags: ['support'],
  uses: [lookupTicket],
  run: async (ctx, ticket: string) => ctx.call(lookupTicket, { ticket }),
});
`;

describe('ca ls --watch (stdout not a TTY)', () => {
  it('prints the table once, then one line per node added, changed or removed, and exits 0 on Ctrl-C', async () => {
    const root = copyFixture('support-desk');
    const ls = await watch(['ls'], root);
    expect(ls.stdout).toMatch(/^triage\s+flow\s+support\s+src\/tickets\/triage\.ts:13$/m);

    let at = ls.mark();
    edit(root, 'src/tickets/triage.ts', (text) => text + REOPEN_FLOW);
    let out = await ls.waitFor('stdout', /^\+ reopen_ticket \(flow\) src\/tickets\/triage\.ts:\d+$/m, at.stdout);
    expect(out).toMatch(/^changed: src\/tickets\/triage\.ts \(\d+ ms\)$/m);
    expect(out).not.toMatch(/^[-~] /m);

    at = ls.mark();
    edit(root, 'src/tickets/triage.ts', (text) => text.replace("return vip ? 'p2' : 'p3';", "return vip ? 'p1' : 'p3';"));
    // priorityFor is a helper triage reaches: its code fingerprint moves, nothing else.
    out = await ls.waitFor('stdout', /^~ triage \(flow\): code$/m, at.stdout);
    expect(out).not.toMatch(/reopen_ticket/);

    at = ls.mark();
    edit(root, 'src/tickets/triage.ts', (text) => text.replace(REOPEN_FLOW, ''));
    out = await ls.waitFor('stdout', /^- reopen_ticket \(flow\)$/m, at.stdout);
    expect(out).not.toMatch(/^\+ /m);

    expect(await ls.stop()).toBe(0);
  });

  it('a file that stops parsing shows its diagnostic and keeps its nodes; fixing it says so', async () => {
    const root = copyFixture('support-desk');
    const ls = await watch(['ls', '--output', 'names'], root);
    const original = readFileSync(path.join(root, 'src/tickets/triage.ts'), 'utf8');

    const at = ls.mark();
    // Half-way through typing a new definition.
    writeFileSync(path.join(root, 'src/tickets/triage.ts'), `${original}\nexport const half = flow({ name: 'half', \n`);
    const err = await ls.waitFor('stderr', /^error src\/tickets\/triage\.ts:\d+:\d+ parse-error: .*does not parse/m, at.stderr);
    expect(err).toContain('shown as they were when it last parsed');
    const out = await ls.waitFor('stdout', /^! src\/tickets\/triage\.ts does not parse: its nodes are shown as they last parsed$/m, at.stdout);
    // triage lives in that file: it is not reported as removed.
    expect(out).not.toMatch(/^- /m);

    const fixed = ls.mark();
    writeFileSync(path.join(root, 'src/tickets/triage.ts'), original);
    await ls.waitFor('stderr', /^fixed src\/tickets\/triage\.ts parse-error: /m, fixed.stderr);
    expect(await ls.stop()).toBe(0);
  });
});

describe('ca ls --watch --json', () => {
  it('prints one JSON object per line per scan, with the diff; a broken file keeps the last good nodes', async () => {
    const root = copyFixture('support-desk');
    const ls = await watch(['ls', '--json'], root);
    const [first] = ls.lines();
    expect(first!.iteration).toBe(0);
    expect(first!.changedFiles).toEqual([]);
    expect(first!.result.nodes.map((node) => node.name)).toContain('triage');

    edit(root, 'src/tickets/triage.ts', (text) => text + REOPEN_FLOW);
    await ls.waitFor('stdout', /"iteration":1,/);
    const added = ls.lines()[1]!;
    expect(added.changedFiles).toEqual(['src/tickets/triage.ts']);
    expect(added.diff.added.map((node) => node.name)).toEqual(['reopen_ticket']);
    expect(added.diff.removed).toEqual([]);
    expect(added.result.nodes.map((node) => node.name)).toContain('reopen_ticket');

    edit(root, 'src/tickets/triage.ts', (text) => text.replace('export const reopenTicket = flow({', 'export const reopenTicket = flow({{'));
    await ls.waitFor('stdout', /"iteration":2,/);
    const broken = ls.lines()[2]!;
    expect(broken.stale).toEqual(['src/tickets/triage.ts']);
    expect(broken.diff.newDiagnostics).toEqual([expect.objectContaining({ code: 'parse-error', file: 'src/tickets/triage.ts' })]);
    expect(broken.diff.removed).toEqual([]);
    expect(broken.result.nodes.map((node) => node.name)).toEqual(expect.arrayContaining(['triage', 'reopen_ticket']));
    expect(await ls.stop()).toBe(0);
  });

  it('a ca.yaml broken mid-edit is an error line, and the watch goes on', async () => {
    const root = copyFixture('support-desk');
    const ls = await watch(['ls', '--json'], root);
    const config = readFileSync(path.join(root, 'ca.yaml'), 'utf8');
    writeFileSync(path.join(root, 'ca.yaml'), `${config}\nsrcs: [lib]\n`);
    await ls.waitFor('stdout', /"iteration":1,/);
    expect(ls.lines()[1]).toMatchObject({ changedFiles: ['ca.yaml'], error: { code: 'config-invalid' } });
    await ls.waitFor('stderr', /^error: ca\.yaml:\d+:\d+: unknown key "srcs"/m);

    writeFileSync(path.join(root, 'ca.yaml'), config);
    await ls.waitFor('stdout', /"iteration":2,/);
    expect(ls.lines()[2]!.result.nodes).toHaveLength(18);
    await ls.waitFor('stderr', /^fixed: the project loads again$/m);
    expect(await ls.stop()).toBe(0);
  });

  it('follows a src folder added to ca.yaml, and only source folders wake it', async () => {
    const root = copyFixture('support-desk');
    const ls = await watch(['ls', '--json'], root);
    mkdirSync(path.join(root, 'extra'));
    mkdirSync(path.join(root, 'notes'));
    const extra = (description: string) =>
      `import { tool } from 'composable-agents';\nexport const closeTicket = tool({ name: 'close_ticket', description: '${description}', effect: 'write', run: async () => 1 });\n`;
    writeFileSync(path.join(root, 'extra', 'close.ts'), extra('Close a ticket'));
    // Outside src: [src], neither file is a source: no re-scan.
    writeFileSync(path.join(root, 'notes', 'draft.ts'), extra('A draft'));

    const config = readFileSync(path.join(root, 'ca.yaml'), 'utf8');
    writeFileSync(path.join(root, 'ca.yaml'), config.replace('src: [src]', 'src: [src, extra]'));
    await ls.waitFor('stdout', /"iteration":1,/);
    expect(ls.lines()[1]).toMatchObject({ changedFiles: ['ca.yaml'], diff: { added: [{ name: 'close_ticket' }] } });

    // The folder added to src: is watched now.
    writeFileSync(path.join(root, 'extra', 'close.ts'), extra('Close a ticket for good'));
    await ls.waitFor('stdout', /"iteration":2,/);
    expect(ls.lines()[2]).toMatchObject({ changedFiles: ['extra/close.ts'], diff: { changed: [{ name: 'close_ticket', changes: ['config'] }] } });
    expect(await ls.stop()).toBe(0);
  });

  it('a cycle stays reported while later saves change no uses, and is fixed when the uses are', async () => {
    const root = copyFixture('support-desk');
    const ls = await watch(['ls', '--json'], root);
    const cycle = (text: string) =>
      text
        .replace("import { lookupTicket, updateTicket } from './lookup.js';", "import { lookupTicket, updateTicket } from './lookup.js';\nimport { escalate } from './escalate.js';")
        .replace('uses: [lookupTicket, classifyTicket, updateTicket],', 'uses: [lookupTicket, classifyTicket, updateTicket, escalate],');
    edit(root, 'src/tickets/triage.ts', cycle);
    await ls.waitFor('stdout', /"iteration":1,/);
    expect(ls.lines()[1]!.diff.newDiagnostics).toEqual([expect.objectContaining({ code: 'cycle' })]);

    // A body edit: the same edges, so the graph is kept, and so is the cycle.
    edit(root, 'src/tickets/triage.ts', (text) => text.replace("return vip ? 'p2' : 'p3';", "return vip ? 'p1' : 'p3';"));
    await ls.waitFor('stdout', /"iteration":2,/);
    expect(ls.lines()[2]!.diff).toMatchObject({ changed: [{ name: 'triage', changes: ['code'] }], newDiagnostics: [], fixedDiagnostics: [] });

    edit(root, 'src/tickets/triage.ts', (text) => text.replace(', escalate],', '],'));
    await ls.waitFor('stdout', /"iteration":3,/);
    expect(ls.lines()[3]!.diff.fixedDiagnostics).toEqual([expect.objectContaining({ code: 'cycle' })]);
    expect(await ls.stop()).toBe(0);
  });

  it('a burst of saves is one re-scan, not one per save', async () => {
    const root = copyFixture('support-desk');
    const ls = await watch(['ls', '--json'], root);
    const file = path.join(root, 'src/tickets/triage.ts');
    const original = readFileSync(file, 'utf8');
    for (let save = 1; save <= 10; save++) writeFileSync(file, `${original}\n// draft ${save}\n${save === 10 ? REOPEN_FLOW : ''}`);
    await ls.waitFor('stdout', /"added":\[\{"name":"reopen_ticket"/);
    const burst = ls.lines().length - 1;
    // A re-scan per save would be ten; the first event's scan plus the rest of the burst is two at most.
    expect(burst).toBeLessThanOrEqual(2);
    expect(ls.lines().at(-1)!.result.nodes.map((node) => node.name)).toContain('reopen_ticket');
    expect(await ls.stop()).toBe(0);
  });
});

describe('ca lint --watch', () => {
  it('prints the report once, then new and fixed findings with the tally', async () => {
    const root = copyFixture('support-desk');
    const lint = await watch(['lint', '-s', 'triage'], root);
    expect(lint.stdout).toMatch(/no problems in 1 node/);

    let at = lint.mark();
    edit(root, 'src/tickets/triage.ts', (text) => text.replace('uses: [lookupTicket, classifyTicket, updateTicket],', 'uses: [lookupTicket, classifyTicket, updateTicket, priorityFor],'));
    let out = await lint.waitFor('stdout', /^\+ error src\/tickets\/triage\.ts:\d+:\d+ unresolved-use: triage uses priorityFor/m, at.stdout);
    expect(out).toMatch(/^✖ 1 error, 0 warnings, 0 info in 1 node$/m);

    at = lint.mark();
    edit(root, 'src/tickets/triage.ts', (text) => text.replace(', priorityFor],', '],'));
    out = await lint.waitFor('stdout', /^- fixed src\/tickets\/triage\.ts:\d+:\d+ unresolved-use: /m, at.stdout);
    expect(out).toMatch(/^✔ 0 errors, 0 warnings, 0 info in 1 node$/m);
    expect(await lint.stop()).toBe(0);
  });

  it('refuses formats it cannot stream', async () => {
    const root = copyFixture('support-desk');
    const lint = new Watching(['lint', '--watch', '--format', 'sarif'], root);
    expect(await lint.exit()).toBe(2);
    expect(lint.stderr).toMatch(/^error: --watch prints pretty or json findings, not sarif/m);
  });
});

describe('ca graph --watch', () => {
  it('prints the graph once, then nodes and edges that came or went; -o rewrites the file', async () => {
    const root = copyFixture('support-desk');
    const graph = await watch(['graph', '-s', '+triage', '-o', 'graph.dot'], root);
    expect(readFileSync(path.join(root, 'graph.dot'), 'utf8')).toContain('"lookup_ticket" -> "triage"');

    const at = graph.mark();
    edit(root, 'src/tickets/triage.ts', (text) => text.replace('uses: [lookupTicket, classifyTicket, updateTicket],', 'uses: [classifyTicket, updateTicket],'));
    const out = await graph.waitFor('stdout', /^- edge lookup_ticket -> triage$/m, at.stdout);
    expect(out).toMatch(/^- lookup_ticket \(tool\)$/m);
    expect(out).toMatch(/^~ triage \(flow\): config$/m);
    expect(readFileSync(path.join(root, 'graph.dot'), 'utf8')).not.toContain('"lookup_ticket" -> "triage"');
    expect(await graph.stop()).toBe(0);
  });
});

describe('ca status --watch', () => {
  it('reports drift as code changes, and a deploy from elsewhere as the ledger changes', async () => {
    const { project } = await deployRepo();
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage answer_question', '--yes'])).exitCode).toBe(0);
    const status = await watch(['status', '--env', 'staging', '-s', 'triage answer_question'], project);
    expect(status.stdout).toMatch(/^no drift: 2 in-sync$/m);

    let at = status.mark();
    edit(project, 'src/tickets/triage.ts', (text) => text.replace("return vip ? 'p2' : 'p3';", "return vip ? 'p1' : 'p3';"));
    let out = await status.waitFor('stdout', /^~ triage staging: in-sync → drifted \(code\)$/m, at.stdout);
    expect(out).toMatch(/^drift: 1 in-sync, 1 drifted$/m);

    at = status.mark();
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage', '--yes'])).exitCode).toBe(0);
    out = await status.waitFor('stdout', /^~ triage staging: drifted \(code\) → in-sync$/m, at.stdout);
    expect(out).toMatch(/\.ca\/ledger\.db/);
    expect(await status.stop()).toBe(0);
  });
});


describe('ca ls --watch on a TTY', () => {
  it.skipIf(!HAS_SCRIPT)('redraws the whole table in place on every change', async () => {
    const root = copyFixture('support-desk');
    const tty = new Watching([], root, onPseudoTerminal([process.execPath, CA_BIN, 'ls', '--watch']));
    await tty.waitFor('stdout', /watching 19 source files · \d\d:\d\d:\d\d · Ctrl-C to stop/);
    expect(tty.stdout).toContain('\u001B[2J\u001B[H');

    const at = tty.mark();
    edit(root, 'src/tickets/triage.ts', (text) => text + REOPEN_FLOW);
    const out = await tty.waitFor('stdout', /src\/tickets\/triage\.ts changed \(\d+ ms\) · Ctrl-C to stop/, at.stdout);
    expect(out).toContain('\u001B[2J\u001B[H');
    expect(out).toMatch(/^reopen_ticket\s+flow\s+support\s+src\/tickets\/triage\.ts:\d+\s*$/m);
    expect(out).toMatch(/^triage\s+flow\s+support\s+src\/tickets\/triage\.ts:13\s*$/m);
    // Ctrl-C typed on the terminal.
    tty.child.stdin.write('\u0003');
    expect(await tty.exit()).toBe(0);
  });
});
