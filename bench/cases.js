// What the benchmark measures, in the order it runs them for each project size.
//
// A case is plain data plus a few functions of the run context `ctx`:
//   id        stable key (results.json, BENCH_CASES filter, targets)
//   label     what the table shows
//   group     'baseline' | 'import' | 'ca'   (BENCH_CASES accepts groups too; 'ca' needs the built CLI)
//   cache     'cold' | 'warm'                (documentation; ratios always use both import figures)
//   argv(ctx) the command: ctx.ca(...args) for the CLI, ctx.node(...args) for a Node script
//   env       extra environment (object)
//   reps(ctx) timed repetitions (default ctx.defaultReps: 5 up to 2,000 flows, 3 above)
//   warmup    one untimed run first (fills caches for warm cases)
//   before(ctx) / after(ctx)   once around the case (async allowed): write a baseline, edit a file…
//   beforeEach(ctx)            before every run, warm-up included (e.g. delete .ca for cold runs)
//   okExitCodes                exit codes that count as success (default [0]; ca lint exits 1 on findings)
//   count(stdout)              definitions the run reported, checked against expected(ctx)
//   expected(ctx)              default: every node of the generated module
//
// The context: ctx.dir (the generated project), ctx.size, ctx.module (bench-module.json: counts
// and sample node names such as module.sample.flowWithSubflow / .hubTool.name / .middleFile),
// ctx.sdkArgs (['--sdk-shim'] while the SDK is a stub), ctx.runCa(...args) (runs the CLI once,
// unmeasured, rejects on failure: for before() steps such as `ca manifest`).
//
// Adding selection timings later is one entry each, e.g.:
//   { id: 'ls-select-at', group: 'ca', cache: 'warm', warmup: true,
//     label: "ca ls -s '@flow' (warm)",
//     argv: (ctx) => ctx.ca('ls', '-p', ctx.dir, '--output', 'names', '-s', `@${ctx.module.sample.flowWithSubflow}`),
//     count: countLines, expected: () => undefined },
//   { id: 'ls-state-modified', group: 'ca', cache: 'warm', warmup: true,
//     before: async (ctx) => { await ctx.runCa('manifest', '-p', ctx.dir, ...); /* edit a lib helper */ },
//     after: (ctx) => { /* restore the file */ },
//     argv: (ctx) => ctx.ca('ls', '-p', ctx.dir, '--output', 'names', '-s', 'state:modified+', '--state', ...),
//     count: countLines, expected: () => undefined },
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const IMPORT_ALL = here('./import-all.js');
const FLOOR = here('./floor.js');
const SELECT_ONLY = here('./select-only.js');
// Absolute, so the child can run with the generated project as its working folder.
const TSX_ESM = import.meta.resolve('tsx/esm');

export const countLines = (stdout) => stdout.split('\n').filter((l) => l.trim()).length;
const countJson = (key) => (stdout) => JSON.parse(stdout.trim().split('\n').at(-1))[key];
const deleteCaCache = (ctx) => fs.rmSync(path.join(ctx.dir, '.ca'), { recursive: true, force: true });

// Slim CI: the module as a git repository whose branch `pr` changes one flow's run body against
// `main`; `ca lint -s state:modified+ --state git:main`, as the Slim CI workflow runs it.
const slimDir = (ctx) => `${ctx.dir}-slim-ci`;
const git = (dir, ...args) => execFileSync('git', ['-C', dir, '-c', 'user.email=bench@ca', '-c', 'user.name=bench', ...args], { stdio: 'pipe' });
async function makeSlimRepo(ctx) {
  const dir = slimDir(ctx);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(ctx.dir, dir, { recursive: true, filter: (source) => path.basename(source) !== '.ca' });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  // What CI restores: the cache a run on main left (the template's sarif job lints main on every push).
  await ctx.runCa('ls', '-p', dir, '--output', 'names');
  fs.cpSync(path.join(dir, '.ca'), `${dir}-main-cache`, { recursive: true });
  git(dir, 'checkout', '-q', '-b', 'pr');
  const file = path.join(dir, ctx.module.sample.middleFile);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes("outcome: 'done'")) throw new Error(`slim-ci: ${ctx.module.sample.middleFile} has no flow body to change`);
  fs.writeFileSync(file, text.replace("outcome: 'done'", "outcome: 'finished'"));
  git(dir, 'commit', '-qam', 'change one flow');
}
const removeSlimRepo = (ctx) => {
  for (const dir of [slimDir(ctx), `${slimDir(ctx)}-main-cache`]) fs.rmSync(dir, { recursive: true, force: true });
};
/** What both Slim CI cases share; they differ in the `.ca` each run starts with. */
const SLIM_CI = {
  group: 'ca',
  before: makeSlimRepo,
  after: removeSlimRepo,
  // Findings at the threshold (exit 1) are a result, not a failure.
  okExitCodes: [0, 1],
  argv: (ctx) => ctx.ca('lint', '-p', slimDir(ctx), '-s', 'state:modified+', '--state', 'git:main', '--format', 'json'),
  count: (stdout) => JSON.parse(stdout).linted,
  expected: () => undefined,
};

