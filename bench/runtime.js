// The interpreter's own cost (issue 6): what ca adds around the user's code.
// 1. A flow making 10,000 sequential tool calls, each tool doing nothing, next to the same 10,000
//    plain function calls: the difference per call is the interpreter's overhead (capability check,
//    span events, redaction, validation hooks). Measured with no sink, and with every event going to
//    a real SQLite run store as `ca run` does.
// 2. ctx.map over 1,000 items at maxParallel 50, each tool waiting 5 ms: the ideal is 1,000 / 50 × 5 ms
//    = 100 ms; the rest is scheduling overhead. The peak in flight is checked against the bound.
// 3. An agent of the fake: provider making 200 rounds with one tool call each, through the AI SDK.
// In-process, on the built dist/ (npm run build first; npm run bench does).
// Usage: node bench/runtime.js
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from './generate-module.js';

const dist = (p) => import(path.join(PACKAGE_ROOT, 'dist', p));
const { tool, flow, agent } = await dist('sdk/index.js');
const { runDefinition } = await dist('runtime/run-definition.js');
const { openRunStore } = await dist('ledger/open-run-store.js');
const { createModelClient } = await dist('runtime/models/create-model-client.js');
const { createTraceCopy } = await dist('runtime/trace-copy.js');
const { createSecretScrubber } = await dist('core/secret-scrubber.js');
const { credentialValues } = await dist('config/credential-values.js');

const CALLS = 10_000;
const ITEMS = 1_000;
const PARALLEL = 50;
const WAIT_MS = 5;
const REPS = Number(process.env.BENCH_REPS ?? 5);

const noop = tool({ name: 'stamp_order', effect: 'read', run: async (input) => input });
const sequential = flow({
  name: 'stamp_many',
  uses: [noop],
  run: async (ctx, n) => {
    let last;
    for (let i = 0; i < n; i++) last = await ctx.call(noop, { i });
    return last;
  },
});

let inFlight = 0;
let peak = 0;
const slow = tool({
  name: 'price_sku',
  effect: 'read',
  run: async ({ sku }) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    inFlight--;
    return { sku, cents: 100 };
  },
});
const mapped = flow({
  name: 'price_catalogue',
  uses: [slow],
  run: async (ctx, skus) => (await ctx.map(skus, (sku) => ctx.call(slow, { sku }), { maxParallel: PARALLEL })).length,
});

