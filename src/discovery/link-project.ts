import { isValidNodeName, slugNodeName } from '../core/node-name.js';
import { quoted } from '../core/visible-text.js';
import { hashCanonical, sha256 } from '../core/hash.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { frameworkTitle } from '../core/frameworks.js';
import type { CaNode, McpToolRef, NodeCall, NodeKind } from '../core/node.js';
import type { LintDirective } from '../core/project-scan.js';
import type { AttachmentFact, DefinitionFact, FileFacts, InvalidRefFact, RefFact } from './file-facts.js';
import type { ProjectName } from './frameworks/project-names.js';
import { type Binding, BindingResolver, SDK_FACTORY_KINDS } from './resolve-bindings.js';
import { connectionHash, MCP_LOCK_FILE, type LockRead } from '../mcp/lock-file.js';
import type { ModuleResolver } from './resolve-module.js';

export interface LinkResult {
  nodes: CaNode[];
  diagnostics: Diagnostic[];
  lintDirectives: Record<string, LintDirective[]>;
}

interface Found {
  file: string;
  fact: DefinitionFact;
  kind: NodeKind;
  name: string;
  /** The name as written, when it was slugged into a valid id ("FAQ Agent" → faq_agent). */
  displayName?: string;
  /** The name before it was qualified by its package (`support/triage` → triage). */
  localName?: string;
  /** Made by `mcpTool`: a tool of an MCP server. */
  mcpTool?: true;
}

/**
 * Turns per-file facts into nodes: decides which calls are SDK definitions, resolves names,
 * `uses` and helper code across files, and computes fingerprints. Pure and in memory.
 * `projectNames`: ids the frameworks' project files (langgraph.json) give exported definitions.
 */
