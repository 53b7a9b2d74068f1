#!/usr/bin/env node
// Generates a synthetic, deterministic agent project of N flows for the benchmark.
//
//   node bench/generate-module.js [flows=200] [--out DIR] [--seed N]
//
// The shape aims at what a large real project looks like to discovery: one flow per file with
// its tools (and sometimes a reasoner), tools borrowed from other files (directly or through a
// folder barrel), ~10% of flows calling a sub-flow, shared helpers in src/lib used by many
// flows, three import styles for the SDK (named, aliased, namespace), `const` names, type-only
// imports, folder barrels and a root barrel. Imports only point at earlier files, so the module
// graph is acyclic and an import-based loader never trips over a temporal dead zone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the output changes shape, so stale folders are recognisable in bench-module.json. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20240611;
export const FILES_PER_FOLDER = 50;

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PACKAGE_ROOT = path.resolve(BENCH_DIR, '..');
export const WORK_DIR = path.join(BENCH_DIR, '.work');
export const MARKER = 'bench-module.json';

export function defaultOutDir(flows) {
  return path.join(WORK_DIR, `flows-${flows}`);
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const DOMAINS = [
  'billing', 'support', 'refunds', 'invoices', 'shipping', 'onboarding', 'fraud', 'catalog',
  'inventory', 'payments', 'accounts', 'notifications', 'compliance', 'returns', 'loyalty', 'pricing',
];
const AREAS = [
  'intake', 'review', 'sync', 'reports', 'admin', 'partners', 'jobs', 'escalations',
  'audits', 'exports', 'imports', 'alerts', 'webhooks', 'backfills', 'reconcile', 'quality',
];
export const NOUNS = {
  billing: ['invoice', 'charge', 'statement', 'dunning', 'plan'],
  support: ['ticket', 'reply', 'macro', 'queue', 'handoff'],
  refunds: ['claim', 'refund', 'dispute', 'credit', 'chargeback'],
  invoices: ['invoice', 'line', 'tax', 'memo', 'payout'],
  shipping: ['parcel', 'label', 'carrier', 'route', 'manifest'],
  onboarding: ['signup', 'profile', 'checklist', 'invite', 'trial'],
  fraud: ['signal', 'device', 'velocity', 'review', 'blocklist'],
  catalog: ['product', 'variant', 'listing', 'category', 'asset'],
  inventory: ['stock', 'bin', 'transfer', 'count', 'reservation'],
  payments: ['payment', 'mandate', 'capture', 'settlement', 'payout'],
  accounts: ['account', 'contact', 'seat', 'role', 'session'],
  notifications: ['email', 'digest', 'push', 'template', 'preference'],
  compliance: ['kyc', 'sanction', 'retention', 'consent', 'audit'],
  returns: ['return', 'rma', 'inspection', 'restock', 'exchange'],
  loyalty: ['points', 'tier', 'reward', 'voucher', 'member'],
  pricing: ['price', 'discount', 'quote', 'coupon', 'rule'],
};
export const FLOW_VERBS = [
  'triage', 'review', 'reconcile', 'sync', 'escalate', 'summarise',
  'approve', 'route', 'audit', 'backfill', 'enrich', 'resolve',
];
export const READ_VERBS = ['lookup', 'fetch', 'list', 'search', 'load'];
export const WRITE_VERBS = ['update', 'create', 'tag', 'notify', 'close', 'assign'];
export const DANGEROUS_VERBS = ['delete', 'refund', 'purge', 'cancel'];
const REASONER_SHAPES = [
  { what: 'summary', field: 'summary', system: 'Summarise the {noun} for a support agent in two sentences.' },
  { what: 'reply', field: 'reply', system: 'Draft one concise, friendly reply about the {noun}.' },
  { what: 'decision', field: 'decision', system: 'Decide whether the {noun} needs a human. Answer approve, deny or escalate.' },
  { what: 'label', field: 'label', system: 'Classify the {noun} into one short label.' },
];
const MODELS = ['openai:gpt-4o-mini', 'openai:gpt-4o', 'anthropic:claude-3-5-haiku-latest', 'fake:echo'];
const EXTRA_TAGS = ['tier1', 'tier2', 'nightly', 'pii', 'customer-facing', 'experimental', 'critical', 'batch'];
export const EXTRA_FIELDS = [
  ['reason', 'z.string()'], ['limit', 'z.number().int()'], ['dryRun', 'z.boolean()'],
  ['locale', 'z.string()'], ['priority', "z.enum(['low', 'normal', 'high'])"],
];
const LIB_BASES = ['text', 'money', 'dates', 'ids', 'policy', 'retry', 'metrics', 'cache', 'http', 'audit'];
const HELPER_SHAPES = [
  // [stem, signature kind, body template]; {T} is the module's capitalised name.
  ['normalise', 'string', "return value.trim().toLowerCase().replace(/\\s+/g, SEPARATOR);"],
  ['format', 'string', 'return `[${PREFIX}] ${value}`;'],
  ['redact', 'string', "return value.replace(/[0-9]/g, '*');"],
  ['round', 'number', 'return Math.round(n * DEFAULTS.precision) / DEFAULTS.precision;'],
  ['clamp', 'number', 'return Math.min(Math.max(n, 0), DEFAULTS.limit);'],
  ['isValid', 'boolean', "return value.length > 0 && !value.includes(' ');"],
];

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same seed always gives the same project.

export function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (arr) => arr[int(arr.length)],
    /** k distinct elements, in random order. */
    sample(arr, k) {
      const copy = [...arr];
      const out = [];
      while (out.length < k && copy.length) out.push(copy.splice(int(copy.length), 1)[0]);
      return out;
    },
  };
}

