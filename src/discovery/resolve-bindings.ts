import type { NodeKind } from '../core/node.js';
import type { DeclarationFact, FileFacts } from './file-facts.js';
import type { ModuleResolver } from './resolve-module.js';

/** What a name in a file finally stands for, after following imports and re-exports. */
export type Binding =
  | { kind: 'declaration'; file: string; name: string }
  | { kind: 'namespace'; file: string }
  | { kind: 'sdk'; name: string }
  | { kind: 'sdk-namespace' }
  | { kind: 'external'; module: string }
  | { kind: 'missing'; reason: string };

/** The SDK's factories and the kind of node each defines (`mcpTool` a tool of an MCP server, SPEC §12). */
export const SDK_FACTORY_KINDS: ReadonlyMap<string, NodeKind> = new Map([
  ['tool', 'tool'],
  ['reasoner', 'reasoner'],
  ['flow', 'flow'],
  ['agent', 'agent'],
  ['session', 'session'],
  ['mcpServer', 'mcp_server'],
  ['mcpTool', 'tool'],
]);
export const SDK_FACTORIES: ReadonlySet<string> = new Set(SDK_FACTORY_KINDS.keys());

/**
 * Follows local names through imports, `export { a as b } from`, `export *` and `export * as`
 * across the project's files. Results are memoised: every lookup after the first is a map read.
 */
export class BindingResolver {
  private readonly byFile: ReadonlyMap<string, FileFacts>;
  private readonly localCache = new Map<string, Binding>();
  private readonly exportCache = new Map<string, Binding>();
  private readonly declarations = new Map<string, DeclarationFact>();

  constructor(
    facts: readonly FileFacts[],
    private readonly modules: ModuleResolver,
  ) {
    this.byFile = new Map(facts.map((f) => [f.file, f]));
    for (const f of facts) for (const d of f.declarations) this.declarations.set(`${f.file}#${d.name}`, d);
  }

  declaration(file: string, name: string): DeclarationFact | undefined {
    return this.declarations.get(`${file}#${name}`);
  }

  /** A reference written in `file`: `name`, or `name.member` on a namespace. */
  resolveReference(file: string, name: string, member?: string): Binding {
    const binding = this.resolveLocal(file, name);
    if (member === undefined) return binding;
    if (binding.kind === 'namespace') return this.resolveExport(binding.file, member);
    if (binding.kind === 'sdk-namespace') return { kind: 'sdk', name: member };
    if (binding.kind === 'missing') return binding;
    return { kind: 'missing', reason: `${name} is not a namespace import, so ${name}.${member} cannot be followed` };
  }

  resolveLocal(file: string, local: string): Binding {
    const key = `${file}#${local}`;
    const cached = this.localCache.get(key);
    if (cached) return cached;
    // Guard against import cycles: a lookup in progress reads as missing.
    this.localCache.set(key, { kind: 'missing', reason: `${local} is part of an import cycle` });
    const binding = this.computeLocal(file, local);
    this.localCache.set(key, binding);
    return binding;
  }

  resolveExport(file: string, exported: string): Binding {
    const key = `${file}#${exported}`;
    const cached = this.exportCache.get(key);
    if (cached) return cached;
    this.exportCache.set(key, { kind: 'missing', reason: `${exported} is part of an export cycle` });
    const binding = this.computeExport(file, exported);
    this.exportCache.set(key, binding);
    return binding;
  }

  private computeLocal(file: string, local: string): Binding {
    const facts = this.byFile.get(file);
    if (!facts) return { kind: 'missing', reason: `${file} is not a scanned source file` };
    if (facts.parseErrors.length > 0) return { kind: 'missing', reason: `${file} does not parse` };
    if (this.declarations.has(`${file}#${local}`)) return { kind: 'declaration', file, name: local };
    const imported = facts.imports.find((i) => i.local === local);
    if (!imported) return { kind: 'missing', reason: `${local} is not declared or imported in ${file}` };
    const target = this.modules.resolve(file, imported.module);
    switch (target.kind) {
      case 'sdk':
        return imported.imported === '*' ? { kind: 'sdk-namespace' } : { kind: 'sdk', name: imported.imported };
      case 'external':
        return { kind: 'external', module: target.module };
      case 'missing':
        return { kind: 'missing', reason: `cannot find module '${target.module}' imported by ${file}` };
      case 'project':
        return imported.imported === '*' ? { kind: 'namespace', file: target.file } : this.resolveExport(target.file, imported.imported);
    }
  }

  private computeExport(file: string, exported: string): Binding {
    const facts = this.byFile.get(file);
    if (!facts) return { kind: 'missing', reason: `${file} is not a scanned source file` };
    if (facts.parseErrors.length > 0) return { kind: 'missing', reason: `${file} does not parse` };
    for (const e of facts.exports) {
      if (e.exported !== exported) continue;
      if (e.local !== undefined) return this.resolveLocal(file, e.local);
      if (e.module === undefined || e.imported === undefined) continue;
      const target = this.modules.resolve(file, e.module);
      if (target.kind === 'sdk') return e.imported === '*' ? { kind: 'sdk-namespace' } : { kind: 'sdk', name: e.imported };
      if (target.kind === 'external') return { kind: 'external', module: target.module };
      if (target.kind === 'missing') return { kind: 'missing', reason: `cannot find module '${target.module}' re-exported by ${file}` };
      return e.imported === '*' ? { kind: 'namespace', file: target.file } : this.resolveExport(target.file, e.imported);
    }
    if (exported !== 'default') {
      for (const e of facts.exports) {
        if (e.exported !== '*' || e.module === undefined) continue;
        const target = this.modules.resolve(file, e.module);
        if (target.kind === 'sdk' && SDK_FACTORIES.has(exported)) return { kind: 'sdk', name: exported };
        if (target.kind !== 'project') continue;
        const binding = this.resolveExport(target.file, exported);
        if (binding.kind !== 'missing') return binding;
      }
    }
    return { kind: 'missing', reason: `${file} has no export named ${exported}` };
  }
}
