#!/usr/bin/env node
// Generates a synthetic, deterministic OpenAI Agents JS project of N files for the framework
// benchmark (bench/frameworks.js), the way bench/generate-module.js generates ca's own.
//
//   node bench/generate-openai.js [files=200] [--out DIR] [--seed N]   → bench/.work/openai-<N>/
//
// Same vocabulary, folders, shared helpers (src/lib) and seeded randomness as generate-module.js;
// per file, instead of a flow: one to three `tool({ name, description, parameters: z.object(…),
// execute })` from `@openai/agents` and one agent, `new Agent({ name: 'Display Name', instructions,
// handoffDescription, model, tools, handoffs })` (or `Agent.create`), whose tools are its own plus
// tools borrowed from earlier files (directly or through a folder barrel), sometimes an earlier
// agent as `x.asTool({…})` or an inline `tool({…})`, and whose handoffs go to agents of earlier
// files (some through `handoff(x)`, some assigned after construction: `agent.handoffs = […]`,
// `earlier.handoffs.push(agent)`). About a third of the files export a function that runs the agent
// (`run(agent, input)`), which discovery walks as a function body. Nothing is installed: discovery
// reads the files, it never resolves `@openai/agents`.
import path from 'node:path';
import {
  DEFAULT_SEED, DANGEROUS_VERBS, EXTRA_FIELDS, MARKER, READ_VERBS, SCHEMAS, WORK_DIR, WRITE_VERBS, a, addBarrels, camel,
  cap, clearOutDir, generatorCli, makeRng, pickEarlier, placeFile, planLib, q, relImport,
  renderLib, renderLocalHelper, srcSize, writeFiles,
} from './generate-module.js';

/** Bump when the output changes shape. */
export const OPENAI_GENERATOR_VERSION = 1;
const PACKAGE = '@openai/agents';
/** Mostly the small model, as the SDK's examples. */
const MODELS = ['gpt-4.1-mini', 'gpt-4.1-mini', 'gpt-4.1-mini', 'gpt-4.1', 'o4-mini'];

export function defaultOpenAiOutDir(files) {
  return path.join(WORK_DIR, `openai-${files}`);
}

// ---------------------------------------------------------------------------------------------
// Plan

