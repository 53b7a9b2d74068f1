import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig, ProjectLayout } from '../config/project-config.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { sha256 } from '../core/hash.js';
import type { ProjectScan } from '../core/project-scan.js';
import { discoveryCodeVersion } from './cache-version.js';
import { FactCache } from './fact-cache.js';
import type { FactMemory } from './fact-memory.js';
import { LinkCache } from './link-cache.js';
import type { FileFacts } from './file-facts.js';
import { readProjectNames } from './frameworks/project-names.js';
import { withRegistryPackages } from './read-registry-packages.js';
import { linkProject } from './link-project.js';
import { listSourceFiles } from './list-source-files.js';
import { createModuleResolver, type ModuleResolver } from './resolve-module.js';
import { lockTextHash, readMcpLock, type LockRead } from '../mcp/lock-file.js';

export interface DiscoverOptions {
  /** Skip reading and writing `.ca/cache` (benchmarks, tests of the cold path). */
  noCache?: boolean;
  /** Called after each parsed file, for progress on large cold scans. */
  onParsed?(done: number, total: number): void;
  /** Drop cache entries of paths not among the sources (true for the working tree, not for a baseline). */
  pruneCache?: boolean;
  /** Key of the files' sizes and modification times, stored with the linked result (working tree only). */
  statKey?: string;
  /**
   * Facts kept in memory between scans of one process (`--watch`): only files whose content changed
   * are parsed, the linked-result cache is skipped, and a file that stops parsing keeps its last
   * good definitions (see fact-memory.ts).
   */
  memory?: FactMemory;
  /**
   * Said in place of the module resolver's own warning about an unreadable tsconfig.json: the
   * default source rule's, which says what became of the sources as well as of path aliases.
   */
  tsconfigProblem?: Diagnostic;
  /** The project's packages: how imports across a workspace resolve, and which package each node is in. */
  layout?: ProjectLayout;
  /** ca.mcp.lock as it is in the scanned version (a git baseline's); default: read from the project folder. */
  mcpLock?: LockRead;
}

/** One source file's text, from disk or from a git commit. */
export interface SourceText {
  /** Project-relative, forward slashes. */
  file: string;
  text: string;
  /** sha256 of the text, when known without reading it (`--watch`: unchanged since the last scan). */
  hash?: string;
}

/**
 * files → per-file facts (cached by content hash) → linked nodes. Reads files only: nothing in the
 * project is imported or executed.
 */
