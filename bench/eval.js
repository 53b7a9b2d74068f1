// ca eval at scale (issue 19): 500 cases of one flow that calls a reasoner on the fake: provider
// (no key, no network, through the AI SDK like a real provider), each case a stored run, scored by
// three expectations. The real CLI (bin/run.js) on a generated project; medians of BENCH_REPS.
// Reported: the whole `ca eval`, per case, at --concurrency 1 and the default 4.
// Usage: node bench/eval.js   (npm run build first; npm run bench does)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from './generate-module.js';

const CASES = Number(process.env.BENCH_EVAL_CASES ?? 500);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const root = path.join(PACKAGE_ROOT, 'bench', '.work', `eval-${CASES}`);

fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(path.join(root, 'src'), { recursive: true });
fs.mkdirSync(path.join(root, 'evals'), { recursive: true });
fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module", "private": true }\n');
fs.writeFileSync(
  path.join(root, 'src', 'tickets.ts'),
  [
    "import { flow, reasoner, tool } from 'composable-agents';",
    "export const lookupTicket = tool({ name: 'lookup_ticket', effect: 'read', run: async ({ ticket }: { ticket: string }) => ({ ticket, subject: `Invoice question ${ticket}`, amount: 120 }) });",
    "export const summarize = reasoner({ name: 'summarize', model: 'fake:small', system: 'Summarise the ticket in one line.' });",
    "export const label = flow({",
    "  name: 'label_ticket',",
    '  uses: [lookupTicket, summarize],',
    '  run: async (ctx, ticket: string) => {',
    '    const found = await ctx.call(lookupTicket, { ticket });',
    '    const summary = await ctx.think(summarize, found.subject);',
    "    return { ticket, queue: found.amount > 100 ? 'billing' : 'general', summary };",
    '  },',
    '});',
  ].join('\n'),
);
const cases = Array.from({ length: CASES }, (_, i) => `  - { name: case ${i + 1}, input: T-${1000 + i}, expect: [{ path: queue, equals: billing }, { path: summary, contains: "T-${1000 + i}" }, { tool_called: lookup_ticket }] }`);
fs.writeFileSync(path.join(root, 'evals', 'label.eval.yaml'), `flow: label_ticket\ncases:\n${cases.join('\n')}\n`);

const ca = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const evalOnce = (concurrency) => {
  fs.rmSync(path.join(root, '.ca', 'runs.db'), { force: true });
  const started = performance.now();
  const out = execFileSync(process.execPath, [ca, 'eval', '-p', root, '--json', '--concurrency', String(concurrency)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  const result = JSON.parse(out);
  if (result.totals.passed !== CASES) throw new Error(`expected ${CASES} passing cases, got ${JSON.stringify(result.totals)}`);
  return ms;
};

execFileSync(process.execPath, [ca, 'ls', '-p', root], { stdio: 'ignore' }); // warm the discovery cache
console.log(`ca eval, ${CASES} cases (a tool, a fake: reasoner, 3 expectations each), medians of ${REPS}:`);
for (const concurrency of [1, 4]) {
  const times = Array.from({ length: REPS }, () => evalOnce(concurrency));
  const ms = median(times);
  console.log(`  --concurrency ${concurrency}: ${(ms / 1000).toFixed(2)} s in all, ${(ms / CASES).toFixed(1)} ms per case`);
}
