import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { CONFIG_FILE_NAMES, type ProjectConfig } from '../config/project-config.js';
import { sha256 } from '../core/hash.js';
import type { CaNode } from '../core/node.js';
import { emptyProjectDiff, type ProjectDiff } from '../core/project-diff.js';
import { discoverProject } from '../discovery/discover-project.js';
import { FactMemory } from '../discovery/fact-memory.js';
import { listSourceFiles, sourceFileFilter } from '../discovery/list-source-files.js';
import { buildGraph, type CaGraph } from '../graph/build-graph.js';
import { findCycles } from '../graph/find-cycles.js';
import { type LoadedProject, openProject, type ProjectOptions } from './load-project.js';
import { diffProjects } from './watch-diff.js';
import { isPostgresUrl } from '../core/store-location.js';
import { MCP_LOCK_FILE } from '../mcp/lock-file.js';

export interface WatchOptions extends ProjectOptions {
  /** Quiet time after the last file event before re-scanning, so a burst of saves is one re-scan (ms). */
  debounceMs?: number;
  /** Re-scan when the deploy ledger changes too (`ca status --watch`: a deploy elsewhere changes the answer). */
  watchLedger?: boolean;
  /**
   * Where an error thrown by `onUpdate` for a re-scan goes (the first update's error rejects
   * `ready` instead). Default: rethrown, which ends the process.
   */
  onError?(error: unknown): void;
}

/** One scan of the watched project, handed to `onUpdate`. */
export interface ProjectUpdate {
  /** 0 for the first scan, then 1, 2, … one per re-scan. */
  iteration: number;
  /**
   * The project as scanned now; the last good one when `error` is set. Read it during `onUpdate`:
   * a later save that changes no `uses` updates this `graph` in place rather than building another.
   */
  project: LoadedProject;
  /** Project-relative paths (forward slashes) whose events led to this re-scan; empty for the first. */
  changedFiles: string[];
  /** Against the previous good scan; empty for the first scan and on error. */
  diff: ProjectDiff;
  /** Files that do not parse now; their definitions are kept as they were when they last parsed. */
  stale: string[];
  /** What stopped this re-scan (ca.yaml no longer valid, say); the watch goes on. */
  error?: Error;
  /** Config, discovery and graph of this scan, in ms. */
  durationMs: number;
}

export interface ProjectWatcher {
  /** Resolves once the first update was handled and the file watcher is in place; rejects if the first scan failed. */
  ready: Promise<void>;
  /** Stops watching (waiting for a re-scan in progress) and writes the facts parsed meanwhile to `.ca/cache`. */
  close(): Promise<void>;
}

/** Folders never scanned (ALWAYS_EXCLUDED), so never watched: a build or `npm install` does not wake the watch. */
const NEVER_WATCHED = new Set(['node_modules', 'dist', '.git', '.ca']);

const DEFAULT_DEBOUNCE_MS = 50;

/**
 * Watches the project's files and re-scans on change: config, discovery (per-file facts kept in
 * memory, so only changed files are parsed), graph. Calls `onUpdate` once for the first scan and
 * once per burst of saves after it; a re-scan never overlaps another. This is the engine under
 * `ca ls|graph|lint|status --watch` and is meant for any live view of the project.
 */
