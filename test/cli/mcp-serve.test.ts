import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { copyFixture, FIXTURES, tempDir } from '../helpers/temp-project.js';

const STATIC_TOOLS = ['graph', 'history', 'lint', 'ls', 'manifest', 'show', 'status'];

let client: Client | undefined;
afterEach(async () => {
  // Closing the client ends the server's stdin and the child process with it.
  await client?.close();
  client = undefined;
});

/** A real MCP client that starts `ca mcp serve` the way Claude Code or Cursor does. */
async function connectStdio(project: string, env: Record<string, string> = {}, flags: string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CA_BIN, 'mcp', 'serve', '-p', project, ...flags],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
    stderr: 'pipe',
  });
  client = new Client({ name: 'ca-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(mcp: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await mcp.callTool({ name, arguments: args })) as CallToolResult;
}

function text(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

function names(result: CallToolResult): string[] {
  return ((result.structuredContent as { nodes?: { name: string }[] } | undefined)?.nodes ?? []).map((node) => node.name);
}

/** Asks again until the answer fits, for at most 10 s: under --watch a save shows after the file event and a re-scan. */
async function eventually(ask: () => Promise<CallToolResult>, fits: (result: CallToolResult) => boolean): Promise<CallToolResult> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const result = await ask();
    if (fits(result) || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function edit(file: string, from: string, to: string): void {
  const before = readFileSync(file, 'utf8');
  if (!before.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(file, before.replace(from, to));
}

describe('ca mcp serve', () => {
  it('lists the static verbs as tools, with no run tool', async () => {
    const mcp = await connectStdio(copyFixture('support-desk'));
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(STATIC_TOOLS);
    expect(tools.find((tool) => tool.name === 'ls')?.inputSchema.properties).toHaveProperty('select');
  });

  it("offers ca's docs as resources: the verbs, the concepts and every lint rule's page", async () => {
    const mcp = await connectStdio(copyFixture('support-desk'));
    const { resources } = await mcp.listResources();
    const uris = resources.map((resource) => resource.uri);
    expect(uris).toContain('ca-docs://monorepos.md');
    expect(uris).toContain('ca-docs://commands/mcp.md');
    expect(uris).toContain('ca-docs://rules/duplicate-name.md');
    expect(resources.find((resource) => resource.uri === 'ca-docs://commands/mcp.md')?.title).toBe('ca mcp serve');
    const page = await mcp.readResource({ uri: 'ca-docs://rules/duplicate-name.md' });
    expect(page.contents[0]).toMatchObject({ mimeType: 'text/markdown', text: expect.stringMatching(/^# /) });
  });

  it('ls gives the same nodes as `ca ls`, as structured content and the same JSON as text', async () => {
    const project = copyFixture('support-desk');
    const mcp = await connectStdio(project);
    const result = await call(mcp, 'ls', { select: '+refund_flow' });
    const cli = await runCli(['ls', '-s', '+refund_flow', '--output', 'names', '-p', project]);
    expect(result.isError).toBeFalsy();
    const names = (result.structuredContent as { nodes: { name: string }[] }).nodes.map((node) => node.name);
    expect(names).toEqual(cli.stdout.trimEnd().split('\n'));
    expect(names.length).toBeGreaterThan(1);
    expect(JSON.parse(text(result))).toEqual(result.structuredContent);
  });

  it('a bad selection or an unknown node is a tool error with the line the CLI prints, and the server keeps serving', async () => {
    const project = copyFixture('support-desk');
    const mcp = await connectStdio(project);
    const bad = await call(mcp, 'ls', { select: ['nope:x'] });
    const cli = await runCli(['ls', '-s', 'nope:x', '-p', project]);
    expect(cli.exitCode).toBe(2);
    expect(bad.isError).toBe(true);
    expect(text(bad)).toBe(cli.stderr.split('\n')[0]);
    expect(text(bad)).not.toMatch(/\n|\bat .*\.js:\d+/);

    const unknown = await call(mcp, 'show', { name: 'refund_flw' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/^error: .*refund_flw/);

    const wrongType = await call(mcp, 'graph', { format: 'svg' });
    expect(wrongType.isError).toBe(true);

    const after = await call(mcp, 'show', { name: 'refund_flow' });
    expect(after.isError).toBeFalsy();
    expect(after.structuredContent).toMatchObject({ node: { name: 'refund_flow' } });
  });

  it('the tools read the definitions without importing the project', async () => {
    // fixtures/discovery/side-effect/src/agents.ts writes $CA_SIDE_EFFECT_MARKER when imported.
    const marker = path.join(tempDir(), 'imported.txt');
    const mcp = await connectStdio(path.join(FIXTURES, 'discovery', 'side-effect'), { CA_SIDE_EFFECT_MARKER: marker });
    for (const [name, args] of [['ls', {}], ['show', { name: 'triage' }], ['graph', { format: 'mermaid' }], ['lint', {}], ['manifest', {}]] as const) {
      const result = await call(mcp, name, args);
      expect(result.isError, text(result)).toBeFalsy();
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('--http serves the same tools over streamable HTTP on loopback', async () => {
    const server = execa('node', [CA_BIN, 'mcp', 'serve', '--http', '0', '-p', copyFixture('support-desk')], { env: { NO_COLOR: '1' }, reject: false });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        server.stderr!.on('data', (chunk: Buffer) => {
          seen += String(chunk);
          const found = /serving MCP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(seen);
          if (found) resolve(found[1]!);
        });
        void server.then(() => reject(new Error(`the server exited: ${seen}`)));
      });
      client = new Client({ name: 'ca-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(STATIC_TOOLS);
      const result = await call(client, 'ls', { select: 'refund_flow' });
      expect((result.structuredContent as { nodes: { name: string }[] }).nodes.map((node) => node.name)).toEqual(['refund_flow']);
    } finally {
      await client?.close();
      client = undefined;
      server.kill('SIGTERM');
      await server;
    }
  });

  it('with --allow-run offers run: a flow runs (its output and run id come back), and a step that needs approval parks the run', async () => {
    const project = copyFixture('workspaces/npm-three');
    writeFileSync(path.join(project, 'mocks.yaml'), 'reasoners:\n  draft_reply: "On its way."\n');
    const mcp = await connectStdio(project, {}, ['--allow-run']);
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...STATIC_TOOLS, 'run'].sort());
    const ran = await call(mcp, 'run', { name: 'order_status', input: 'A-1', mock: path.join(project, 'mocks.yaml') });
    expect(ran.isError, text(ran)).toBeFalsy();
    expect(ran.structuredContent).toMatchObject({ name: 'order_status', status: 'succeeded', output: 'On its way.', runId: expect.stringMatching(/^r_/) });
    const parked = await call(mcp, 'run', { name: 'refund', input: 'A-1', mock: path.join(project, 'mocks.yaml') });
    expect(parked.isError, text(parked)).toBeFalsy();
    expect(parked.structuredContent).toMatchObject({ name: 'refund', status: 'waiting' });
    const unknown = await call(mcp, 'run', { name: 'nope' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/^error: no node named 'nope'/);
  });

  it('--watch answers from the latest scan: a flow saved while serving is in the next ls and show', async () => {
    const project = copyFixture('support-desk');
    const mcp = await connectStdio(project, {}, ['--watch']);
    const before = names(await call(mcp, 'ls', {}));
    expect(before).toContain('refund_flow');
    expect(before).not.toContain('refund_audit');
    appendFileSync(
      path.join(project, 'src', 'refunds', 'refund-flow.ts'),
      "\nexport const refundAudit = defineFlow({ name: 'refund_audit', description: 'Audit the refunds issued today', uses: [issueRefund], run: async () => 'ok' });\n",
    );
    const after = await eventually(() => call(mcp, 'ls', {}), (result) => names(result).includes('refund_audit'));
    expect(names(after)).toEqual([...before, 'refund_audit'].sort());
    const shown = await call(mcp, 'show', { name: 'issue_refund' });
    expect((shown.structuredContent as { usedBy: string[] }).usedBy).toContain('refund_audit');
  });

  it('--watch: while ca.yaml is broken every call is the error `ca ls` prints, never the last good scan; a good save serves again', async () => {
    const project = copyFixture('support-desk');
    const mcp = await connectStdio(project, {}, ['--watch']);
    expect((await call(mcp, 'ls', {})).isError).toBeFalsy();
    const config = path.join(project, 'ca.yaml');
    const good = readFileSync(config, 'utf8');
    writeFileSync(config, 'src: [src\n');
    const broken = await eventually(() => call(mcp, 'ls', {}), (result) => result.isError === true);
    const cli = await runCli(['ls', '-p', project]);
    expect(cli.exitCode).toBe(2);
    expect(broken.isError).toBe(true);
    expect(text(broken)).toBe(cli.stderr.split('\n')[0]);
    writeFileSync(config, good);
    const fixed = await eventually(() => call(mcp, 'ls', {}), (result) => !result.isError);
    expect(names(fixed)).toContain('refund_flow');
  });

  it('--watch with --allow-run runs the code as saved, down to another package it imports, not the code first imported', async () => {
    const project = copyFixture('workspaces/npm-three');
    const mocks = path.join(project, 'mocks.yaml');
    writeFileSync(mocks, 'reasoners:\n  draft_reply: "On its way."\n');
    // order_status answers with what lookup_order (packages/tools) says, so a change there shows in its output.
    edit(path.join(project, 'packages', 'agents', 'src', 'order-status.ts'), 'return ctx.think(', 'return found.status; // ctx.think(');
    const mcp = await connectStdio(project, {}, ['--watch', '--allow-run']);
    const run = () => call(mcp, 'run', { name: 'order_status', input: 'A-1', mock: mocks });
    const first = await run();
    expect(first.structuredContent, text(first)).toMatchObject({ status: 'succeeded', output: 'shipped' });
    edit(path.join(project, 'packages', 'tools', 'src', 'index.ts'), "status: 'shipped'", "status: 'delayed'");
    const later = await eventually(run, (result) => (result.structuredContent as { output?: unknown } | undefined)?.output === 'delayed');
    expect(later.structuredContent, text(later)).toMatchObject({ status: 'succeeded', output: 'delayed' });
  });

  it('--watch: the server ends when its stdin closes, its watcher closed (the facts it parsed saved for the next command)', async () => {
    const project = copyFixture('support-desk');
    const served = await execa('node', [CA_BIN, 'mcp', 'serve', '--watch', '-p', project], { input: '', env: { NO_COLOR: '1' }, reject: false, timeout: 20_000 });
    expect(served.timedOut).toBe(false);
    expect(served.exitCode, served.stderr).toBe(0);
    expect(existsSync(path.join(project, '.ca', 'cache'))).toBe(true);
  });
});
