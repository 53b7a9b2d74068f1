// What OTLP export adds to a run (issue 19, SPEC §13; target ≤ 20 µs per span).
// A flow making 10,000 sequential tool calls (10,001 spans) runs with its events discarded, then with
// every event going to the OTLP export as `ca run` sends them, pointed at a receiver in this process
// (a node http server that reads each body and answers 200). The export's time includes building
// the spans, the BatchSpanProcessor, the SDK's serialisation (protobuf, or JSON) and the HTTP posts,
// and the flush at the end that `ca run` waits for. Per span: (exported − discarded) / spans.
// Also: loading the OpenTelemetry SDK, which a process pays once when export is on (a child process).
// In-process, on the built dist/ (npm run build first; npm run bench does).
// Usage: node bench/otel.js   (BENCH_REPS=7, BENCH_OTEL_CALLS=10000)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { PACKAGE_ROOT } from './generate-module.js';

const dist = (p) => import(path.join(PACKAGE_ROOT, 'dist', p));
const { tool, flow } = await dist('sdk/index.js');
const { runDefinition } = await dist('runtime/run-definition.js');
const { createModelClient } = await dist('runtime/models/create-model-client.js');
const { createTraceCopy } = await dist('runtime/trace-copy.js');
const { createSecretScrubber } = await dist('core/secret-scrubber.js');
const { telemetrySettings } = await dist('config/telemetry-settings.js');
const { openTelemetry } = await dist('app/telemetry.js');

const CALLS = Number(process.env.BENCH_OTEL_CALLS ?? 10_000);
const REPS = Number(process.env.BENCH_REPS ?? 7);

const stamp = tool({ name: 'stamp_order', effect: 'read', run: async (input) => input });
const sequential = flow({
  name: 'stamp_many',
  uses: [stamp],
  run: async (ctx, n) => {
    let last;
    for (let i = 0; i < n; i++) last = await ctx.call(stamp, { order: `SO-${i}`, sku: 'SKU-12', qty: 2 });
    return last;
  },
});