export function linkProject(allFacts: readonly FileFacts[], modules: ModuleResolver, projectNames: readonly ProjectName[] = [], mcpLock: LockRead = { kind: 'absent' }): LinkResult {
  const facts = [...allFacts].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const resolver = new BindingResolver(facts, modules);
  const diagnostics: Diagnostic[] = [];
  // By the declaration the export names (re-exports followed): `file#binding` → the id.
  const projectIds = new Map<string, ProjectName>();
  for (const named of projectNames) {
    const target = modules.resolve(named.from, named.specifier);
    const binding = target.kind === 'project' ? resolver.resolveExport(target.file, named.exported) : undefined;
    if (binding?.kind === 'declaration') projectIds.set(`${binding.file}#${binding.name}`, named);
  }

  for (const f of facts) {
    for (const error of f.parseErrors.slice(0, 1)) {
      diagnostics.push({
        code: 'parse-error',
        severity: 'error',
        message: `${f.file} does not parse: ${error.message}`,
        hint: 'Fix the syntax error; definitions in this file are skipped until then.',
        file: f.file,
        line: error.line,
        column: error.column,
      });
    }
  }

  // 1. Which candidate calls really are definitions, and their names.
  const found: Found[] = [];
  for (const f of facts) {
    for (const unread of f.unread) {
      diagnostics.push({
        code: 'dynamic-definition',
        severity: 'warn',
        message: `${/^[AEIOUaeiou]/.test(unread.construct) ? 'an' : 'a'} ${unread.construct}(…) of ${frameworkTitle(unread.framework)} is not read: ${unread.reason}`,
        hint: 'Define it at module level (export const x = …) with literal properties so ca can see it; it is not in the graph until then.',
        file: f.file,
        line: unread.line,
        column: unread.column,
      });
    }
    for (const fact of f.definitions) {
      if (fact.framework) {
        const project = projectIds.get(`${f.file}#${fact.binding}`);
        const named = project?.framework === fact.framework.id ? projectName(fact, project.id) : frameworkName(f.file, fact, resolver, diagnostics);
        if (named !== undefined) found.push({ file: f.file, fact, kind: fact.framework.kind, ...named });
        continue;
      }
      const factory = fact.factory.member === undefined
        ? resolver.resolveLocal(f.file, fact.factory.name)
        : resolver.resolveReference(f.file, fact.factory.name, fact.factory.member);
      const kind = factory.kind === 'sdk' ? SDK_FACTORY_KINDS.get(factory.name) : undefined;
      if (kind === undefined) continue;
      const mcpTool = factory.kind === 'sdk' && factory.name === 'mcpTool';
      if (fact.invalid !== undefined) {
        diagnostics.push({
          code: 'invalid-definition',
          severity: 'error',
          message: `this ${kind} cannot be read statically: ${fact.invalid}`,
          hint: `Pass the definition inline: export const x = ${kind}({ name: '…', … }); the definition is skipped until then.`,
          file: f.file,
          line: fact.line,
          column: fact.column,
        });
        continue;
      }
      // An MCP tool's id is its tool's name on the server unless it has a name of its own.
      if (mcpTool && !fact.properties.includes('name') && typeof fact.config['tool'] === 'string') fact.name = { kind: 'literal', value: fact.config['tool'] };
      const name = resolveName(f.file, fact, kind, resolver, diagnostics);
      if (name === undefined) continue;
      found.push({ file: f.file, fact, kind, name, ...(mcpTool ? { mcpTool: true as const } : {}) });
      // Kept in the graph (so it can be seen and selected), but the runtime would refuse it.
      if (!isValidNodeName(name)) {
        diagnostics.push({
          code: 'invalid-name',
          severity: 'error',
          message: `the name ${quoted(name)} of this ${kind} is not a valid node name`,
          hint: 'A name starts with a letter or _ and holds only letters, digits, _, . and - (the runtime refuses anything else).',
          file: f.file,
          line: fact.line,
          column: fact.column,
          node: name,
        });
      }
    }
  }

  qualifyFrameworkNames(found, modules);
  qualifyPackageNames(found, modules);

  // 2. Unique names: the first definition (by file, line) keeps the name; every place is reported.
  const byName = new Map<string, Found[]>();
  for (const item of found) byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
  const winners = new Map<string, Found>();
  for (const [name, items] of byName) {
    winners.set(name, items[0]!);
    if (items.length < 2) continue;
    for (const item of items) {
      diagnostics.push({
        code: 'duplicate-name',
        severity: 'error',
        message: item.localName === undefined ? `the name "${name}" is defined ${items.length} times` : `the name "${item.localName}" is defined ${items.length} times in the package ${modules.packageOf(item.file)?.name ?? 'root'}`,
        hint: item.localName === undefined ? 'Node names are global ids: rename one of the definitions.' : 'Node names are unique within a package: rename one of the definitions.',
        file: item.file,
        line: item.fact.line,
        column: item.fact.column,
        node: name,
        related: items.filter((other) => other !== item).map((other) => ({ file: other.file, line: other.fact.line, column: other.fact.column })),
      });
    }
  }
  // A definition that lost its name to a duplicate is not in the graph: references to it are
  // dropped (the duplicate-name error says why) rather than attached to the other definition.
  const nodeByDeclaration = new Map<string, string | null>();
  for (const item of found) nodeByDeclaration.set(`${item.file}#${item.fact.binding}`, winners.get(item.name) === item ? item.name : null);

  const nodeOf = (binding: Binding): string | undefined =>
    binding.kind === 'declaration' ? (nodeByDeclaration.get(`${binding.file}#${binding.name}`) ?? undefined) : undefined;
  const isShadowed = (binding: Binding): boolean =>
    binding.kind === 'declaration' && nodeByDeclaration.get(`${binding.file}#${binding.name}`) === null;

  // Definitions written inline in a constant that is no node (`const tools = { weather: tool({…}) }`,
  // bound as `tools.weather`): whatever reaches the constant reaches them.
  const inlineNodes = new Map<string, string[]>();
  for (const [name, item] of winners) {
    const dot = item.fact.binding.indexOf('.');
    if (item.fact.framework === undefined || dot <= 0) continue;
    const owner = `${item.file}#${item.fact.binding.slice(0, dot)}`;
    inlineNodes.set(owner, [...(inlineNodes.get(owner) ?? []), name]);
  }

  // Edges added after construction (`faqAgent.handoffs = [triageAgent]`), by the node they change.
  const attachments = new Map<string, { file: string; attachment: AttachmentFact }[]>();
  for (const f of facts) {
    for (const attachment of f.attachments) {
      const target = nodeOf(resolver.resolveReference(f.file, attachment.target.name, attachment.target.member));
      // Only other frameworks' definitions take edges this way: ca's own are what their `uses` says.
      if (target !== undefined && winners.get(target)?.fact.framework !== undefined) attachments.set(target, [...(attachments.get(target) ?? []), { file: f.file, attachment }]);
    }
  }
  /**
   * A framework's edge list entry → the nodes it stands for: the node it names, or every node a
   * constant reaches (`const tools = [a, b]`); packages and hosted tools are kept only in `unresolved`.
   */
  const frameworkTargets = (file: string, ref: RefFact): string[] => {
    const binding: Binding = ref.inline ? { kind: 'declaration', file, name: ref.name } : resolver.resolveReference(file, ref.name, ref.member);
    const node = nodeOf(binding);
    if (node !== undefined) return [node];
    if (binding.kind !== 'declaration') return [];
    return [...reachHelpers(binding.file, [binding.name], resolver, (b) => nodeOf(b) ?? (isShadowed(b) ? '' : undefined), inlineNodes).nodes].filter((n) => n !== '');
  };

  // 3. Nodes.
  const nodes: CaNode[] = [];
  for (const item of winners.values()) {
    const { file, fact, kind, name } = item;
    for (const dynamic of fact.dynamicProperties) {
      diagnostics.push({
        code: 'dynamic-property',
        severity: 'warn',
        message: `${name}: property ${dynamic.property} is not a literal (${truncate(dynamic.text)}), so ca cannot read it statically`,
        hint: dynamic.property === 'tags' || dynamic.property === 'description'
          ? `Write ${dynamic.property} as a literal so selectors and lint can see it.`
          : 'Write the property inline as a literal.',
        file,
        line: dynamic.line,
        column: dynamic.column,
        node: name,
      });
    }
    // Properties given by constants of other modules.
    let tags = fact.tags;
    let description = fact.description;
    const config = { ...fact.config };
    for (const ref of fact.constantRefs) {
      const binding = resolver.resolveReference(file, ref.name, ref.member);
      const value = binding.kind === 'declaration' ? resolver.declaration(binding.file, binding.name)?.constValue : undefined;
      if (ref.property === 'tags' && Array.isArray(value) && value.every((tag) => typeof tag === 'string')) tags = value as string[];
      else if (ref.property === 'description' && typeof value === 'string') description = value;
      else if (ref.property !== 'tags' && ref.property !== 'description' && value !== undefined) config[ref.property] = value;
      else if (ref.property === 'tags' || ref.property === 'description') {
        diagnostics.push({
          code: 'dynamic-property',
          severity: 'warn',
          message: `${name}: property ${ref.property} (${ref.text}) is not a literal or a constant ca can read`,
          hint: `Write ${ref.property} as a literal, or as a \`const\` holding one, so selectors and lint can see it.`,
          file,
          line: ref.line,
          column: ref.column,
          node: name,
        });
      }
    }
    const uses: string[] = [];
    // Entries that resolve to no node still belong to the definition: adding one is a change.
    const unresolvedUses: string[] = [];
    const addUse = (ref: RefFact): void => {
      const binding = resolver.resolveReference(file, ref.name, ref.member);
      const used = nodeOf(binding);
      if (used !== undefined) {
        if (!uses.includes(used)) uses.push(used);
        return;
      }
      unresolvedUses.push(ref.text);
      if (isShadowed(binding)) return;
      diagnostics.push({
        code: 'unresolved-use',
        severity: 'error',
        message: `${name} uses ${ref.text}, which ${describeUnresolved(binding)}`,
        hint: 'Each `uses` entry must name a tool, reasoner, flow or agent defined in the project (check the import).',
        file,
        line: ref.line,
        column: ref.column,
        node: name,
      });
    };
    const handoffs: string[] = [];
    if (fact.framework) {
      const edgesOf = (from: string, list: { refs: RefFact[]; invalid: InvalidRefFact[] } | undefined, into: string[]): void => {
        for (const ref of list?.refs ?? []) {
          const targets = frameworkTargets(from, ref);
          if (targets.length === 0) unresolvedUses.push(ref.text);
          for (const target of targets) if (target !== name && !into.includes(target)) into.push(target);
        }
        for (const invalid of list?.invalid ?? []) {
          unresolvedUses.push(invalid.text);
          if (invalid.hosted) continue;
          diagnostics.push({
            code: 'dynamic-property',
            severity: 'warn',
            message: `${name}: ${truncate(invalid.text)} is not a reference ca can follow, so its edge is not in the graph`,
            hint: 'List definitions by the name they are bound to (tools: [lookupOrder]), not calls or spreads of computed values.',
            file: from,
            line: invalid.line,
            column: invalid.column,
            node: name,
          });
        }
      };
      edgesOf(file, fact.uses, uses);
      edgesOf(file, fact.handoffs, handoffs);
      for (const { file: from, attachment } of attachments.get(name) ?? []) {
        edgesOf(from, { refs: attachment.refs, invalid: attachment.invalid }, attachment.edge === 'handoff' ? handoffs : uses);
      }
    } else {
      if (fact.agent) addUse(fact.agent);
      if (item.mcpTool && fact.server) addUse(fact.server);
      for (const ref of fact.uses?.refs ?? []) addUse(ref);
    }
    const mcp = item.mcpTool ? mcpToolRef(item, uses, mcpLock, winners, diagnostics) : undefined;
    for (const invalid of fact.framework ? [] : (fact.uses?.invalid ?? [])) {
      unresolvedUses.push(invalid.text);
      diagnostics.push({
        code: 'unresolved-use',
        severity: 'error',
        message: `${name} uses ${truncate(invalid.text)}, which is not a reference ca can follow`,
        hint: 'List definitions by name (`uses: [lookupTicket, kb.searchArticles]`), not calls, spreads or literals.',
        file,
        line: invalid.line,
        column: invalid.column,
        node: name,
      });
    }

    const reached = reachHelpers(file, fact.refs, resolver, (binding) => nodeOf(binding) ?? (isShadowed(binding) ? '' : undefined), inlineNodes);
    const helpers = reached.helpers;
    const helperIds = [...helpers.keys()].sort();
    if (fact.framework?.usesFromCode) {
      for (const used of reached.nodes) if (used !== '' && used !== name && !uses.includes(used) && !handoffs.includes(used)) uses.push(used);
    }
    const agent = fact.agent ? nodeOf(resolver.resolveReference(file, fact.agent.name, fact.agent.member)) : undefined;
    const body = fact.bodyHash;
    // Used nodes by the name they carry: a package qualifier gained or lost (a second package defined the same name) changes no user's config.
    const carried = (used: string): string => winners.get(used)?.localName ?? used;
    const configHash = hashCanonical({
      kind,
      tags,
      description: description ?? null,
      uses: uses.map(carried).sort(),
      unresolvedUses: [...unresolvedUses].sort(),
      agent: agent === undefined ? null : carried(agent),
      config,
      expressions: fact.configExprs,
      // Only framework nodes carry these: the config fingerprints of ca's own nodes stay as they were.
      ...(fact.framework ? { framework: fact.framework.id, term: fact.framework.term, handoffs: handoffs.map(carried).sort(), displayName: item.displayName ?? null } : {}),
      // An MCP tool's contract as locked: a server that changed it changes the tool.
      ...(mcp ? { mcpContract: mcp.hash ?? null } : {}),
    });
    const code = hashCanonical(helperIds.map((id) => [id, helpers.get(id)]));
    const node: CaNode = {
      name,
      kind,
      tags,
      file,
      line: fact.line,
      column: fact.column,
      endLine: fact.endLine,
      exportName: fact.binding,
      uses,
      config,
      fingerprints: { body, config: configHash, code, self: sha256(`${body}\n${configHash}\n${code}`) },
      helpers: helperIds,
      properties: fact.properties,
      prompts: fact.prompts,
      calls: fact.ctxCalls
        .filter((call) => call.parameter === (kind === 'tool' && call.function === 'run' ? 1 : 0))
        .map((call) => {
          const resolved: NodeCall = { method: call.method, line: call.line, column: call.column };
          if (call.target) {
            resolved.targetText = call.target.text;
            const target = nodeOf(resolver.resolveReference(file, call.target.name, call.target.member));
            if (target !== undefined) resolved.target = target;
          }
          return resolved;
        }),
    };
    if (description !== undefined) node.description = description;
    if (item.localName !== undefined) node.localName = item.localName;
    if (mcp) node.mcp = mcp;
    const pkg = modules.packageOf(file);
    if (pkg) node.package = pkg;
    if (fact.framework) {
      node.framework = fact.framework.id;
      node.frameworkKind = fact.framework.term;
      node.calls = [];
      if (handoffs.length > 0) node.handoffs = handoffs;
      if (item.displayName !== undefined) node.displayName = item.displayName;
    }
    nodes.push(node);
  }
  nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  markStaleLocks(nodes, mcpLock);
  if (mcpLock.kind === 'invalid') {
    diagnostics.push({
      code: 'mcp-lock-invalid',
      severity: 'error',
      message: `${MCP_LOCK_FILE} cannot be read: ${mcpLock.message}`,
      hint: 'Write it again with ca mcp lock (it is generated; do not edit it by hand).',
      file: MCP_LOCK_FILE,
      line: mcpLock.line,
      column: mcpLock.column,
    });
  }
  const lintDirectives: Record<string, LintDirective[]> = {};
  for (const f of facts) if (f.lintDirectives.length > 0) lintDirectives[f.file] = f.lintDirectives;
  return { nodes, diagnostics, lintDirectives };
}

