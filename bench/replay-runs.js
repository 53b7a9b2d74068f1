// Replaying an env's recorded runs against a change (`ca replay --runs env:E`, SPEC §14, issue 23):
// 1,000 recorded runs of a 10-step flow (nine tools and a reasoner), every one replayed, timed as
// the whole CLI process a user or a CI job starts (start-up, scan, reading 1,000 journals, loading
// the project's code, 1,000 replays, the report). Target ≤ 10 s on the 2-vCPU machine.
//
// One real run is recorded with `ca run` (the fake: provider answers the reasoner), then written
// into the run store 1,000 times under new ids as runs of env prod, with its journal and
// fingerprints (RunStore.importRun, as `ca runs pull` writes them). A rename inside the flow then
// changes its fingerprint without changing what it does: every run is replayed, and every one is
// identical. Usage: node bench/replay-runs.js (after npm run build; run by npm run bench).
//   BENCH_REPLAY_RUNS=1000   runs to record and replay
//   BENCH_REPS=3             timed replays (the median is reported)
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT, WORK_DIR } from './generate-module.js';

const RUNS = Number(process.env.BENCH_REPLAY_RUNS ?? 1000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const TARGET_MS = 10_000;
const CA = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const dist = (p) => import(path.join(PACKAGE_ROOT, 'dist', p));
const { openRunStore } = await dist('ledger/open-run-store.js');
const { readRecordedRun } = await dist('ledger/read-recorded-run.js');
const { newRunId } = await dist('core/trace.js');

const dir = path.join(WORK_DIR, 'replay-runs');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'replay-bench', private: true, type: 'module' }));
fs.writeFileSync(path.join(dir, 'ca.yaml'), 'src: [src]\nenvs:\n  prod: { target: { type: dir, path: .ca/releases/prod } }\n');
const TOOLS = ['lookup_order', 'check_stock', 'reserve_stock', 'price_order', 'apply_discount', 'charge_card', 'write_invoice', 'book_courier', 'notify_customer'];
const camel = (name) => name.replace(/_(\w)/g, (_, c) => c.toUpperCase());
const flowSource = (local) => `import { flow, reasoner, tool } from 'composable-agents';

${TOOLS.map((name) => `export const ${camel(name)} = tool({ name: '${name}', description: '${name.replace('_', ' ')}', effect: 'read', run: async (order: { id: string; step: number }) => ({ ...order, ${name}: true }) });`).join('\n')}
export const confirm = reasoner({ name: 'write_confirmation', description: 'Say it is on its way', model: 'fake:echo', system: 'Confirm the order in one line.' });

export const fulfil = flow({
  name: 'fulfil_order',
  description: 'Ten steps: nine tools and a reasoner',
  uses: [${TOOLS.map(camel).join(', ')}, confirm],
  run: async (ctx, id: string) => {
    const ${local}: unknown[] = [];
${TOOLS.map((name, step) => `    ${local}.push(await ctx.call(${camel(name)}, { id, step: ${step} }));`).join('\n')}
    return { id, steps: ${local}.length, note: await ctx.think(confirm, { id }) };
  },
});
`;
fs.writeFileSync(path.join(dir, 'src', 'orders.ts'), flowSource('done'));
fs.symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

const env = { NO_COLOR: '1' };
const first = await execa('node', [CA, 'run', 'fulfil_order', '--input', '"ORD-1042"', '--json'], { cwd: dir, env, reject: false });
if (first.exitCode !== 0) throw new Error(`ca run failed: ${first.stderr}`);
const runId = JSON.parse(first.stdout.split('\n')[0]).runId;

// The one recorded run, 1,000 times over as env prod's (the recording itself goes: it has no env).
const file = path.join(dir, '.ca', 'runs.db');
const source = openRunStore(file, { readonly: true });
const recorded = await readRecordedRun(source, runId);
source.close();
if (recorded.steps.length !== 11) throw new Error(`expected a root and 10 steps, the journal has ${recorded.steps.length}`);
fs.rmSync(path.join(dir, '.ca'), { recursive: true, force: true });
const store = openRunStore(file);
const t0 = Date.now() - RUNS * 1000;
for (let i = 0; i < RUNS; i++) {
  const id = newRunId(t0 + i * 1000);
  store.importRun({ ...recorded, run: { ...recorded.run, id, startedAt: t0 + i * 1000, env: 'prod', release: 'bench-release-1' }, events: recorded.events.map((event) => ({ ...event, runId: id })) });
}
store.close();

// The change: a rename in the flow's body. Its fingerprint moves, what it does does not.
fs.writeFileSync(path.join(dir, 'src', 'orders.ts'), flowSource('results'));

const samples = [];
let counts;
for (let rep = 0; rep < REPS; rep++) {
  const started = performance.now();
  const replay = await execa('node', [CA, 'replay', '-s', 'fulfil_order', '--runs', 'env:prod', '--json'], { cwd: dir, env, reject: false });
  samples.push(performance.now() - started);
  if (replay.exitCode !== 0) throw new Error(`ca replay --runs exited ${replay.exitCode}: ${replay.stderr.slice(-500)}`);
  counts = JSON.parse(replay.stdout).counts;
}
if (counts.identical !== RUNS) throw new Error(`expected ${RUNS} identical replays, got ${JSON.stringify(counts)}`);
const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
console.log(`replay-runs bench · ${RUNS.toLocaleString('en-US')} recorded runs of a 10-step flow, every one replayed · median of ${REPS} · node ${process.version}`);
console.log(`  ca replay -s fulfil_order --runs env:prod   ${(median / 1000).toFixed(2)} s   ${(median / RUNS).toFixed(2)} ms per run · target ≤ ${TARGET_MS / 1000} s · samples ${samples.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`);
fs.writeFileSync(path.join(WORK_DIR, 'replay-runs.json'), JSON.stringify({ runs: RUNS, reps: REPS, samples, median, counts }, null, 2));
if (median > TARGET_MS) {
  console.error(`ca replay --runs took ${(median / 1000).toFixed(2)} s for ${RUNS} runs: over the ${TARGET_MS / 1000} s target`);
  process.exitCode = 1;
}
