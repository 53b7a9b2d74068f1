import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpanStartedEvent, TraceEvent } from '../../src/core/trace.js';
import { editFile, git, repoWithFixture } from '../helpers/git-repo.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { REPO_ROOT, runnableFixture, tempDir } from '../helpers/temp-project.js';
import { waitForLine } from '../helpers/wait-for-line.js';

// fixtures/mcp/weather: flows and an agent using tools of real MCP servers written with the official
// SDK (a stdio one, and a streamable HTTP one the tests start). WEATHER_CANARY makes the stdio server
// append `started <pid>` to a file each time it starts.

let project: string;
let canary: string;
let env: Record<string, string>;
const servers: ResultPromise[] = [];

beforeEach(() => {
  project = runnableFixture('mcp/weather');
  canary = path.join(tempDir('ca-canary-'), 'started.log');
  env = { WEATHER_CANARY: canary };
});

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.kill();
    await server.catch(() => undefined);
  }
});

const ca = (args: string[], extra: Record<string, string> = {}) => runCli([...args, '-p', project], { env: { ...env, ...extra } });

/** The pids the canary saw start. */
function started(): number[] {
  return existsSync(canary) ? readFileSync(canary, 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[1])) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function events(stdout: string): TraceEvent[] {
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as TraceEvent);
}

/** Starts the fixture's streamable HTTP server on a free port; the env that points the project at it. */
async function startHttpServer(token: string): Promise<Record<string, string>> {
  const child = execa('node', [path.join(project, 'servers/weather-http.mjs'), '0'], { cwd: project, env: { WEATHER_HTTP_TOKEN: token }, reject: false });
  servers.push(child);
  const line = await waitForLine(child, 'listening ');
  return { TIDES_URL: line.slice('listening '.length).trim(), TIDES_TOKEN: token };
}

describe('MCP tools in the graph, without starting a server', () => {
  it('ls, graph, show and lint read the servers and their tools statically; the canary stays silent', async () => {
    const ls = await ca(['ls', '--json']);
    expect(ls.exitCode).toBe(0);
    const nodes = JSON.parse(ls.stdout).nodes as { name: string; kind: string }[];
    expect(nodes.filter((node) => node.kind === 'mcp_server').map((node) => node.name)).toEqual(['tides', 'weather']);
    expect(nodes.find((node) => node.name === 'get_forecast')?.kind).toBe('tool');

    // server → tool → flow: `weather+` reaches the flows that use its tools.
    const downstream = await ca(['ls', '-s', 'weather+', '--output', 'names']);
    expect(downstream.stdout.trim().split('\n')).toEqual(expect.arrayContaining(['weather', 'get_forecast', 'forecast', 'weather_desk', 'station_check']));
    expect(downstream.stdout).not.toContain('harbour_report');

    const graph = await ca(['graph', '-s', '+forecast', '--format', 'dot']);
    expect(graph.stdout).toMatch(/"weather" -> "get_forecast"/);
    expect(graph.stdout).toMatch(/"weather" \[[^\]]*shape=cylinder/);

    // No ca.mcp.lock yet: every MCP tool is unlocked, which ca run would refuse.
    const lint = await ca(['lint', '--json']);
    expect(lint.exitCode).toBe(1);
    const unlocked = (JSON.parse(lint.stdout).findings as { ruleId: string; node?: string }[]).filter((finding) => finding.ruleId === 'mcp-tool-unlocked');
    expect(unlocked.map((finding) => finding.node).sort()).toEqual(['cancel_alerts', 'get_alerts', 'get_forecast', 'get_tides', 'station_crash', 'station_garbage', 'station_hang']);
    await ca(['show', 'get_forecast']);
    expect(started()).toEqual([]);
  });
});

