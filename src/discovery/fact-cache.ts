import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileFacts } from './file-facts.js';

/** The file format; the extractor's own version is part of the context (see cache-version.ts). */
const FORMAT_VERSION = 1;

/** Versions kept per path: the working tree's and a baseline commit's text often differ. */
const VERSIONS_PER_FILE = 2;

interface CacheEntry {
  hash: string;
  facts: FileFacts;
}

interface CacheFile {
  version: number;
  /** Discovery's code version and the module-resolution context (tsconfig paths) the facts were read under. */
  context: string;
  files: Record<string, CacheEntry[]>;
}

/**
 * Per-file facts keyed by path and content hash, in `.ca/cache/discovery.json`. A corrupt or
 * foreign cache is treated as empty; writing is atomic (temp file + rename) so a concurrent reader
 * never sees half of it.
 */
export class FactCache {
  private readonly file: string;
  private entries: CacheFile['files'] = {};
  private dirty = false;

  constructor(
    root: string,
    private readonly context: string,
  ) {
    this.file = path.join(root, '.ca', 'cache', 'discovery.json');
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as CacheFile;
      if (data.version === FORMAT_VERSION && data.context === context && data.files && typeof data.files === 'object') {
        this.entries = data.files;
      }
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  get(file: string, hash: string): FileFacts | undefined {
    const versions = this.entries[file];
    return Array.isArray(versions) ? versions.find((entry) => entry.hash === hash)?.facts : undefined;
  }

  set(file: string, hash: string, facts: FileFacts): void {
    const others = (this.entries[file] ?? []).filter((entry) => entry.hash !== hash);
    this.entries[file] = [{ hash, facts }, ...others].slice(0, VERSIONS_PER_FILE);
    this.dirty = true;
  }

  /** Forgets paths outside `files` (deleted or newly excluded), so the cache does not grow forever. */
  retain(files: ReadonlySet<string>): void {
    for (const file of Object.keys(this.entries)) {
      if (!files.has(file)) {
        delete this.entries[file];
        this.dirty = true;
      }
    }
  }

  /** Best effort: a read-only checkout still works, it just stays cold. */
  save(): void {
    if (!this.dirty) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      const data: CacheFile = { version: FORMAT_VERSION, context: this.context, files: this.entries };
      writeFileSync(temporary, JSON.stringify(data));
      renameSync(temporary, this.file);
      this.dirty = false;
    } catch {
      // Ignored on purpose: the cache is an optimisation.
    }
  }
}