let received = { requests: 0, bytes: 0 };
const server = http.createServer((request, response) => {
  let bytes = 0;
  request.on('data', (chunk) => (bytes += chunk.length));
  request.on('end', () => {
    received.requests++;
    if (!request.headers['content-type']?.includes('json')) received.bytes += bytes;
    response.writeHead(200, { 'content-type': request.headers['content-type'] ?? 'application/x-protobuf' }).end(request.headers['content-type']?.includes('json') ? '{}' : undefined);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;

const models = createModelClient({});
const scrubber = createSecretScrubber([]);
const traceCopy = createTraceCopy({ scrubber });
// A collection before each timed run: the garbage of the run before is not counted in the next.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function oneRun(onEvent) {
  const { ended } = await runDefinition(sequential, CALLS, { runId: `r_otel${Math.random().toString(36).slice(2, 10)}`, models, approve: async () => false, onEvent, traceCopy, scrubber });
  if (ended.status !== 'succeeded') throw new Error(JSON.stringify(ended.error));
}

/** One run, timed: events discarded (`settings` undefined), or exported as `ca run` exports them, the flush at the end included. */
async function timedRun(settings) {
  // Opened untimed: the SDK loads once per process, measured on its own below.
  const telemetry = settings ? await openTelemetry(settings) : undefined;
  gc();
  const start = performance.now();
  const cpu = process.cpuUsage();
  await oneRun(telemetry ? (event) => telemetry.record(event) : () => {});
  const outcome = await telemetry?.finish();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  if (outcome?.problem) throw new Error(`export failed: ${outcome.problem}`);
  return { ms, cpuMs: (used.user + used.system) / 1000, spans: outcome?.exported ?? 0 };
}

const variants = {
  discarded: undefined,
  protobuf: telemetrySettings({ otlp: url }, {}),
  json: telemetrySettings({ otlp: url }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
  content: telemetrySettings({ otlp: url, content: true }, {}),
};
// Warm every path once (JIT, the SDK's modules).
for (const settings of Object.values(variants)) await timedRun(settings);
// Interleaved, rep by rep: the machine's load drifts, so each exported run is compared with the discarded run beside it.
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const overhead = { protobuf: [], json: [], content: [] };
const cpuOverhead = { protobuf: [], json: [], content: [] };
let spans = 0;
received = { requests: 0, bytes: 0 };
for (let rep = 0; rep < REPS; rep++) {
  const base = await timedRun(undefined);
  samples.discarded.push(base.ms);
  // The order turns from rep to rep, so no variant always runs first after the baseline.
  const order = ['protobuf', 'json', 'content'];
  for (const name of [...order.slice(rep % 3), ...order.slice(0, rep % 3)]) {
    const run = await timedRun(variants[name]);
    samples[name].push(run.ms);
    overhead[name].push(((run.ms - base.ms) / run.spans) * 1000);
    cpuOverhead[name].push(((run.cpuMs - base.cpuMs) / run.spans) * 1000);
    spans = run.spans;
  }
}
// Protobuf bodies only: the protobuf and content runs of every rep.
const protobufBytes = received.bytes / (REPS * 2);
server.close();
const discarded = median(samples.discarded);
const perSpan = Object.fromEntries(Object.entries(overhead).map(([name, list]) => [name, median(list)]));
// CPU time (user + system) of this process, receiver included: what the export costs, whatever else the machine runs.
const cpuPerSpan = Object.fromEntries(Object.entries(cpuOverhead).map(([name, list]) => [name, median(list)]));

// The SDK's load, in a process of its own: what `ca run` pays once when an endpoint is set.
const load = Number(
  execFileSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(path.join(PACKAGE_ROOT, 'dist', 'runtime', 'telemetry', 'otlp-export.js'))}); await import('@opentelemetry/exporter-trace-otlp-proto'); console.log(performance.now() - t);`], { cwd: PACKAGE_ROOT, encoding: 'utf8' }),
);

const rows = [
  [`${CALLS.toLocaleString('en-US')} ctx.call, events discarded`, discarded, ''],
  ['… exported, OTLP protobuf', median(samples.protobuf), `${perSpan.protobuf.toFixed(1)} µs per span (CPU ${cpuPerSpan.protobuf.toFixed(1)} µs) · ${spans.toLocaleString('en-US')} spans`],
  ['… exported, OTLP JSON', median(samples.json), `${perSpan.json.toFixed(1)} µs per span (CPU ${cpuPerSpan.json.toFixed(1)} µs)`],
  ['… exported, protobuf, content: true', median(samples.content), `${perSpan.content.toFixed(1)} µs per span (CPU ${cpuPerSpan.content.toFixed(1)} µs)`],
  ['loading the OpenTelemetry SDK (once per process)', load, ''],
];
console.log(`otel bench · median of ${REPS}, interleaved · target ≤ 20 µs per span · about ${(protobufBytes / spans).toFixed(0)} protobuf bytes sent per span · node ${process.version}`);
for (const [what, ms, note] of rows) console.log(`  ${what.padEnd(52)} ${`${ms.toFixed(1)} ms`.padStart(10)}  ${note}`);
fs.mkdirSync(path.join(PACKAGE_ROOT, 'bench', '.work'), { recursive: true });
fs.writeFileSync(
  path.join(PACKAGE_ROOT, 'bench', '.work', 'otel.json'),
  JSON.stringify({ reps: REPS, calls: CALLS, spans, samples, perSpan, cpuPerSpan, load }, null, 2),
);
// Said, not failed: a timing on a shared machine moves by several µs between runs.
console.log(perSpan.protobuf <= 20 ? '  target met' : `  over the target by ${(perSpan.protobuf - 20).toFixed(1)} µs per span (on a busy machine, run it again)`);