export const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
export const cap = (s) => s[0].toUpperCase() + s.slice(1);
export const a = (word) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
export const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function relImport(fromFile, toFile) {
  let rel = path.posix.relative(path.posix.dirname(fromFile), toFile).replace(/\.ts$/, '.js');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

// ---------------------------------------------------------------------------------------------
// Plan: decide everything first (names, files, dependencies), then render text.

export function folderOf(index) {
  const domain = DOMAINS[index % DOMAINS.length];
  const round = Math.floor(index / DOMAINS.length);
  const area = AREAS[round % AREAS.length];
  const suffix = round >= AREAS.length ? `-${Math.floor(round / AREAS.length) + 1}` : '';
  return { domain, dir: `src/${domain}/${area}${suffix}` };
}

export function planLib(rng, count) {
  const mods = [];
  for (let m = 0; m < count; m++) {
    const base = LIB_BASES[m % LIB_BASES.length];
    const name = m < LIB_BASES.length ? base : `${base}${Math.floor(m / LIB_BASES.length) + 1}`;
    const T = cap(name);
    const helpers = HELPER_SHAPES.map(([stem, type, body]) => ({ fn: `${stem}${T}`, type, body }));
    // Some helpers lean on an earlier lib module, so the `code` fingerprint has depth.
    const dependsOn = m > 0 && rng.chance(0.5) ? mods[rng.int(m)] : undefined;
    mods.push({ name, T, file: `src/lib/${name}.ts`, helpers, dependsOn });
  }
  return mods;
}

/** Where file i of `count` goes and what it is about: its folder, domain, padded id, noun and verb. */
export function placeFile(rng, i, count) {
  const folderIndex = Math.floor(i / FILES_PER_FOLDER);
  const { domain, dir } = folderOf(folderIndex);
  const id = String(i).padStart(Math.max(4, String(count - 1).length), '0');
  const noun = rng.pick(NOUNS[domain]);
  const verb = rng.pick(FLOW_VERBS);
  return { folderIndex, domain, dir, id, noun, verb };
}

/** An earlier file than i: mostly nearby, sometimes one of the first few (the hubs), sometimes any. */
export function pickEarlier(rng, files, i, hubCount) {
  return files[rng.chance(0.15) ? rng.int(Math.min(hubCount, i)) : rng.chance(0.5) ? Math.max(0, i - 1 - rng.int(FILES_PER_FOLDER)) : rng.int(i)];
}

function planFiles(rng, flows, lib) {
  const files = [];
  const hubCount = Math.min(20, Math.max(1, Math.floor(flows / 10)));
  for (let i = 0; i < flows; i++) {
    const { folderIndex, domain, dir, id, noun, verb: flowVerb } = placeFile(rng, i, flows);
    const r = rng.next();
    const style = r < 0.7 ? 'named' : r < 0.85 ? 'alias' : 'namespace';

    // Own tools: the first reads; the others write, now and then something dangerous.
    const toolCount = rng.chance(0.5) ? 1 : rng.chance(0.7) ? 2 : 3;
    const tools = [];
    const [readVerb] = rng.sample(READ_VERBS, 1);
    const writeVerbs = rng.sample(WRITE_VERBS, 2);
    for (let t = 0; t < toolCount; t++) {
      let verb;
      let effect;
      if (t === 0) [verb, effect] = [readVerb, 'read'];
      else if (rng.chance(0.12)) [verb, effect] = [rng.pick(DANGEROUS_VERBS), 'dangerous'];
      else [verb, effect] = [writeVerbs[t - 1], rng.chance(0.6) ? 'write' : undefined];
      const name = `${verb}_${noun}_${id}`;
      if (tools.some((x) => x.name === name)) continue;
      const extra = rng.chance(0.6) ? rng.pick(EXTRA_FIELDS) : undefined;
      tools.push({
        name, ident: camel(name), verb, effect, extra,
        idempotent: effect === 'read' ? true : rng.chance(0.3) ? false : undefined,
        sharedSchema: rng.chance(0.15),
        tags: rng.chance(0.2) ? [rng.pick(['pii', 'slow', 'external'])] : undefined,
      });
    }

    let reasoner;
    if (rng.chance(0.35)) {
      const shape = rng.pick(REASONER_SHAPES);
      const name = `draft_${noun}_${shape.what}_${id}`;
      reasoner = { name, ident: camel(name), shape, model: rng.pick(MODELS) };
    }

    const flowName = `${domain}_${flowVerb}_${noun}_${id}`;
    const tagCount = rng.chance(0.1) ? 0 : 1 + rng.int(3);
    const tags = tagCount === 0 ? [] : [domain, ...rng.sample(EXTRA_TAGS, tagCount - 1)];

    // Tools borrowed from earlier files: mostly nearby, sometimes a "hub" used by many flows.
    const borrowed = [];
    if (i > 0) {
      const n = rng.chance(0.3) ? 0 : rng.chance(0.64) ? 1 : 2;
      for (let k = 0; k < n; k++) {
        const src = pickEarlier(rng, files, i, hubCount);
        const tool = rng.pick(src.tools);
        if (borrowed.some((b) => b.tool === tool)) continue;
        // Files in an earlier folder are sometimes reached through that folder's barrel.
        const viaBarrel = src.folderIndex < folderIndex && rng.chance(0.5);
        borrowed.push({ tool, from: src, viaBarrel });
      }
    }
    const subflow = i > 0 && rng.chance(0.1) ? files[rng.int(i)] : undefined;

    const libUse = rng.sample(lib, 1 + rng.int(2)).map((mod) => ({
      mod,
      str: rng.pick(mod.helpers.filter((h) => h.type === 'string')),
      num: rng.chance(0.5) ? rng.pick(mod.helpers.filter((h) => h.type === 'number')) : undefined,
    }));

    files.push({
      i, id, folderIndex, domain, dir, noun, style,
      path: `${dir}/${flowVerb}-${noun}-${id}.ts`,
      tools, reasoner, borrowed, subflow, libUse,
      libViaBarrel: rng.chance(0.2),
      useTypes: rng.chance(0.2),
      constName: rng.chance(0.05),
      localHelper: rng.chance(0.6),
      limit: 50 * (1 + rng.int(20)),
      flow: {
        name: flowName, ident: camel(flowName), verb: flowVerb, tags,
        description: rng.chance(0.7) ? `${cap(flowVerb)} ${a(noun)} for ${domain}` : undefined,
      },
    });
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Render

export function renderLib(mod) {
  const lines = [];
  if (mod.dependsOn) lines.push(`import { clamp${mod.dependsOn.T} } from './${mod.dependsOn.name}.js';`, '');
  const defaults = `${mod.name.toUpperCase()}_DEFAULTS`;
  lines.push(
    `const SEPARATOR = '-';`,
    `const PREFIX = '${mod.name}';`,
    `export const ${defaults} = { precision: 100, limit: 10_000 } as const;`,
    '',
  );
  for (const h of mod.helpers) {
    const param = h.type === 'number' ? 'n: number' : 'value: string';
    const ret = h.type === 'string' ? 'string' : h.type;
    let body = h.body.replaceAll('DEFAULTS', defaults);
    if (mod.dependsOn && h.fn.startsWith('clamp')) body = body.replace('return ', `return clamp${mod.dependsOn.T}(`).replace(/;$/, ');');
    lines.push(`/** ${cap(h.fn.replace(/([A-Z])/g, ' $1').toLowerCase())}. */`);
    lines.push(`export function ${h.fn}(${param}): ${ret} {`, `  ${body}`, '}', '');
  }
  return lines.join('\n');
}

export const SCHEMAS = `import { z } from 'zod';

/** Shared input for tools that act on one record. */
export const RecordInput = z.object({
  id: z.string().min(1),
  note: z.string().max(2000).optional(),
});

export const Money = z.object({
  amount: z.number().nonnegative(),
  currency: z.string().length(3),
});

export const Customer = z.object({
  id: z.string(),
  email: z.string().email().optional(),
  tier: z.enum(['free', 'pro', 'enterprise']).default('free'),
});
`;

const TYPES = `/** A reference to one record, as flows receive it. */
export interface RecordRef {
  id: string;
  note?: string;
}

export type Outcome = 'approved' | 'denied' | 'escalated' | 'done';

export interface FlowResult {
  id: string;
  outcome: Outcome;
  detail?: unknown;
}
`;

/** A file-local constant and helper (`needsReview`) built on a shared one, when the file has them. */
export function renderLocalHelper(f) {
  if (!f.localHelper) return [];
  const num = f.libUse.find((u) => u.num)?.num.fn;
  const limitConst = `${f.noun.toUpperCase()}_LIMIT`;
  return [
    `const ${limitConst} = ${f.limit};`,
    '',
    `// Amounts above the limit need a person to look at them.`,
    `function needsReview(amount: number): boolean {`,
    `  return ${num ? `${num}(amount)` : 'amount'} > ${limitConst};`,
    `}`,
    '',
  ];
}

/** `importOf(fromFile, toFile)`: the specifier one project file uses for another (relative here; a workspace names packages). */
function renderFlowFile(f, importOf = relImport) {
  const imports = new Map(); // specifier → Set of import clauses
  const add = (spec, clause) => {
    if (!imports.has(spec)) imports.set(spec, new Set());
    imports.get(spec).add(clause);
  };

  // SDK factories, in the file's import style.
  const used = ['tool', ...(f.reasoner ? ['reasoner'] : []), 'flow'];
  const factory = {};
  let sdkImport;
  if (f.style === 'named') {
    for (const k of used) factory[k] = k;
    sdkImport = `import { ${used.join(', ')} } from 'composable-agents';`;
  } else if (f.style === 'alias') {
    for (const k of used) factory[k] = `define${cap(k)}`;
    sdkImport = `import { ${used.map((k) => `${k} as define${cap(k)}`).join(', ')} } from 'composable-agents';`;
  } else {
    for (const k of used) factory[k] = `ca.${k}`;
    sdkImport = `import * as ca from 'composable-agents';`;
  }

  const needsZod = f.tools.some((t) => !t.sharedSchema) || !!f.reasoner;
  if (f.tools.some((t) => t.sharedSchema)) add(importOf(f.path, 'src/lib/schemas.ts'), 'RecordInput');
  for (const u of f.libUse) {
    const spec = f.libViaBarrel ? importOf(f.path, 'src/lib/index.ts') : importOf(f.path, u.mod.file);
    add(spec, u.str.fn);
    if (u.num) add(spec, u.num.fn);
  }
  for (const b of f.borrowed) {
    const spec = b.viaBarrel ? importOf(f.path, `${b.from.dir}/index.ts`) : importOf(f.path, b.from.path);
    add(spec, b.tool.ident);
  }
  if (f.subflow) add(importOf(f.path, f.subflow.path), f.subflow.flow.ident);

  const lines = [sdkImport];
  if (needsZod) lines.push(`import { z } from 'zod';`);
  if (f.useTypes) lines.push(`import type { RecordRef, FlowResult } from '${importOf(f.path, 'src/types.ts')}';`);
  for (const [spec, names] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`import { ${[...names].join(', ')} } from '${spec}';`);
  }
  lines.push('');

  const str = f.libUse[0].str.fn;
  lines.push(...renderLocalHelper(f));
  if (f.constName) lines.push(`const FLOW_NAME = ${q(f.flow.name)};`, '');

  for (const t of f.tools) {
    lines.push(`export const ${t.ident} = ${factory.tool}({`);
    lines.push(`  name: ${q(t.name)},`);
    lines.push(`  description: ${q(`${cap(t.verb)} ${a(f.noun)} in the ${f.domain} system`)},`);
    if (t.tags) lines.push(`  tags: [${t.tags.map(q).join(', ')}],`);
    if (t.effect) lines.push(`  effect: ${q(t.effect)},`);
    if (t.idempotent !== undefined) lines.push(`  idempotent: ${t.idempotent},`);
    if (t.sharedSchema) lines.push(`  input: RecordInput,`);
    else lines.push(`  input: z.object({ id: z.string()${t.extra ? `, ${t.extra[0]}: ${t.extra[1]}.optional()` : ''} }),`);
    if (t.effect === 'read') {
      lines.push(`  run: async ({ id }) => ({ id: ${str}(id), status: 'open', amount: ${(f.limit * 3) % 997} }),`);
    } else {
      lines.push(`  run: async ({ id }) => {`);
      lines.push(`    const key = ${str}(id);`);
      lines.push(`    return { id: key, action: '${t.verb}' };`);
      lines.push(`  },`);
    }
    lines.push(`});`, '');
  }

  if (f.reasoner) {
    const r = f.reasoner;
    lines.push(`export const ${r.ident} = ${factory.reasoner}({`);
    lines.push(`  name: ${q(r.name)},`);
    lines.push(`  model: ${q(r.model)},`);
    lines.push(`  system: ${q(r.shape.system.replace('{noun}', f.noun))},`);
    lines.push(`  output: z.object({ ${r.shape.field}: z.string() }),`);
    lines.push(`});`, '');
  }

  // The flow: its own tools, borrowed tools, the reasoner and maybe a sub-flow.
  const [read, ...writes] = f.tools;
  const uses = [...f.tools.map((t) => t.ident), ...f.borrowed.map((b) => b.tool.ident)];
  if (f.reasoner) uses.push(f.reasoner.ident);
  if (f.subflow) uses.push(f.subflow.flow.ident);
  const inputType = f.useTypes ? 'RecordRef' : '{ id: string }';
  lines.push(`export const ${f.flow.ident} = ${factory.flow}({`);
  lines.push(`  name: ${f.constName ? 'FLOW_NAME' : q(f.flow.name)},`);
  if (f.flow.tags.length) lines.push(`  tags: [${f.flow.tags.map(q).join(', ')}],`);
  if (f.flow.description) lines.push(`  description: ${q(f.flow.description)},`);
  lines.push(`  uses: [${uses.join(', ')}],`);
  lines.push(`  run: async (ctx, input: ${inputType})${f.useTypes ? ': Promise<FlowResult>' : ''} => {`);
  lines.push(`    const record = await ctx.call(${read.ident}, { id: input.id }, { retries: 2, timeoutMs: 5000 });`);
  f.borrowed.forEach((b, k) => lines.push(`    const related${k} = await ctx.call(${b.tool.ident}, { id: record.id });`));
  if (f.localHelper) {
    lines.push(`    if (needsReview(record.amount)) {`);
    lines.push(`      await ctx.approve(\`${cap(f.flow.verb)} ${f.noun} \${record.id} above ${f.limit}?\`);`);
    lines.push(`    }`);
  }
  let detail = 'record';
  if (f.reasoner) {
    const field = f.reasoner.shape.field;
    const related = f.borrowed.map((_, k) => `related${k}`);
    lines.push(`    const { ${field} } = await ctx.think(${f.reasoner.ident}, { record${related.length ? `, related: [${related.join(', ')}]` : ''} });`);
    detail = field;
  }
  if (f.subflow) {
    lines.push(`    const child = await ctx.call(${f.subflow.flow.ident}, { id: record.id });`);
    detail = `{ ${detail === 'record' ? 'record' : detail}, child }`;
  }
  for (const w of writes) {
    lines.push(`    await ctx.call(${w.ident}, { id: input.id });`);
  }
  lines.push(`    return { id: input.id, outcome: 'done', detail: ${detail} };`);
  lines.push(`  },`);
  lines.push(`});`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Writing (shared with bench/generate-openai.js)

/** Removes a folder a generator made before (it holds bench-module.json) or an empty one; refuses anything else. */
export function clearOutDir(outDir) {
  outDir = path.resolve(outDir);
  if (fs.existsSync(outDir)) {
    const generated = fs.existsSync(path.join(outDir, MARKER));
    const empty = fs.readdirSync(outDir).length === 0;
    if (!generated && !empty) throw new Error(`${outDir} exists and was not made by a bench generator; not replacing it`);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  return outDir;
}

/** A barrel `index.ts` per folder (`export * from './x.js'` per file) and a root `src/index.ts` re-exporting every barrel. */
export function addBarrels(out, files) {
  const folders = new Map();
  for (const f of files) {
    if (!folders.has(f.dir)) folders.set(f.dir, []);
    folders.get(f.dir).push(f);
  }
  for (const [dir, list] of folders) {
    out.set(`${dir}/index.ts`, `${list.map((f) => `export * from './${path.posix.basename(f.path, '.ts')}.js';`).join('\n')}\n`);
  }
  out.set('src/index.ts', `// Every definition in the project, for whoever wants one import.\n${[...folders.keys()].map((dir) => `export * from '${relImport('src/index.ts', `${dir}/index.ts`)}';`).join('\n')}\n`);
  return folders;
}

/** Size and file count of what goes under src/ (a package's src/ in a workspace). */
export function srcSize(out) {
  let bytes = 0;
  let files = 0;
  for (const [rel, text] of out) {
    if (rel.startsWith('src/') || rel.includes('/src/')) {
      bytes += Buffer.byteLength(text);
      files++;
    }
  }
  return { srcFiles: files, srcBytes: bytes };
}

/** Writes relative path → text under outDir; the marker file `bench-module.json` must be among them. */
export function writeFiles(outDir, out) {
  if (!out.has(MARKER)) throw new Error(`writeFiles: ${MARKER} missing`);
  const dirs = new Set([...out.keys()].map((rel) => path.dirname(path.join(outDir, rel))));
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  for (const [rel, text] of out) fs.writeFileSync(path.join(outDir, rel), text);
}

// ---------------------------------------------------------------------------------------------

/**
 * Writes the project and returns what it holds (counts, a few notable node names for selection
 * cases). Replaces `outDir` entirely; refuses to touch a folder it did not generate. `caYaml: false`
 * leaves out ca.yaml (the tsconfig's include then decides the sources); `layout` places the same
 * files elsewhere (bench/generate-workspace.js).
 */
export function generateModule({ flows = 200, outDir = defaultOutDir(flows), seed = DEFAULT_SEED, caYaml = true, layout } = {}) {
  if (!Number.isInteger(flows) || flows < 1) throw new Error(`flows must be a positive integer, got ${flows}`);
  outDir = clearOutDir(outDir);

  const rng = makeRng(seed ^ flows);
  const lib = planLib(rng, Math.min(40, Math.max(6, Math.ceil(flows / 250))));
  const files = planFiles(rng, flows, lib);
  // The same files in other places (bench/generate-workspace.js: packages of a workspace): how one
  // file imports another, and where each file goes once rendered. Without one, a single package.
  const placed = layout?.({ files });
  const importOf = placed?.importOf ?? relImport;

  const out = new Map(); // relative path → text
  out.set('package.json', `${JSON.stringify({
    name: `bench-flows-${flows}`,
    private: true,
    type: 'module',
    dependencies: { 'composable-agents': `file:${path.relative(outDir, PACKAGE_ROOT).split(path.sep).join('/')}`, zod: '^4.1.0' },
  }, null, 2)}\n`);
  if (caYaml) out.set('ca.yaml', 'src: [src]\n');
  out.set('tsconfig.json', `${JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
      strict: true, skipLibCheck: true, noEmit: true,
    },
    include: ['src'],
  }, null, 2)}\n`);
  out.set('src/types.ts', TYPES);
  out.set('src/lib/schemas.ts', SCHEMAS);
  for (const mod of lib) out.set(mod.file, renderLib(mod));
  out.set('src/lib/index.ts', `${[...lib.map((m) => `export * from './${m.name}.js';`), `export * from './schemas.js';`].join('\n')}\n`);

  for (const f of files) out.set(f.path, renderFlowFile(f, importOf));
  const folders = addBarrels(out, files);
  const written = placed ? placed.place(out) : out;

  const counts = {
    flows: files.length,
    tools: files.reduce((n, f) => n + f.tools.length, 0),
    reasoners: files.filter((f) => f.reasoner).length,
  };
  counts.nodes = counts.flows + counts.tools + counts.reasoners;
  // `uses` entries, i.e. graph edges: own tools, borrowed tools, the reasoner, the sub-flow.
  counts.edges = files.reduce((n, f) => n + f.tools.length + f.borrowed.length + (f.reasoner ? 1 : 0) + (f.subflow ? 1 : 0), 0);

  // Notable nodes, for selection cases: a tool many flows borrow, a flow with a sub-flow.
  const borrowCount = new Map();
  for (const f of files) for (const b of f.borrowed) borrowCount.set(b.tool.name, (borrowCount.get(b.tool.name) ?? 0) + 1);
  const hubTool = [...borrowCount].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const withSub = files.filter((f) => f.subflow);
  const middle = files[Math.floor(files.length / 2)];
  const sample = {
    hubTool: hubTool ? { name: hubTool[0], borrowedBy: hubTool[1] } : undefined,
    flowWithSubflow: withSub.length ? withSub[Math.floor(withSub.length / 2)].flow.name : undefined,
    middleFlow: middle.flow.name,
    middleFile: placed ? placed.pathOf(middle.path) : middle.path,
    firstTag: DOMAINS[0],
  };

  const meta = { generator: GENERATOR_VERSION, seed, flows, ...srcSize(written), folders: folders.size, libModules: lib.length, counts, sample, ...(placed ? placed.meta : {}) };
  written.set(MARKER, `${JSON.stringify(meta, null, 2)}\n`);
  writeFiles(outDir, written);

  // A generated package.json makes its folder a package scope of its own, so the package's
  // self-reference to 'composable-agents' no longer applies; link it the way `npm install`
  // would for a file: dependency. zod resolves up the tree from /work/main/node_modules.
  fs.mkdirSync(path.join(outDir, 'node_modules'), { recursive: true });
  fs.symlinkSync(path.relative(path.join(outDir, 'node_modules'), PACKAGE_ROOT), path.join(outDir, 'node_modules', 'composable-agents'), 'dir');
  for (const [link, target] of placed?.links ?? []) {
    fs.mkdirSync(path.dirname(path.join(outDir, link)), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(path.join(outDir, link)), path.join(outDir, target)), path.join(outDir, link), 'dir');
  }

  return { dir: outDir, ...meta };
}

/**
 * A generator's command line, when its script is the one Node runs:
 * `node bench/<script> [size] [--out DIR] [--seed N]`; prints where it wrote what.
 */
export function generatorCli(moduleUrl, { script, sizeKey, generate, describe }) {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  try {
    const opts = {};
    const argv = process.argv.slice(2);
    for (let k = 0; k < argv.length; k++) {
      const arg = argv[k];
      if (arg === '--out') opts.outDir = argv[++k];
      else if (arg === '--seed') opts.seed = Number(argv[++k]);
      else if (/^\d+$/.test(arg)) opts[sizeKey] = Number(arg);
      else throw new Error(`unknown argument ${arg}; usage: node bench/${script} [${sizeKey}] [--out DIR] [--seed N]`);
    }
    const started = performance.now();
    const meta = generate(opts);
    console.log(`${meta.dir}: ${describe(meta)} in ${meta.srcFiles} files (${(meta.srcBytes / 1e6).toFixed(1)} MB) — ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    console.error(`${script.replace(/\.js$/, '')}: ${err.message}`);
    process.exit(2);
  }
}

generatorCli(import.meta.url, {
  script: 'generate-module.js',
  sizeKey: 'flows',
  generate: generateModule,
  describe: (meta) => `${meta.counts.flows} flows, ${meta.counts.tools} tools, ${meta.counts.reasoners} reasoners`,
});