/**
 * What an `mcpTool` is a tool of, and what ca.mcp.lock says of it. Its `server` must be an
 * mcpServer of the project (anything else is an unresolved use); the lock is looked up by the
 * server's id and the tool's name on the server.
 */
function mcpToolRef(item: Found, uses: readonly string[], lock: LockRead, winners: ReadonlyMap<string, Found>, diagnostics: Diagnostic[]): McpToolRef {
  const { fact, file, name } = item;
  const tool = typeof fact.config['tool'] === 'string' ? fact.config['tool'] : undefined;
  const server = uses.find((used) => winners.get(used)?.kind === 'mcp_server');
  if (server === undefined || tool === undefined) {
    const other = uses.find((used) => winners.get(used) !== undefined);
    diagnostics.push({
      code: 'unresolved-use',
      severity: 'error',
      message: tool === undefined
        ? `${name}: the mcpTool's tool is not a string literal`
        : other !== undefined
          ? `${name}: its server ${other} is a ${winners.get(other)!.kind}, not an mcpServer`
          : fact.server === undefined
            ? `${name}: the mcpTool has no server`
            : `${name}: its server ${fact.server.text} is not an mcpServer ca can find`,
      hint: "Write mcpTool({ server: weather, tool: 'get_forecast', … }) with weather an mcpServer({ … }) of the project, imported if it lives in another file.",
      file,
      line: fact.line,
      column: fact.column,
      node: name,
    });
    return { tool: tool ?? '', lock: 'missing' };
  }
  if (lock.kind !== 'ok') return { server, tool, lock: lock.kind === 'absent' ? 'no-lock' : 'unreadable' };
  // Own keys only: a server or tool named `constructor` is not in every lock.
  const entry = Object.hasOwn(lock.lock.servers, server) ? lock.lock.servers[server] : undefined;
  const locked = entry && Object.hasOwn(entry.tools, tool) ? entry.tools[tool] : undefined;
  if (!locked) return { server, tool, lock: 'missing', missing: entry ? 'tool' : 'server' };
  return { server, tool, lock: 'locked', hash: locked.hash, ...(locked.description === undefined ? {} : { description: locked.description }) };
}