describe('ca mcp lock, then running MCP tools', () => {
  it('locks the stdio server, runs a flow that calls its tools with a span per call, and leaves no server running', async () => {
    const lock = await ca(['mcp', 'lock', '-s', 'weather', '--json']);
    expect(lock.exitCode).toBe(0);
    const locked = JSON.parse(lock.stdout) as { written: boolean; servers: { name: string; status: string; tools: number; server: { name: string; version: string } }[] };
    expect(locked.written).toBe(true);
    expect(locked.servers).toEqual([expect.objectContaining({ name: 'weather', status: 'locked', tools: 6, server: { name: 'weather-server', version: '1.4.0' } })]);
    const file = JSON.parse(readFileSync(path.join(project, 'ca.mcp.lock'), 'utf8'));
    expect(file.servers.weather.tools.get_forecast.inputSchema.required).toEqual(['city']);
    expect(started()).toHaveLength(1);
    expect(alive(started()[0]!)).toBe(false);

    const run = await ca(['run', 'forecast', '--input', '"Oslo"', '--json']);
    expect(run.exitCode).toBe(0);
    const trace = events(run.stdout);
    const calls = trace.filter((event): event is SpanStartedEvent => event.type === 'span.started');
    expect(calls.map((call) => [call.name, call.mcp])).toEqual([
      ['get_forecast', { server: 'weather', tool: 'get_forecast' }],
      ['get_alerts', { server: 'weather', tool: 'get_alerts' }],
    ]);
    expect(trace.at(-1)).toMatchObject({ type: 'run.ended', status: 'succeeded', output: { city: 'Oslo', summary: 'snow showers', alerts: 'gale warning until 18:00' } });
    // One server for the run's two calls, and it is gone once the run ends.
    expect(started()).toHaveLength(2);
    expect(alive(started()[1]!)).toBe(false);

    const tree = await ca(['run', 'forecast', '--input', '"Lisbon"']);
    expect(tree.stderr).toMatch(/tool get_forecast/);
    expect(tree.stderr).toMatch(/started MCP server weather \(weather-server 1\.4\.0\)/);
  });

  it('an agent offers an MCP tool to its model with the locked schema, and a dangerous MCP tool waits for approval', async () => {
    await ca(['mcp', 'lock', '-s', 'weather']);
    const agent = await ca(['run', 'weather_desk', '--input', '"Weather in Lisbon?"', '--mock', path.join(project, 'mocks.yaml'), '--json']);
    expect(agent.exitCode).toBe(0);
    const trace = events(agent.stdout);
    expect(trace.find((event) => event.type === 'span.ended' && event.output !== undefined && JSON.stringify(event.output).includes('sunny'))).toBeDefined();
    expect(trace.at(-1)).toMatchObject({ status: 'succeeded', output: 'Sunny in Lisbon tomorrow, up to 24 °C.' });

    const denied = await ca(['run', 'clear_alerts', '--input', '"north"', '--approve', 'none', '--json']);
    expect(events(denied.stdout).at(-1)).toMatchObject({ status: 'succeeded', output: 'kept' });
    const approved = await ca(['run', 'clear_alerts', '--input', '"north"', '--approve', 'all', '--json']);
    expect(events(approved.stdout).at(-1)).toMatchObject({ status: 'succeeded', output: 'alerts of north withdrawn' });
  });

  it('--mock answers MCP tools from tools: and starts no server', async () => {
    const run = await ca(['run', 'forecast', '--input', '"Lisbon"', '--mock', path.join(project, 'mock-tools.yaml'), '--json']);
    expect(events(run.stdout).at(-1)).toMatchObject({ status: 'succeeded', output: { summary: 'fog', alerts: 'no alerts' } });
    expect(started()).toEqual([]);
  });

  it('a streamable HTTP server: locked and called with its token from the environment, which no output holds', async () => {
    const token = 'tides-token-7f3a9c2e';
    const http = await startHttpServer(token);
    const lock = await ca(['mcp', 'lock', '-s', 'tides'], http);
    expect(lock.exitCode).toBe(0);
    expect(lock.stdout).toMatch(/tides\s+weather-http 2\.0\.0\s+1 tool/);
    const run = await ca(['run', 'harbour_report', '--input', '"Porto"', '--json'], http);
    expect(events(run.stdout).at(-1)).toMatchObject({ status: 'succeeded', output: { harbour: 'Porto', high: '06:12' } });
    const trace = await ca(['trace', 'last', '--json'], http);
    expect(`${run.stdout}${run.stderr}${trace.stdout}${lock.stdout}`).not.toContain(token);
    // A wrong token is the server's 401: one line naming the server.
    const refused = await ca(['run', 'harbour_report', '--input', '"Porto"'], { ...http, TIDES_TOKEN: 'wrong' });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/MCP server tides did not start/);
  });
});