function planFiles(rng, count, lib) {
  const files = [];
  const hubCount = Math.min(20, Math.max(1, Math.floor(count / 10)));
  const earlier = (i) => pickEarlier(rng, files, i, hubCount);
  for (let i = 0; i < count; i++) {
    const { folderIndex, domain, dir, id, noun, verb } = placeFile(rng, i, count);
    const r = rng.next();
    const style = r < 0.8 ? 'named' : r < 0.9 ? 'alias' : 'namespace';

    // Own tools: the first reads, the others write, now and then something that needs approval.
    const toolCount = rng.chance(0.2) ? 1 : rng.chance(0.8) ? 2 : 3;
    const [readVerb] = rng.sample(READ_VERBS, 1);
    const writeVerbs = rng.sample(WRITE_VERBS, 2);
    const tools = [];
    for (let t = 0; t < toolCount; t++) {
      let toolVerb;
      let approval = false;
      if (t === 0) toolVerb = readVerb;
      else if (rng.chance(0.1)) [toolVerb, approval] = [rng.pick(DANGEROUS_VERBS), true];
      else toolVerb = writeVerbs[t - 1];
      const name = `${toolVerb}_${noun}_${id}`;
      if (tools.some((x) => x.name === name)) continue;
      tools.push({ name, ident: camel(name), verb: toolVerb, read: t === 0, approval, extra: rng.chance(0.6) ? rng.pick(EXTRA_FIELDS) : undefined, sharedSchema: rng.chance(0.15) });
    }
    const inlineTool = rng.chance(0.05) ? { name: `handover_${noun}_${id}` } : undefined;

    // Tools borrowed from earlier files, as generate-module.js borrows them.
    const borrowed = [];
    if (i > 0 && rng.chance(0.7)) {
      const n = 1 + rng.int(2);
      for (let k = 0; k < n; k++) {
        const src = earlier(i);
        const tool = rng.pick(src.tools);
        if (borrowed.some((b) => b.tool === tool)) continue;
        borrowed.push({ tool, from: src, viaBarrel: src.folderIndex < folderIndex && rng.chance(0.5) });
      }
    }
    // Earlier agents: one used as a tool, handoffs (in the constructor or assigned afterwards), one handed back.
    const asTool = i > 0 && rng.chance(0.15) ? earlier(i) : undefined;
    const handoffs = [];
    if (i > 0 && rng.chance(0.4)) {
      const n = 1 + rng.int(2);
      for (let k = 0; k < n; k++) {
        const src = earlier(i);
        if (handoffs.some((h) => h.from === src)) continue;
        handoffs.push({ from: src, wrapped: style === 'named' && rng.chance(0.2) });
      }
    }
    const assigned = i > 0 && handoffs.length === 0 && rng.chance(0.15) ? earlier(i) : undefined;
    const handsBack = i > 0 && rng.chance(0.05) ? earlier(i) : undefined;

    const libUse = rng.sample(lib, 1 + rng.int(2)).map((mod) => ({
      mod,
      str: rng.pick(mod.helpers.filter((h) => h.type === 'string')),
      num: rng.chance(0.5) ? rng.pick(mod.helpers.filter((h) => h.type === 'number')) : undefined,
    }));

    const slug = `${domain}_${verb}_${noun}_${id}`;
    files.push({
      i, id, folderIndex, domain, dir, noun, style,
      path: `${dir}/${verb}-${noun}-${id}.ts`,
      tools, inlineTool, borrowed, libUse,
      libViaBarrel: rng.chance(0.2),
      localHelper: rng.chance(0.5),
      limit: 50 * (1 + rng.int(20)),
      agent: {
        // Mostly a display name ("Billing Triage Invoice 0042", slugged to its id), sometimes the id itself.
        id: slug,
        name: rng.chance(0.8) ? `${cap(domain)} ${cap(verb)} ${cap(noun)} ${id}` : slug,
        ident: `${camel(slug)}Agent`,
        verb,
        create: style !== 'namespace' && rng.chance(0.15),
        description: rng.chance(0.8) ? `Handles ${noun} ${verb} requests for ${domain}` : undefined,
        instructionsFn: rng.chance(0.3),
        model: rng.pick(MODELS),
      },
      asTool, handoffs, assigned, handsBack,
      runner: rng.chance(0.3),
    });
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Render

function renderAgentFile(f) {
  const imports = new Map(); // specifier → Set of names
  const add = (spec, name) => {
    if (!imports.has(spec)) imports.set(spec, new Set());
    imports.get(spec).add(name);
  };
  const needs = ['Agent', 'tool', ...(f.handoffs.some((h) => h.wrapped) ? ['handoff'] : []), ...(f.runner ? ['run'] : [])];
  const sdk = {};
  let sdkImport;
  if (f.style === 'named') {
    for (const k of needs) sdk[k] = k;
    sdkImport = `import { ${needs.join(', ')} } from '${PACKAGE}';`;
  } else if (f.style === 'alias') {
    const alias = { Agent: 'OpenAIAgent', tool: 'defineTool', handoff: 'handoffTo', run: 'runAgent' };
    for (const k of needs) sdk[k] = alias[k];
    sdkImport = `import { ${needs.map((k) => `${k} as ${alias[k]}`).join(', ')} } from '${PACKAGE}';`;
  } else {
    for (const k of needs) sdk[k] = `agents.${k}`;
    sdkImport = `import * as agents from '${PACKAGE}';`;
  }

  if (f.tools.some((t) => t.sharedSchema)) add(relImport(f.path, 'src/lib/schemas.ts'), 'RecordInput');
  for (const u of f.libUse) {
    const spec = f.libViaBarrel ? relImport(f.path, 'src/lib/index.ts') : relImport(f.path, u.mod.file);
    add(spec, u.str.fn);
    if (u.num) add(spec, u.num.fn);
  }
  for (const b of f.borrowed) add(b.viaBarrel ? relImport(f.path, `${b.from.dir}/index.ts`) : relImport(f.path, b.from.path), b.tool.ident);
  for (const other of [f.asTool, ...f.handoffs.map((h) => h.from), f.assigned, f.handsBack]) {
    if (other) add(relImport(f.path, other.path), other.agent.ident);
  }

  const lines = [sdkImport, `import { z } from 'zod';`];
  for (const [spec, names] of [...imports].sort(([x], [y]) => x.localeCompare(y))) lines.push(`import { ${[...names].join(', ')} } from '${spec}';`);
  lines.push('');

  const str = f.libUse[0].str.fn;
  lines.push(...renderLocalHelper(f));

  const parameters = (t) => (t.sharedSchema ? 'RecordInput' : `z.object({ id: z.string()${t.extra ? `, ${t.extra[0]}: ${t.extra[1]}.nullable()` : ''} })`);
  for (const t of f.tools) {
    lines.push(`export const ${t.ident} = ${sdk.tool}({`);
    lines.push(`  name: ${q(t.name)},`);
    lines.push(`  description: ${q(`${cap(t.verb)} ${a(f.noun)} in the ${f.domain} system`)},`);
    lines.push(`  parameters: ${parameters(t)},`);
    if (t.approval) lines.push(`  needsApproval: true,`);
    if (t.read) {
      const amount = (f.limit * 3) % 997;
      lines.push(`  execute: async ({ id }) => ({ id: ${str}(id), status: 'open', amount: ${amount}${f.localHelper ? `, review: needsReview(${amount})` : ''} }),`);
    } else {
      lines.push(`  execute: async ({ id }) => {`);
      lines.push(`    const key = ${str}(id);`);
      lines.push(`    return { id: key, action: '${t.verb}'${f.localHelper ? `, review: needsReview(${f.limit + 1})` : ''} };`);
      lines.push(`  },`);
    }
    lines.push(`});`, '');
  }

  const ag = f.agent;
  const toolEntries = [...f.tools.map((t) => t.ident), ...f.borrowed.map((b) => b.tool.ident)];
  if (f.asTool) {
    toolEntries.push(`${f.asTool.agent.ident}.asTool({ toolName: ${q(`ask_${f.asTool.agent.id}`)}, toolDescription: ${q(`Ask the ${f.asTool.noun} agent of ${f.asTool.domain}`)} })`);
  }
  if (f.inlineTool) {
    toolEntries.push([
      `${sdk.tool}({`,
      `      name: ${q(f.inlineTool.name)},`,
      `      description: ${q(`Hand ${a(f.noun)} over to a person`)},`,
      `      parameters: z.object({ id: z.string(), reason: z.string() }),`,
      `      execute: async ({ id, reason }) => \`\${${str}(id)}: \${reason}\`,`,
      `    })`,
    ].join('\n'));
  }
  const handoffEntries = f.handoffs.map((h) => (h.wrapped ? `${sdk.handoff}(${h.from.agent.ident})` : h.from.agent.ident));
  const instructions = `You ${ag.verb} ${f.noun} requests for the ${f.domain} team. Look the ${f.noun} up with your tools before you answer, and hand off when another team owns it.`;

  lines.push(`export const ${ag.ident} = ${ag.create ? `${sdk.Agent}.create` : `new ${sdk.Agent}`}({`);
  lines.push(`  name: ${q(ag.name)},`);
  if (ag.instructionsFn) lines.push(`  instructions: (runContext) => \`\${${str}(${q(f.domain)})} ${instructions.slice(0, -1)}\`,`);
  else lines.push(`  instructions: ${q(instructions)},`);
  if (ag.description) lines.push(`  handoffDescription: ${q(ag.description)},`);
  lines.push(`  model: ${q(ag.model)},`);
  if (f.inlineTool) lines.push(`  tools: [`, ...toolEntries.map((e) => `    ${e},`), `  ],`);
  else lines.push(`  tools: [${toolEntries.join(', ')}],`);
  if (handoffEntries.length) lines.push(`  handoffs: [${handoffEntries.join(', ')}],`);
  lines.push(`});`, '');
  if (f.assigned) lines.push(`${ag.ident}.handoffs = [${f.assigned.agent.ident}];`);
  if (f.handsBack) lines.push(`${f.handsBack.agent.ident}.handoffs.push(${ag.ident});`);
  if (f.assigned || f.handsBack) lines.push('');

  if (f.runner) {
    lines.push(`export async function ${camel(`run_${ag.id}`)}(input: string): Promise<string> {`);
    lines.push(`  const result = await ${sdk.run}(${ag.ident}, input);`);
    lines.push(`  return String(result.finalOutput ?? '');`);
    lines.push(`}`, '');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

/**
 * Writes the project and returns what it holds: counts, and the names discovery must find (every
 * agent by its id, every tool). Replaces `outDir` entirely; refuses a folder no generator made.
 */
export function generateOpenAiProject({ files: count = 200, outDir = defaultOpenAiOutDir(count), seed = DEFAULT_SEED } = {}) {
  if (!Number.isInteger(count) || count < 1) throw new Error(`files must be a positive integer, got ${count}`);
  outDir = clearOutDir(outDir);

  // Another stream than generate-module.js's for the same size, the same helpers shape.
  const rng = makeRng((seed ^ count) + 0x0a1);
  const lib = planLib(rng, Math.min(40, Math.max(6, Math.ceil(count / 250))));
  const files = planFiles(rng, count, lib);

  const out = new Map();
  out.set('package.json', `${JSON.stringify({
    name: `bench-openai-${count}`,
    private: true,
    type: 'module',
    dependencies: { '@openai/agents': '^0.3.0', zod: '^3.25.0' },
  }, null, 2)}\n`);
  out.set('ca.yaml', 'src: [src]\n');
  out.set('tsconfig.json', `${JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true },
    include: ['src'],
  }, null, 2)}\n`);
  out.set('src/lib/schemas.ts', SCHEMAS);
  for (const mod of lib) out.set(mod.file, renderLib(mod));
  out.set('src/lib/index.ts', `${[...lib.map((m) => `export * from './${m.name}.js';`), `export * from './schemas.js';`].join('\n')}\n`);
  for (const f of files) out.set(f.path, renderAgentFile(f));
  const folders = addBarrels(out, files);

  const agents = files.map((f) => f.agent.id);
  const tools = files.flatMap((f) => [...f.tools.map((t) => t.name), ...(f.inlineTool ? [f.inlineTool.name] : [])]);
  // Edges as discovery should link them: tools (own, borrowed, inline, an agent as a tool) and handoffs.
  const handedBack = new Map();
  for (const f of files) if (f.handsBack) handedBack.set(f.handsBack, (handedBack.get(f.handsBack) ?? 0) + 1);
  const counts = {
    files: count,
    agents: agents.length,
    tools: tools.length,
    nodes: agents.length + tools.length,
    uses: files.reduce((n, f) => n + f.tools.length + f.borrowed.length + (f.asTool ? 1 : 0) + (f.inlineTool ? 1 : 0), 0),
    handoffs: files.reduce((n, f) => n + f.handoffs.length + (f.assigned ? 1 : 0) + (handedBack.get(f) ?? 0), 0),
    createdWithAgentCreate: files.filter((f) => f.agent.create).length,
    displayNames: files.filter((f) => f.agent.name !== f.agent.id).length,
    assignedAfterConstruction: files.filter((f) => f.assigned || f.handsBack).length,
    runners: files.filter((f) => f.runner).length,
  };
  const meta = {
    generator: `openai-${OPENAI_GENERATOR_VERSION}`, seed, files: count, ...srcSize(out), folders: folders.size, libModules: lib.length, counts,
    names: [...agents, ...tools].sort(),
  };
  out.set(MARKER, `${JSON.stringify(meta, null, 2)}\n`);
  writeFiles(outDir, out);
  return { dir: outDir, ...meta };
}

generatorCli(import.meta.url, {
  script: 'generate-openai.js',
  sizeKey: 'files',
  generate: generateOpenAiProject,
  describe: ({ counts: c }) => `${c.agents} agents, ${c.tools} tools, ${c.uses} tool edges, ${c.handoffs} handoffs`,
});