/** A tool whose server's connection changed since the lock was written: its contract may be another now. */
function markStaleLocks(nodes: CaNode[], lock: LockRead): void {
  if (lock.kind !== 'ok') return;
  const servers = new Map(nodes.filter((node) => node.kind === 'mcp_server').map((node) => [node.name, node]));
  for (const node of nodes) {
    if (node.mcp?.lock !== 'locked' || node.mcp.server === undefined) continue;
    const server = servers.get(node.mcp.server);
    const entry = lock.lock.servers[node.mcp.server];
    if (server && entry && entry.connection !== connectionHash(server.config)) node.mcp.lock = 'stale';
  }
}

/**
 * Other frameworks' names are local to a file or an agent (every LangGraph example exports
 * `graph`, tools are copied between scripts), so one written in several files is not an error:
 * each such definition's id is qualified by its file's stem (`research-pipeline.summarize`), or
 * by its whole path when stems collide too, and the name as written is kept for display. A
 * definition of ca's own SDK keeps its name; two of those are still a duplicate-name error. Only
 * names repeated within one package are qualified this way.
 */
function qualifyFrameworkNames(found: Found[], modules: ModuleResolver): void {
  // Within one package: the same name in two packages is qualified by package instead (qualifyPackageNames).
  const byName = new Map<string, Found[]>();
  for (const item of found) {
    const key = `${modules.packageOf(item.file)?.folder ?? ''}\0${item.name}`;
    byName.set(key, [...(byName.get(key) ?? []), item]);
  }
  for (const items of byName.values()) {
    const name = items[0]!.name;
    const foreign = items.filter((item) => item.fact.framework !== undefined);
    if (foreign.length === 0 || new Set(items.map((item) => item.file)).size < 2) continue;
    const stem = (file: string) => file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    const stems = foreign.map((item) => stem(item.file));
    for (const item of foreign) {
      const qualifier = stems.filter((s) => s === stem(item.file)).length > 1 ? item.file.replace(/\.[^.]+$/, '').replace(/\//g, '.') : stem(item.file);
      item.displayName ??= name;
      const qualified = `${qualifier}.${name}`;
      item.name = isValidNodeName(qualified) ? qualified : slugNodeName(qualified);
    }
  }
}

/**
 * Packages of one workspace are written by different teams: a name defined in several packages is
 * not an error, each such definition's id is qualified by its package (`support/triage`,
 * `billing/triage`; the package's name without its npm scope, or with it, `acme/support/triage`,
 * when two packages share the unscoped name) and the name it carries is kept as `localName`.
 * Within one package a name stays unique (duplicate-name).
 */
function qualifyPackageNames(found: Found[], modules: ModuleResolver): void {
  const packageKey = (item: Found): string => modules.packageOf(item.file)?.folder ?? '';
  const byName = new Map<string, Found[]>();
  for (const item of found) byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
  const clashing = [...byName.values()].filter((items) => new Set(items.map(packageKey)).size > 1);
  if (clashing.length === 0) return;
  const qualifiers = packageQualifiers(found.map((item) => item.file), modules);
  for (const items of clashing) {
    for (const item of items) {
      item.localName = item.name;
      item.name = `${qualifiers.get(packageKey(item))}/${item.name}`;
    }
  }
}

/** Each package's qualifier, by folder: its name without the npm scope, unless that is ambiguous. */
function packageQualifiers(files: readonly string[], modules: ModuleResolver): Map<string, string> {
  const packages = new Map<string, string>();
  for (const file of files) {
    const pkg = modules.packageOf(file);
    const folder = pkg?.folder ?? '';
    if (packages.has(folder)) continue;
    // A package without a name is named by its folder; files outside every package by `root`.
    const name = pkg === undefined ? 'root' : pkg.name === pkg.folder ? pkg.folder.slice(pkg.folder.lastIndexOf('/') + 1) : pkg.name;
    packages.set(folder, name);
  }
  const unscoped = (name: string): string => name.replace(/^@[^/]+\//, '');
  const counts = new Map<string, number>();
  for (const name of packages.values()) counts.set(unscoped(name), (counts.get(unscoped(name)) ?? 0) + 1);
  return new Map([...packages].map(([folder, name]) => [folder, counts.get(unscoped(name))! > 1 ? name.replace(/^@/, '') : unscoped(name)]));
}

/**
 * A framework definition's id: its id or name as written, slugged when it is not a valid id
 * ("FAQ Agent" → faq_agent, the original kept for output), or a constant's value.
 */
function frameworkName(file: string, fact: DefinitionFact, resolver: BindingResolver, diagnostics: Diagnostic[]): { name: string; displayName?: string } | undefined {
  const framework = fact.framework!;
  let written: string | undefined;
  if (fact.name.kind === 'literal') written = fact.name.value;
  else if (fact.name.kind === 'ref') {
    const binding = resolver.resolveReference(file, fact.name.ref.name, fact.name.ref.member);
    const value = binding.kind === 'declaration' ? resolver.declaration(binding.file, binding.name)?.constValue : undefined;
    if (typeof value === 'string') written = value;
  }
  if (written === undefined || written.trim() === '') {
    const what = fact.name.kind === 'ref' ? fact.name.ref.text : fact.name.kind === 'dynamic' ? fact.name.text : '';
    diagnostics.push({
      code: 'dynamic-definition',
      severity: 'warn',
      message: `this ${framework.term} has ${what === '' ? 'no name ca can read' : `a name ca cannot read without running code (${truncate(what)})`}, so it is not in the graph`,
      hint: 'Give it a literal name (or a const string) so ca can list, select and lint it.',
      file,
      line: fact.line,
      column: fact.column,
    });
    return undefined;
  }
  if (isValidNodeName(written)) return fact.displayName === undefined ? { name: written } : { name: written, displayName: fact.displayName };
  return { name: slugNodeName(written), displayName: fact.displayName ?? written };
}

/** The id a project file gives a definition; a name written in the source is kept for output. */
function projectName(fact: DefinitionFact, id: string): { name: string; displayName?: string } {
  const written = fact.name.kind === 'literal' && !fact.framework?.nameFromBinding && fact.name.value !== id ? fact.name.value : undefined;
  const displayName = fact.displayName ?? written;
  if (isValidNodeName(id)) return displayName === undefined ? { name: id } : { name: id, displayName };
  return { name: slugNodeName(id), displayName: displayName ?? id };
}

function resolveName(file: string, fact: DefinitionFact, kind: NodeKind, resolver: BindingResolver, diagnostics: Diagnostic[]): string | undefined {
  const where = { file, line: fact.line, column: fact.column };
  if (fact.name.kind === 'literal') {
    if (fact.name.value.trim() !== '') return fact.name.value;
    diagnostics.push({ code: 'missing-name', severity: 'error', message: `this ${kind} has an empty name`, hint: 'Give it a unique name: a non-empty string literal.', ...where });
    return undefined;
  }
  if (fact.name.kind === 'ref') {
    const { ref } = fact.name;
    const binding = resolver.resolveReference(file, ref.name, ref.member);
    if (binding.kind === 'declaration') {
      const value = resolver.declaration(binding.file, binding.name)?.constValue;
      if (typeof value === 'string') return value;
    }
    diagnostics.push({
      code: 'dynamic-name',
      severity: 'error',
      message: `the name of this ${kind} (${ref.text}) is not a string literal or a const string`,
      hint: `Write name: 'some_name' or use a \`const ${ref.text} = '…'\` declared in the project; the definition is skipped until then.`,
      ...where,
    });
    return undefined;
  }
  if (fact.name.text === '') {
    diagnostics.push({ code: 'missing-name', severity: 'error', message: `this ${kind} has no name property`, hint: "Add name: 'some_name'; it is the node's global id.", ...where });
    return undefined;
  }
  diagnostics.push({
    code: 'dynamic-name',
    severity: 'error',
    message: `the name of this ${kind} (${truncate(fact.name.text)}) is computed, so ca cannot read it without running code`,
    hint: "Write name: 'some_name' (a string literal or a const string); the definition is skipped until then.",
    ...where,
  });
  return undefined;
}

/** Helper declarations (not nodes) reached from a definition's references, transitively: id → content hash. */
function reachHelpers(
  file: string,
  refs: readonly string[],
  resolver: BindingResolver,
  nodeOf: (binding: Binding) => string | undefined,
  /** The nodes written inline in a declaration (`file#name` → node ids). */
  inlineNodes: ReadonlyMap<string, readonly string[]>,
): { helpers: Map<string, string>; nodes: Set<string> } {
  const reached = new Map<string, string>();
  const nodes = new Set<string>();
  const queue: [string, string][] = refs.map((ref) => [file, ref]);
  while (queue.length > 0) {
    const [from, ref] = queue.pop()!;
    const dot = ref.indexOf('.');
    const binding = dot < 0 ? resolver.resolveLocal(from, ref) : resolver.resolveReference(from, ref.slice(0, dot), ref.slice(dot + 1));
    if (binding.kind !== 'declaration') continue;
    const node = nodeOf(binding);
    if (node !== undefined) {
      nodes.add(node);
      continue;
    }
    const id = `${binding.file}#${binding.name}`;
    if (reached.has(id)) continue;
    const declaration = resolver.declaration(binding.file, binding.name);
    if (!declaration) continue;
    reached.set(id, declaration.hash);
    for (const inline of inlineNodes.get(id) ?? []) nodes.add(inline);
    for (const next of declaration.refs) queue.push([binding.file, next]);
  }
  return { helpers: reached, nodes };
}

function describeUnresolved(binding: Binding): string {
  switch (binding.kind) {
    case 'declaration':
      return `is ${binding.name} in ${binding.file}, not a ca definition`;
    case 'namespace':
      return 'is a whole module, not a definition';
    case 'external':
      return `comes from the package '${binding.module}', not from the project`;
    case 'sdk':
    case 'sdk-namespace':
      return 'is part of the SDK, not a definition';
    case 'missing':
      return `cannot be resolved: ${binding.reason}`;
  }
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