export const CASES = [
  {
    id: 'floor',
    group: 'baseline',
    label: 'floor: node + read src',
    argv: (ctx) => ctx.node(FLOOR, ctx.dir),
  },
  {
    id: 'import-cold',
    group: 'import',
    cache: 'cold',
    label: 'import-based, tsx cache off',
    argv: (ctx) => ctx.node('--import', TSX_ESM, IMPORT_ALL, ctx.dir, ...ctx.sdkArgs),
    env: { TSX_DISABLE_CACHE: '1' },
    count: countJson('definitions'),
  },
  {
    id: 'import-warm',
    group: 'import',
    cache: 'warm',
    label: 'import-based, tsx cache warm',
    warmup: true,
    argv: (ctx) => ctx.node('--import', TSX_ESM, IMPORT_ALL, ctx.dir, ...ctx.sdkArgs),
    count: countJson('definitions'),
  },
  {
    id: 'ls-cold',
    group: 'ca',
    cache: 'cold',
    label: 'ca ls --output names, cold',
    beforeEach: deleteCaCache,
    argv: (ctx) => ctx.ca('ls', '-p', ctx.dir, '--output', 'names'),
    count: countLines,
  },
  {
    id: 'ls-cold-table',
    group: 'ca',
    cache: 'cold',
    label: 'ca ls (table), cold, once',
    reps: () => 1,
    beforeEach: deleteCaCache,
    argv: (ctx) => ctx.ca('ls', '-p', ctx.dir),
  },
  {
    id: 'ls-warm',
    group: 'ca',
    cache: 'warm',
    label: 'ca ls --output names, warm',
    warmup: true,
    argv: (ctx) => ctx.ca('ls', '-p', ctx.dir, '--output', 'names'),
    count: countLines,
  },
  {
    id: 'ls-select-at',
    group: 'ca',
    cache: 'warm',
    label: "ca ls -s '@<flow>', warm",
    warmup: true,
    argv: (ctx) => ctx.ca('ls', '-p', ctx.dir, '--output', 'names', '-s', `@${ctx.module.sample.flowWithSubflow}`),
    count: countLines,
    expected: () => undefined,
  },
  {
    id: 'ls-state-modified',
    group: 'ca',
    cache: 'warm',
    label: 'ca ls -s state:modified+ (manifest), warm',
    warmup: true,
    // The baseline is the module as generated; then one shared helper changes, as in a pull request.
    before: async (ctx) => {
      await ctx.runCa('manifest', '-p', ctx.dir, '-o', path.join(ctx.dir, '.ca', 'bench-baseline.json'));
      const lib = path.join(ctx.dir, 'src', 'lib');
      const helper = path.join(lib, fs.readdirSync(lib).filter((f) => f.endsWith('.ts')).sort()[0]);
      ctx.restore = { file: helper, text: fs.readFileSync(helper, 'utf8') };
      fs.writeFileSync(helper, `${ctx.restore.text}\nexport const benchEdit = 1;\n`.replace(/return /, 'return benchEdit * 0 + '));
    },
    after: (ctx) => {
      if (ctx.restore) fs.writeFileSync(ctx.restore.file, ctx.restore.text);
    },
    argv: (ctx) => ctx.ca('ls', '-p', ctx.dir, '--output', 'names', '-s', 'state:modified+', '--state', path.join(ctx.dir, '.ca', 'bench-baseline.json')),
    count: countLines,
    expected: () => undefined,
  },
  {
    ...SLIM_CI,
    id: 'slim-ci-cold',
    cache: 'cold',
    label: 'Slim CI lint vs git:main, one flow changed, no cache',
    beforeEach: (ctx) => fs.rmSync(path.join(slimDir(ctx), '.ca'), { recursive: true, force: true }),
  },
  {
    ...SLIM_CI,
    id: 'slim-ci-restored',
    cache: 'warm',
    label: "Slim CI lint vs git:main, one flow changed, main's .ca/cache restored",
    beforeEach: (ctx) => {
      fs.rmSync(path.join(slimDir(ctx), '.ca'), { recursive: true, force: true });
      fs.cpSync(`${slimDir(ctx)}-main-cache`, path.join(slimDir(ctx), '.ca'), { recursive: true });
    },
  },
  {
    id: 'lint-warm',
    group: 'ca',
    cache: 'warm',
    label: 'ca lint --format json, warm',
    warmup: true,
    // Every rule over every node. The generated module may well have findings: exit 1 is a result.
    okExitCodes: [0, 1],
    argv: (ctx) => ctx.ca('lint', '-p', ctx.dir, '--format', 'json'),
    count: (stdout) => JSON.parse(stdout).linted,
    metrics: (stdout) => {
      const result = JSON.parse(stdout);
      return { linted: result.linted, findings: result.findings.length, errors: result.counts.error, warnings: result.counts.warn, info: result.counts.info };
    },
  },
  {
    id: 'select-only',
    group: 'ca',
    cache: 'warm',
    label: 'selection alone, in-process (see below)',
    warmup: true,
    argv: (ctx) => ctx.node(SELECT_ONLY, ctx.dir, ctx.module.sample.flowWithSubflow),
    metrics: (stdout) => JSON.parse(stdout.trim().split('\n').at(-1)),
  },
];

/** The goals, checked at one size; `ratio` targets compare case medians, `rss` the ca runs' peak. */
export const TARGETS = [
  { id: 'cold', size: 2000, label: 'ca ls cold ≤ 0.3× import-based cold', case: 'ls-cold', vs: 'import-cold', maxRatio: 0.3 },
  { id: 'warm', size: 2000, label: 'ca ls warm ≤ 0.1× import-based warm', case: 'ls-warm', vs: 'import-warm', maxRatio: 0.1 },
  { id: 'lint', size: 2000, label: 'ca lint warm ≤ 1.5× ca ls warm', case: 'lint-warm', vs: 'ls-warm', maxRatio: 1.5 },
  { id: 'memory', size: 2000, label: 'ca peak memory < 400 MB', group: 'ca', maxRssMb: 400 },
];
