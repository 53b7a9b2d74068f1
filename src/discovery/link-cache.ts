import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { CaNode } from '../core/node.js';
import type { LintDirective } from '../core/project-scan.js';

/** What a scan that found nothing new returns. */
export interface Linked {
  nodes: CaNode[];
  diagnostics: Diagnostic[];
  lintDirectives: Record<string, LintDirective[]>;
}

interface LinkedFile extends Linked {
  /** Digest of discovery's code, the resolution context and every (file, content hash) pair. */
  key: string;
}

/** `.ca/cache/worktree.json`: which linked result is the working tree's, by file sizes and times. */
interface WorktreeFile {
  /** The same digest with (file, size, modification time) instead of content hashes: checked first, without reading files. */
  statKey: string;
  key: string;
}

/**
 * How many linked results are kept: the working tree's, the one before it, and a `--state git:`
 * baseline's (used by the next run against the same base, and by CI restoring the base branch's
 * cache). Least recently used goes first.
 */
const KEEP = 3;

const KEY = /^[0-9a-f]{64}$/;

/**
 * Linked results of whole scans in `.ca/cache/linked/<key>.json`, keyed by a digest of every
 * file's path and content. When no file has changed since a scan (the usual case between two
 * commands), discovery reads only its result: no per-file facts, no linking, no fingerprinting.
 * Any result can serve any scan with the same key: the working tree, or a baseline commit read
 * from git objects that matches a tree scanned before.
 */
export class LinkCache {
  private readonly folder: string;
  private readonly worktreeFile: string;
  /** Where earlier builds kept their one linked result: removed on the first write. */
  private readonly legacyFile: string;

  constructor(root: string) {
    this.folder = path.join(root, '.ca', 'cache', 'linked');
    this.worktreeFile = path.join(root, '.ca', 'cache', 'worktree.json');
    this.legacyFile = path.join(root, '.ca', 'cache', 'nodes.json');
  }

  /** The result scanned with exactly these contents, if kept. */
  read(key: string): Linked | undefined {
    if (!KEY.test(key)) return undefined;
    const file = path.join(this.folder, `${key}.json`);
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as LinkedFile;
      if (data.key !== key || !Array.isArray(data.nodes) || !Array.isArray(data.diagnostics) || typeof data.lintDirectives !== 'object') return undefined;
      touch(file);
      return { nodes: data.nodes, diagnostics: data.diagnostics, lintDirectives: data.lintDirectives };
    } catch {
      return undefined;
    }
  }

  /** The working tree's last result, if no file's size or modification time moved since. */
  readByStat(statKey: string): Linked | undefined {
    if (statKey === '') return undefined;
    try {
      const data = JSON.parse(readFileSync(this.worktreeFile, 'utf8')) as WorktreeFile;
      return data.statKey === statKey ? this.read(data.key) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps a result; with a `statKey`, as the working tree's. Failures are ignored: the cache is an optimisation. */
  write(key: string, linked: Linked, statKey?: string): void {
    if (!KEY.test(key)) return;
    try {
      mkdirSync(this.folder, { recursive: true });
      const { nodes, diagnostics, lintDirectives } = linked;
      atomicWrite(path.join(this.folder, `${key}.json`), JSON.stringify({ key, nodes, diagnostics, lintDirectives } satisfies LinkedFile));
      if (statKey !== undefined) atomicWrite(this.worktreeFile, JSON.stringify({ statKey, key } satisfies WorktreeFile));
      this.evict();
      rmSync(this.legacyFile, { force: true });
    } catch {
      // A read-only checkout simply stays cold.
    }
  }

  /** Records new file times for the working tree's result (a checkout or a touch: contents equal, times moved). */
  markWorktree(key: string, statKey: string): void {
    try {
      atomicWrite(this.worktreeFile, JSON.stringify({ statKey, key } satisfies WorktreeFile));
    } catch {
      // As above.
    }
  }

  private evict(): void {
    const entries = readdirSync(this.folder)
      .filter((name) => name.endsWith('.json'))
      .map((name) => {
        const file = path.join(this.folder, name);
        try {
          return { file, used: statSync(file).mtimeMs };
        } catch {
          return undefined;
        }
      })
      .filter((entry) => entry !== undefined)
      .sort((a, b) => b.used - a.used);
    for (const { file } of entries.slice(KEEP)) rmSync(file, { force: true });
  }
}

/** Marks a result as used: it moves to the back of the eviction queue (a read-only cache keeps its order). */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Still a hit.
  }
}

function atomicWrite(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