export function watchProject(options: WatchOptions, onUpdate: (update: ProjectUpdate) => void | Promise<void>): ProjectWatcher {
  const memory = new FactMemory();
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const pending = new Set<string>();
  let watcher: FSWatcher | undefined;
  let last: LoadedProject | undefined;
  let iteration = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let started = false;
  let closed = false;
  let ledgerSeen = '';
  /** The config the watcher was set up for, and which paths count as sources under it. */
  let current: { config: ProjectConfig; isSource: (file: string) => boolean } | undefined;

  const scan = (config: ProjectConfig, previous?: LoadedProject) => scanInMemory(config, memory, previous);
  const reportError =
    options.onError ??
    ((error: unknown) => {
      setImmediate(() => {
        throw error;
      });
    });

  const schedule = (): void => {
    if (closed || !started) return;
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMs);
  };

  const flush = async (): Promise<void> => {
    timer = undefined;
    if (closed || running || pending.size === 0 || !last) return;
    const changedFiles = [...pending].sort();
    pending.clear();
    memory.forget(changedFiles);
    running = rescan(changedFiles, last);
    await running;
    running = undefined;
    if (pending.size > 0) schedule();
  };

  const rescan = async (changedFiles: string[], previous: LoadedProject): Promise<void> => {
    const begun = performance.now();
    let update: ProjectUpdate;
    try {
      // ca.yaml is read again every time: it is cached by content hash, so this costs a stat and a read.
      const config = await openProject(options);
      if (current && watchedPaths(config) !== watchedPaths(current.config)) {
        // src: (or the ledger) moved in ca.yaml: watch the new folders.
        await watcher?.close();
        await follow(config);
      } else {
        current = { config, isSource: sourceFileFilter(config.sources) };
      }
      const project = await scan(config, previous);
      last = project;
      update = { iteration: ++iteration, project, changedFiles, diff: diffProjects(previous.scan, project.scan), stale: memory.stale, durationMs: elapsed(begun) };
    } catch (error) {
      update = { iteration: ++iteration, project: previous, changedFiles, diff: emptyProjectDiff(), stale: memory.stale, durationMs: elapsed(begun), error: asError(error) };
    }
    try {
      await onUpdate(update);
    } catch (error) {
      reportError(error);
    }
  };

  const onEvent = (event: string, absolute: string): void => {
    if (closed || !current) return;
    const { config, isSource } = current;
    const relative = path.relative(config.root, absolute).split(path.sep).join('/');
    if (options.watchLedger && isLedgerFile(config, absolute)) {
      // Our own read of the ledger can touch its files: only a change in size or time counts.
      const seen = ledgerSignature(config);
      if (seen === ledgerSeen) return;
      ledgerSeen = seen;
    } else if (event === 'addDir' || event === 'unlinkDir') {
      if (relative === '' || relative.startsWith('..')) return;
      memory.moved();
    } else if (!isSource(relative) && !isSettingsFile(relative)) {
      return;
    } else if (event !== 'change') {
      memory.moved();
    }
    pending.add(relative);
    schedule();
  };

  /** Starts watching what `config` scans; resolves when the watcher has walked the folders. */
  const follow = (config: ProjectConfig): Promise<void> => {
    current = { config, isSource: sourceFileFilter(config.sources) };
    const fresh = startWatcher(config, options.watchLedger === true);
    watcher = fresh;
    fresh.on('all', onEvent);
    // Out of inotify watches, say: the user has to know the watch went blind.
    fresh.on('error', (error) => {
      if (last) void onUpdate({ iteration: ++iteration, project: last, changedFiles: [], diff: emptyProjectDiff(), stale: memory.stale, durationMs: 0, error: asError(error) });
    });
    return new Promise<void>((resolve) => fresh.once('ready', () => resolve()));
  };

  const ready = (async () => {
    const config = await openProject(options);
    // Watching starts before the first scan so that a save during it is not lost.
    const watching = follow(config);
    const begun = performance.now();
    last = await scan(config);
    if (options.watchLedger) ledgerSeen = ledgerSignature(config);
    await onUpdate({ iteration: 0, project: last, changedFiles: [], diff: emptyProjectDiff(), stale: memory.stale, durationMs: elapsed(begun) });
    await watching;
    // A save while the watcher was still walking the folders has no event: compare contents instead.
    const missed = changedSinceScan(config, memory);
    if (missed.length > 0) memory.moved();
    for (const file of missed) pending.add(file);
    started = true;
    if (pending.size > 0) schedule();
  })();
  ready.catch(() => close());

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    await running;
    await watcher?.close();
    memory.flush();
  }

  return { ready, close };
}

/**
 * scanProject with the facts in memory. Most saves change a body or a helper, not what uses what:
 * then the previous graph keeps its vertices and edges and only takes the new nodes as labels
 * (a 6,000-node graph costs 30 ms to build and 10 ms to search for cycles; this costs 1 ms).
 */