export async function discoverProject(config: ProjectConfig, options: DiscoverOptions = {}): Promise<ProjectScan> {
  const started = performance.now();
  // Registry dependencies that define nodes are read with the project (their files, their entry points).
  const layout = withRegistryPackages(config.root, config.layout);
  const external = layout.packages.flatMap((pkg) => pkg.files ?? []);
  const list = () => [...listSourceFiles(config.root, config.sources), ...external];
  const files = options.memory ? options.memory.listFiles(JSON.stringify([config.root, config.sources.include, config.sources.exclude]), list) : list();

  // When no file's size, modification time or change time moved since the last scan, its linked
  // result stands without reading a single file (what git trusts too; any doubt falls back to
  // content hashes). The change time moves on a chmod: a file that became unreadable is read again
  // and reported, never served from the cache.
  let statKey: string | undefined;
  if (!options.noCache && !options.memory) {
    try {
      const parts = files.map((file) => {
        const stat = statSync(path.join(config.root, file));
        return `${file}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
      });
      const resolver = createModuleResolver(config.root, new Set(), layout);
      // Project files (langgraph.json) are read every time: their ids are part of the result.
      // So is ca.mcp.lock: its tool hashes are part of the MCP tools' fingerprints.
      statKey = sha256([discoveryCodeVersion(), resolver.linkHash, JSON.stringify(readProjectNames(config.root)), lockTextHash(readMcpLock(config.root)), ...parts].join('\n'));
      const unchanged = new LinkCache(config.root).readByStat(statKey);
      if (unchanged) {
        const durationMs = Math.round(performance.now() - started);
        return withResolverProblem({ root: config.root, ...unchanged, stats: { files: files.length, parsed: 0, cached: files.length, durationMs } }, resolver, config.sources.problem, layout);
      }
    } catch {
      statKey = undefined;
    }
  }

  const diagnostics: Diagnostic[] = [];
  const sources: SourceText[] = [];
  for (const file of files) {
    try {
      sources.push(options.memory ? options.memory.source(config.root, file) : { file, text: readFileSync(path.join(config.root, file), 'utf8') });
    } catch (error) {
      diagnostics.push({
        code: 'unreadable-file',
        severity: 'error',
        message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        hint: 'Check the file permissions, or exclude it in ca.yaml.',
        file,
      });
    }
  }
  // A scan with a file it could not read is not a result the stat fast path may serve again: the
  // next scan must read (and report) that file too.
  const trusted = statKey !== undefined && diagnostics.length === 0;
  const tsconfigProblem = config.sources.problem;
  const scan = await discoverSources(config.root, sources, { pruneCache: true, layout, ...options, ...(trusted ? { statKey } : {}), ...(tsconfigProblem ? { tsconfigProblem } : {}) });
  scan.diagnostics.unshift(...diagnostics);
  scan.stats.files = files.length;
  scan.stats.durationMs = Math.round(performance.now() - started);
  return scan;
}

/**
 * Discovery over given file texts (the working tree, or a commit read from git objects). The
 * per-file cache is shared: a file unchanged since a baseline commit is parsed once for both.
 * ts-morph is loaded only when some file is not in the cache.
 */
export async function discoverSources(root: string, sources: readonly SourceText[], options: DiscoverOptions = {}): Promise<ProjectScan> {
  const started = performance.now();
  const fileSet = new Set(sources.map((source) => source.file));
  const modules = options.memory?.modules(root, fileSet, options.layout) ?? createModuleResolver(root, fileSet, options.layout);
  // `text` stays lazy: a source whose hash is known is read only if its facts are not at hand.
  const hashed = sources.map((source) => ({ file: source.file, hash: source.hash ?? sha256(source.text), get text() { return source.text; } }));
  const stats = (parsed: number) => ({
    files: sources.length,
    parsed,
    cached: sources.length - parsed,
    durationMs: Math.round(performance.now() - started),
  });

  // Whole linked results are kept for the working tree and for baselines alike (`--watch` keeps its own, in memory).
  const linkCache = options.noCache || options.memory ? undefined : new LinkCache(root);
  const projectNames = readProjectNames(root);
  const mcpLock = options.mcpLock ?? readMcpLock(root);
  const linkKey = sha256([discoveryCodeVersion(), modules.linkHash, JSON.stringify(projectNames), lockTextHash(mcpLock), ...hashed.map(({ file, hash }) => `${file}:${hash}`)].join('\n'));
  const unchanged = linkCache?.read(linkKey);
  if (unchanged) {
    // Contents equal, times moved (a checkout, a touch): remember the new times.
    if (options.statKey) linkCache?.markWorktree(linkKey, options.statKey);
    return withResolverProblem({ root, ...unchanged, stats: stats(0) }, modules, options.tsconfigProblem, options.layout);
  }

  const context = `${discoveryCodeVersion()}:${modules.contextHash}`;
  const cache = options.memory ? options.memory.open(root, context) : options.noCache ? undefined : new FactCache(root, context);
  const facts: FileFacts[] = [];
  const misses: { file: string; text: string; hash: string }[] = [];
  for (const source of hashed) {
    const cached = cache?.get(source.file, source.hash);
    if (cached) facts.push(cached);
    else misses.push(source);
  }

  if (misses.length > 0) {
    const { extractFileFacts } = await import('./extract-file-facts.js');
    misses.forEach(({ file, text, hash }, index) => {
      const fileFacts = extractFileFacts(file, text, modules);
      facts.push(fileFacts);
      cache?.set(file, hash, fileFacts);
      options.onParsed?.(index + 1, misses.length);
    });
  }
  if (options.pruneCache) cache?.retain(fileSet);
  cache?.save();

  const standIn = options.memory?.standInForUnparsable(facts);
  const linked = linkProject(standIn?.facts ?? facts, modules, projectNames, mcpLock);
  if (standIn) linked.diagnostics.unshift(...standIn.diagnostics);
  // Imports of workspace packages that lead nowhere: known once linking has resolved every import, kept with the result.
  linked.diagnostics.unshift(...modules.packageProblems());
  // A registry dependency's own code is not the project's to fix: what is wrong in it shows as unresolved uses of it.
  const installed = (options.layout?.packages ?? []).filter((pkg) => pkg.external).map((pkg) => `${pkg.folder}/`);
  if (installed.length > 0) linked.diagnostics = linked.diagnostics.filter((d) => d.file === undefined || !installed.some((folder) => d.file!.startsWith(folder)));
  // A working-tree scan (statKey) becomes the one `readByStat` finds; a baseline's is kept by content only.
  linkCache?.write(linkKey, linked, options.pruneCache ? (options.statKey ?? '') : undefined);
  return withResolverProblem({ root, ...linked, stats: stats(misses.length) }, modules, options.tsconfigProblem, options.layout);
}

/** A tsconfig.json that could not be read, and what is wrong with the workspace, are said on every scan, cached or not, and once. */
function withResolverProblem(scan: ProjectScan, modules: ModuleResolver, instead?: Diagnostic, layout?: ProjectLayout): ProjectScan {
  const problem = instead ?? modules.problem;
  const project = [...(problem ? [problem] : []), ...(layout?.problems ?? [])];
  return project.length > 0 ? { ...scan, diagnostics: [...project, ...scan.diagnostics] } : scan;
}