describe('faults: one line, a failed span, no orphaned server', () => {
  beforeEach(async () => {
    await ca(['mcp', 'lock', '-s', 'weather']);
    rmSync(canary, { force: true });
  });

  it.each([
    ['crash', 'mcp-server-exited', /MCP server weather exited: weather-server: the station feed went away/],
    ['hang', 'timeout', /station_hang did not finish within 1500 ms/],
    ['garbage', 'mcp-protocol', /MCP server weather sent a message that is not JSON-RPC/],
  ])('a tool that fails by %s', async (fault, code, line) => {
    const run = await ca(['run', 'station_check', '--input', JSON.stringify(fault), '--json']);
    expect(run.exitCode).toBe(1);
    const trace = events(run.stdout);
    const failed = trace.find((event) => event.type === 'span.ended' && event.status === 'failed');
    expect(failed).toMatchObject({ error: { code } });
    expect(trace.at(-1)).toMatchObject({ status: 'failed', error: { code } });
    expect((trace.at(-1) as { error: { message: string } }).error.message).toMatch(line);
    expect(started()).toHaveLength(1);
    expect(alive(started()[0]!)).toBe(false);
  });

  it('a retry after a server exited starts a fresh one, and neither is left running', async () => {
    const run = await ca(['run', 'station_check', '--input', '"crash-twice"', '--json']);
    expect(run.exitCode).toBe(1);
    const attempts = events(run.stdout).filter((event) => event.type === 'span.ended' && event.status === 'failed' && event.error?.code === 'mcp-server-exited');
    expect(attempts).toHaveLength(2);
    expect(started()).toHaveLength(2);
    expect(started().filter(alive)).toEqual([]);
  });

  it('Ctrl-C during a call that never answers: the run is cancelled and the server stopped', async () => {
    const child = execa('node', [CA_BIN, 'run', 'station_check', '-p', project, '--input', '"hang-long"', '--json'], { env: { NO_COLOR: '1', ...env }, reject: false });
    await waitForLine(child, '{"type":"span.started"');
    const deadline = Date.now() + 10_000;
    while (started().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(1);
    expect(events(String(result.stdout)).at(-1)).toMatchObject({ status: 'cancelled' });
    expect(alive(started()[0]!)).toBe(false);
  });

  it('a server that does not start, a tool not in the lock, a lock that does not parse', async () => {
    editFile(project, 'src/weather.ts', (text) => text.replace("command: 'node'", "command: 'node-weather-nowhere'"));
    const missing = await ca(['run', 'forecast', '--input', '"Lisbon"']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/MCP server weather did not start \(node-weather-nowhere servers\/weather-server\.mjs\): node-weather-nowhere: no such command/);

    // Before the run starts (exit 2, like a missing model key): a server's variables, a tool the lock lacks.
    const unset = await ca(['run', 'harbour_report', '--input', '"Porto"']);
    expect(unset.exitCode).toBe(2);
    expect(unset.stderr).toMatch(/TIDES_TOKEN, TIDES_URL are not set: MCP server tides needs them/);
    const harbour = await ca(['run', 'harbour_report', '--input', '"Porto"'], { TIDES_URL: 'http://127.0.0.1:9/mcp', TIDES_TOKEN: 'x' });
    expect(harbour.exitCode).toBe(2);
    expect(harbour.stderr).toMatch(/get_tides is not locked: ca\.mcp\.lock has no tool get_tides for tides/);

    writeFileSync(path.join(project, 'ca.mcp.lock'), '{ "version": 1,\n  "servers": { oops } }\n');
    const ls = await ca(['ls']);
    expect(ls.stderr).toMatch(/ca\.mcp\.lock:2:\d+.*ca\.mcp\.lock cannot be read: it is not JSON/);
    const run = await ca(['run', 'forecast', '--input', '"Lisbon"']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/get_forecast is not locked: ca\.mcp\.lock cannot be read/);
    expect(started()).toEqual([]);
  });
});

describe('a changed contract is a change', () => {
  it('ca mcp lock after the server changed a schema: the tool is state:modified against git, and --check tells CI', async () => {
    const { project: repoProject, repo } = await repoWithFixture('mcp/weather');
    project = repoProject;
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    expect((await ca(['mcp', 'lock', '-s', 'weather'])).exitCode).toBe(0);
    await git(repo, 'add', 'ca.mcp.lock');
    await git(repo, 'commit', '-qm', 'lock the weather server');
    expect((await ca(['ls', '-s', 'state:modified', '--state', 'git:HEAD', '--output', 'names'])).stdout.trim()).toBe('');

    // The server's next release takes a unit for the forecast.
    editFile(project, 'servers/weather-server.mjs', (text) => text.replace("inputSchema: { city: z.string().min(1).describe('The city, e.g. Lisbon') }", "inputSchema: { city: z.string().min(1), units: z.enum(['C', 'F']).optional() }"));
    const check = await ca(['mcp', 'lock', '--check', '-s', 'weather']);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/~get_forecast/);
    expect((await ca(['mcp', 'lock', '-s', 'weather'])).exitCode).toBe(0);
    const modified = await ca(['ls', '-s', 'state:modified', '--state', 'git:HEAD', '--output', 'names']);
    expect(modified.stdout.trim().split('\n')).toEqual(['get_forecast']);
    const reached = await ca(['ls', '-s', 'state:modified+', '--state', 'git:HEAD', '--output', 'names']);
    expect(reached.stdout.trim().split('\n')).toEqual(['forecast', 'get_forecast', 'weather_desk']);
  });
});