async function scanInMemory(config: ProjectConfig, memory: FactMemory, previous?: LoadedProject): Promise<LoadedProject> {
  const scan = await discoverProject(config, { memory });
  let graph: CaGraph;
  if (previous && sameShape(previous.scan.nodes, scan.nodes)) {
    graph = previous.graph;
    for (const node of scan.nodes) graph.setNode(node.name, node);
    // The same edges have the same cycles; only their places (lines) may have moved.
    if (previous.scan.diagnostics.some((d) => d.code === 'cycle')) scan.diagnostics.push(...findCycles(graph));
  } else {
    graph = buildGraph(scan.nodes);
    scan.diagnostics.push(...findCycles(graph));
  }
  return { config, scan, graph };
}

/** The same node names, each using the same nodes (discovery sorts nodes by name). */
function sameShape(before: readonly CaNode[], after: readonly CaNode[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (a.name !== b.name || a.uses.length !== b.uses.length || a.uses.some((used, k) => used !== b.uses[k])) return false;
  }
  return true;
}

/** What the watcher is set up for: a change means setting it up again. */
function watchedPaths(config: ProjectConfig): string {
  return JSON.stringify([config.root, config.src, config.ledger]);
}

/**
 * The src folders (and the folders above them), the settings files at the root, and the ledger:
 * a big folder next to the sources (data, docs) costs no watches and wakes nothing.
 */
function startWatcher(config: ProjectConfig, watchLedgerFile: boolean): FSWatcher {
  // A ledger on PostgreSQL is no file to watch: the page shows its deployments as of each re-scan.
  const watchLedger = watchLedgerFile && !isPostgresUrl(config.ledger);
  const ledgerDir = path.dirname(config.ledger);
  const sources = config.src.map((folder) => path.resolve(config.root, folder));
  const paths = [config.root, ...sources.filter((folder) => outside(config.root, folder))];
  if (watchLedger && outside(config.root, ledgerDir)) paths.push(ledgerDir);
  const onSourcePath = (absolute: string) =>
    sources.some((folder) => absolute === folder || absolute.startsWith(`${folder}${path.sep}`) || folder.startsWith(`${absolute}${path.sep}`));
  return watch(paths, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (absolute: string) => {
      if (watchLedger && (absolute === ledgerDir || isLedgerFile(config, absolute))) return false;
      const relative = path.relative(config.root, absolute);
      if (relative === '') return false;
      if (relative.split(path.sep).some((segment) => NEVER_WATCHED.has(segment))) return true;
      if (!relative.includes(path.sep) && isSettingsFile(relative)) return false;
      return !onSourcePath(absolute);
    },
  });
}

function outside(root: string, folder: string): boolean {
  const relative = path.relative(root, folder);
  return relative.startsWith('..') || path.isAbsolute(relative);
}

/** ca.yaml, tsconfig.json (path aliases) and ca.mcp.lock (MCP tools' contracts) at the project's root. */
function isSettingsFile(relative: string): boolean {
  return CONFIG_FILE_NAMES.includes(relative) || relative === 'tsconfig.json' || relative === MCP_LOCK_FILE;
}

/** The ledger and its write-ahead log; not `-shm`, which every reader touches. */
function isLedgerFile(config: ProjectConfig, absolute: string): boolean {
  return absolute === config.ledger || absolute === `${config.ledger}-wal`;
}

function ledgerSignature(config: ProjectConfig): string {
  return [config.ledger, `${config.ledger}-wal`]
    .map((file) => {
      try {
        const stat = statSync(file);
        return `${stat.size}:${stat.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join(' ');
}

/** Source files whose content is not what the last scan read: changed, added or removed. */
function changedSinceScan(config: ProjectConfig, memory: FactMemory): string[] {
  const files = listSourceFiles(config.root, config.sources);
  const listed = new Set(files);
  const changed = files.filter((file) => {
    try {
      return memory.hashOf(file) !== sha256(readFileSync(path.join(config.root, file), 'utf8'));
    } catch {
      return true;
    }
  });
  return [...changed, ...memory.files().filter((file) => !listed.has(file))];
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