const models = createModelClient({});
const scrubber = createSecretScrubber(credentialValues(undefined, process.env));
const traceCopy = createTraceCopy({ scrubber });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn) {
  const samples = [];
  for (let i = 0; i < REPS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function options(onEvent) {
  return { runId: `r_bench${Math.random().toString(36).slice(2, 8)}`, models, approve: async () => false, onEvent, traceCopy, scrubber };
}

async function plainCalls() {
  let last;
  for (let i = 0; i < CALLS; i++) last = await noop.run({ i });
  return last;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-bench-runtime-'));
let events = 0;
const bare = await time(plainCalls);
const interpreted = await time(async () => {
  const { ended } = await runDefinition(sequential, CALLS, options(() => events++));
  if (ended.status !== 'succeeded') throw new Error(JSON.stringify(ended.error));
});
const stored = await time(async () => {
  const store = openRunStore(path.join(tmp, 'runs.db'));
  try {
    const { ended } = await runDefinition(sequential, CALLS, options((event) => store.append(event)));
    if (ended.status !== 'succeeded') throw new Error(JSON.stringify(ended.error));
  } finally {
    store.close();
  }
});
// As `ca run` does: events to the store and every step's start and end to its journal (SPEC §9).
const journaled = await time(async () => {
  const store = openRunStore(path.join(tmp, 'runs.db'));
  try {
    const { ended } = await runDefinition(sequential, CALLS, { ...options((event) => store.append(event)), journal: store.journal });
    if (ended.status !== 'succeeded') throw new Error(JSON.stringify(ended.error));
  } finally {
    store.close();
  }
});
// ca replay: a 1,000-step run read back from the journal and replayed against the code (target ≤ 1 s).
const { JournalReplay } = await dist('runtime/journal-replay.js');
const REPLAY_STEPS = 1_000;
const replayStore = openRunStore(path.join(tmp, 'replay.db'));
const replayRunId = `r_replay${Math.random().toString(36).slice(2, 8)}`;
await runDefinition(sequential, REPLAY_STEPS, { ...options((event) => replayStore.append(event)), runId: replayRunId, journal: replayStore.journal });
replayStore.flush();
const replayTime = await time(async () => {
  const entries = replayStore.journal.readSteps(replayRunId);
  const { ended } = await runDefinition(sequential, entries[0].input, { ...options(() => {}), recorded: new JournalReplay(entries) });
  if (ended.status !== 'succeeded') throw new Error(JSON.stringify(ended.error));
});
// ca run --resume: a 1,000-step run that failed at its last step, reopened and resumed: its 1,000
// completed steps restored up to the frontier, the last one run live (target ≤ 1 s). Each rep
// records a fresh failed run first, untimed.
const { JournalResume } = await dist('runtime/journal-resume.js');
let tailFails = true;
const tail = tool({ name: 'close_batch', effect: 'read', run: async () => { if (tailFails) throw new Error('provider outage'); return { closed: true }; } });
const batch = flow({
  name: 'bench_batch',
  uses: [noop, tail],
  run: async (ctx, n) => {
    for (let i = 0; i < n; i++) await ctx.call(noop, { i });
    return ctx.call(tail, {});
  },
});
const resumeTimes = [];
for (let rep = 0; rep < REPS; rep++) {
  const runId = `r_resume${rep}${Math.random().toString(36).slice(2, 8)}`;
  tailFails = true;
  await runDefinition(batch, REPLAY_STEPS, { ...options((event) => replayStore.append(event)), runId, journal: replayStore.journal });
  tailFails = false;
  const started = performance.now();
  const segment = replayStore.reopenRun(runId);
  const entries = replayStore.journal.readSteps(runId);
  const { ended } = await runDefinition(batch, entries[0].input, {
    ...options((event) => replayStore.append(event)),
    runId,
    segment,
    journal: replayStore.journal,
    recorded: new JournalResume(entries, { runId }),
  });
  if (ended.status !== 'succeeded') throw new Error(JSON.stringify(ended.error));
  replayStore.flush();
  resumeTimes.push(performance.now() - started);
}
const resumeTime = resumeTimes.sort((a, b) => a - b)[Math.floor(resumeTimes.length / 2)];
replayStore.close();
const skus = Array.from({ length: ITEMS }, (_, i) => `SKU-${i}`);
const mapTime = await time(async () => {
  const { ended } = await runDefinition(mapped, skus, options(() => {}));
  if (ended.status !== 'succeeded') throw new Error(JSON.stringify(ended.error));
});

const ROUNDS = 200;
const looping = agent({ name: 'bench_agent', model: 'fake:echo', instructions: 'x', uses: [noop], budget: { maxRounds: ROUNDS } });
// The fake model never calls tools, so the rounds are scripted the way --mock scripts them.
const { createMockClient } = await dist('runtime/models/mock-client.js');
const script = [...Array.from({ length: ROUNDS - 1 }, (_, i) => ({ toolCalls: [{ tool: 'stamp_order', args: { i } }] })), { answer: 'done' }];
const agentTime = await time(async () => {
  const mock = createMockClient({ file: 'bench', reasoners: {}, agents: { bench_agent: script } });
  const { ended } = await runDefinition(looping, 'go', { ...options(() => {}), models: mock });
  if (ended.status !== 'succeeded') throw new Error(JSON.stringify(ended.error));
});
fs.rmSync(tmp, { recursive: true, force: true });

const perCall = (ms) => ((ms - bare) / CALLS) * 1000;
const ideal = (ITEMS / PARALLEL) * WAIT_MS;
const rows = [
  ['10,000 plain function calls', `${bare.toFixed(1)} ms`, ''],
  ['10,000 ctx.call, events discarded', `${interpreted.toFixed(1)} ms`, `${perCall(interpreted).toFixed(1)} µs per call`],
  ['10,000 ctx.call, events to SQLite', `${stored.toFixed(1)} ms`, `${perCall(stored).toFixed(1)} µs per call`],
  ['10,000 ctx.call, events and journal to SQLite', `${journaled.toFixed(1)} ms`, `${perCall(journaled).toFixed(1)} µs per call · journal ${((journaled - stored) / CALLS * 1000).toFixed(1)} µs per step`],
  [`replay of a ${REPLAY_STEPS.toLocaleString('en-US')}-step run from its journal`, `${replayTime.toFixed(1)} ms`, 'target ≤ 1,000 ms'],
  [`resume of a ${REPLAY_STEPS.toLocaleString('en-US')}-step run to its frontier`, `${resumeTime.toFixed(1)} ms`, 'target ≤ 1,000 ms'],
  [`ctx.map ${ITEMS} items, maxParallel ${PARALLEL}, ${WAIT_MS} ms each`, `${mapTime.toFixed(1)} ms`, `ideal ${ideal} ms · ${(mapTime / ideal).toFixed(2)}× · peak in flight ${peak}`],
  [`agent, ${ROUNDS} rounds of one tool call (scripted model)`, `${agentTime.toFixed(1)} ms`, `${(agentTime / ROUNDS).toFixed(2)} ms per round`],
];
console.log(`runtime bench · median of ${REPS} · ${events / REPS} events per 10,000-call run · node ${process.version}`);
for (const [what, ms, note] of rows) console.log(`  ${what.padEnd(58)} ${ms.padStart(10)}  ${note}`);
fs.mkdirSync(path.join(PACKAGE_ROOT, 'bench', '.work'), { recursive: true });
fs.writeFileSync(
  path.join(PACKAGE_ROOT, 'bench', '.work', 'runtime.json'),
  JSON.stringify({ reps: REPS, bare, interpreted, stored, journaled, replayTime, resumeTime, mapTime, ideal, peak, agentTime, rounds: ROUNDS }, null, 2),
);
if (peak > PARALLEL) {
  console.error(`ctx.map exceeded its bound: ${peak} in flight, maxParallel ${PARALLEL}`);
  process.exitCode = 1;
}
