// MCP tools at run time (issue 18): what a call of a tool on a real MCP server costs next to a
// native tool, over stdio, in-process on the built dist/ (npm run bench builds first).
// 1. Start: a run making one call, so the server's start and MCP's initialize are in it (median).
// 2. Per call: a flow making 1,000 sequential calls of the fixture's get_forecast on one server
//    (started once per run), against the same flow calling a native tool; the difference per call
//    is the MCP round trip (JSON-RPC over the child's stdin/stdout) plus the locked-schema check.
// 3. `ca mcp lock` of the fixture's stdio server (start, tools/list, stop), in-process.
// Usage: node bench/mcp.js
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from './generate-module.js';

const dist = (p) => import(path.join(PACKAGE_ROOT, 'dist', p));
const { tool, flow, mcpServer, mcpTool } = await dist('sdk/index.js');
const { runDefinition } = await dist('runtime/run-definition.js');
const { lockServer } = await dist('runtime/mcp/lock-server.js');
const { serializeMcpLock, MCP_LOCK_VERSION } = await dist('mcp/lock-file.js');

const CALLS = 1_000;
const REPS = Number(process.env.BENCH_REPS ?? 5);
const fixture = path.join(PACKAGE_ROOT, 'fixtures', 'mcp', 'weather');

const weather = mcpServer({ name: 'weather', command: process.execPath, args: ['servers/weather-server.mjs'] });
const getForecast = mcpTool({ server: weather, tool: 'get_forecast', effect: 'read' });
const nativeForecast = tool({ name: 'native_forecast', effect: 'read', run: async ({ city }) => ({ city, summary: 'sunny', highC: 24, lowC: 16 }) });
const many = (callee) =>
  flow({
    name: `many_${callee.name}`,
    uses: [callee],
    run: async (ctx, n) => {
      let last;
      for (let i = 0; i < n; i++) last = await ctx.call(callee, { city: 'Lisbon' });
      return last;
    },
  });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = async (work) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

const lockTimes = [];
let entry;
for (let i = 0; i < REPS; i++) lockTimes.push(await time(async () => (entry = await lockServer(weather, { command: process.execPath, args: ['servers/weather-server.mjs'] }, fixture, process.env))));
const lock = { version: MCP_LOCK_VERSION, servers: { weather: entry } };
const mcp = { root: fixture, lock: { kind: 'ok', lock, text: serializeMcpLock(lock) }, env: process.env };
const options = (i) => ({ runId: `r_bench${i}`, models: {}, approve: async () => false, onEvent: () => {}, mcp });

const run = async (def, n, i) => {
  const outcome = await runDefinition(def, n, options(i));
  if (outcome.ended.status !== 'succeeded') throw new Error(`${def.name}: ${JSON.stringify(outcome.ended.error)}`);
};

const first = [];
const mcpMany = [];
const nativeMany = [];
for (let i = 0; i < REPS; i++) {
  first.push(await time(() => run(many(getForecast), 1, i)));
  mcpMany.push(await time(() => run(many(getForecast), CALLS, i)));
  nativeMany.push(await time(() => run(many(nativeForecast), CALLS, i)));
}
const perMcp = (median(mcpMany) - median(first)) / (CALLS - 1);
const perNative = median(nativeMany) / CALLS;
console.log(`MCP (stdio, fixtures/mcp/weather), medians of ${REPS}:`);
console.log(`  ca mcp lock of one server (start, tools/list, stop): ${median(lockTimes).toFixed(0)} ms`);
console.log(`  a run with one MCP call (server start + initialize + call + close): ${median(first).toFixed(0)} ms`);
console.log(`  per call, ${CALLS} sequential calls on one server: ${(perMcp * 1000).toFixed(0)} µs (native tool: ${(perNative * 1000).toFixed(0)} µs, ${(perMcp / perNative).toFixed(1)}×)`);
