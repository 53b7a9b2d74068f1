import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { sha256 } from '../core/hash.js';
import { FactCache } from './fact-cache.js';
import type { FileFacts } from './file-facts.js';
import type { ProjectLayout } from '../config/project-config.js';
import { createModuleResolver, type ModuleResolver } from './resolve-module.js';

/** What discovery needs from a per-file fact store: the disk cache and the memory both give it. */
export interface FactStore {
  get(file: string, hash: string): FileFacts | undefined;
  set(file: string, hash: string, facts: FileFacts): void;
  retain(files: ReadonlySet<string>): void;
  save(): void;
}

/**
 * Per-file facts kept in memory across the scans of one long-lived process (`--watch`): a re-scan
 * parses only the files whose content changed, and neither `.ca/cache` file is read or written
 * after the first scan (the first one reads the disk cache, so a warm project starts warm).
 *
 * It also keeps, per file, the last facts that parsed: a file saved half-way through an edit
 * does not parse, and its definitions would vanish from the graph until the next good save.
 * `standInForUnparsable` puts the last good facts in its place and reports the syntax error.
 */
export class FactMemory implements FactStore {
  private facts = new Map<string, { hash: string; facts: FileFacts }>();
  /** What each file was when last read: a file whose size and times did not move is not read again. */
  private read = new Map<string, { size: number; mtimeMs: number; ctimeMs: number; hash: string }>();
  private resolver: { key: string; modules: ModuleResolver } | undefined;
  private listing: { key: string; files: string[] } | undefined;
  private listingStale = false;
  private lastGood = new Map<string, FileFacts>();
  private context: string | undefined;
  private disk: FactCache | undefined;
  private diskDirty = false;
  /** Files that did not parse in the last scan and are shown as they last parsed. */
  stale: string[] = [];

  /**
   * One source file for a scan. Unchanged since the last read (size, modification time and change
   * time, which a chmod moves too): its hash, and the text only if asked. Otherwise it is read now,
   * so a file that became unreadable is an error here, never its old content.
   */
  source(root: string, file: string): { file: string; text: string; hash: string } {
    const full = path.join(root, file);
    const stat = statSync(full);
    const known = this.read.get(file);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs) {
      return { file, hash: known.hash, get text() { return readFileSync(full, 'utf8'); } };
    }
    const text = readFileSync(full, 'utf8');
    const hash = sha256(text);
    this.read.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, hash });
    return { file, text, hash };
  }

  /** Read these files again next time, whatever their times say (the watcher saw them change). */
  forget(files: Iterable<string>): void {
    for (const file of files) this.read.delete(file);
  }

  /**
   * The module resolver for a file set, kept (with the answers it memoises) while the files and the
   * tsconfig paths stay the same: between saves of existing files, that is every scan.
   */
  modules(root: string, files: ReadonlySet<string>, layout?: ProjectLayout): ModuleResolver {
    const fresh = createModuleResolver(root, files, layout);
    const key = `${root}\n${fresh.linkHash}\n${[...files].join('\n')}`;
    if (this.resolver?.key === key) return this.resolver.modules;
    this.resolver = { key, modules: fresh };
    return fresh;
  }

  /** The store for one scan; facts read under another resolution context (tsconfig paths) are dropped. */
  open(root: string, context: string): FactStore {
    if (context !== this.context) {
      this.facts.clear();
      this.lastGood.clear();
      this.context = context;
      this.disk = new FactCache(root, context);
    }
    return this;
  }

  get(file: string, hash: string): FileFacts | undefined {
    const held = this.facts.get(file);
    if (held?.hash === hash) return held.facts;
    const cached = this.disk?.get(file, hash);
    if (cached) this.facts.set(file, { hash, facts: cached });
    return cached;
  }

  /**
   * The source files: listed again only after `moved` (a file or folder added or removed, or
   * ca.yaml changed), since saving an existing file does not change the list.
   */
  listFiles(key: string, list: () => string[]): string[] {
    if (this.listing?.key !== key || this.listingStale) this.listing = { key, files: list() };
    this.listingStale = false;
    return this.listing.files;
  }

  /** Files or folders were added or removed: list them again next scan. */
  moved(): void {
    this.listingStale = true;
  }

  /** The files of the last scan. */
  files(): string[] {
    return [...this.facts.keys()];
  }

  /** The content hash of the file as the last scan read it. */
  hashOf(file: string): string | undefined {
    return this.facts.get(file)?.hash;
  }

  set(file: string, hash: string, facts: FileFacts): void {
    this.facts.set(file, { hash, facts });
    this.disk?.set(file, hash, facts);
    this.diskDirty = true;
  }

  retain(files: ReadonlySet<string>): void {
    for (const file of [...this.facts.keys()]) if (!files.has(file)) this.facts.delete(file);
    for (const file of [...this.lastGood.keys()]) if (!files.has(file)) this.lastGood.delete(file);
    for (const file of [...this.read.keys()]) if (!files.has(file)) this.read.delete(file);
    this.disk?.retain(files);
  }

  /** Scans in memory write nothing; `flush` does, once (on exit). */
  save(): void {}

  /** Writes the facts parsed in memory to `.ca/cache`, so that the next command starts warm. */
  flush(): void {
    if (!this.diskDirty) return;
    this.disk?.save();
    this.diskDirty = false;
  }

  /**
   * Files that parse become their file's last good version; a file that does not parse is replaced
   * by its last good version (when there is one), with a parse-error diagnostic saying so.
   */
  standInForUnparsable(facts: readonly FileFacts[]): { facts: FileFacts[]; diagnostics: Diagnostic[] } {
    const diagnostics: Diagnostic[] = [];
    const stale: string[] = [];
    const out = facts.map((fileFacts) => {
      if (fileFacts.parseErrors.length === 0) {
        this.lastGood.set(fileFacts.file, fileFacts);
        return fileFacts;
      }
      const good = this.lastGood.get(fileFacts.file);
      if (!good) return fileFacts;
      stale.push(fileFacts.file);
      const error = fileFacts.parseErrors[0]!;
      diagnostics.push({
        code: 'parse-error',
        severity: 'error',
        message: `${fileFacts.file} does not parse: ${error.message}`,
        hint: 'Fix the syntax error; until then its definitions are shown as they were when it last parsed.',
        file: fileFacts.file,
        line: error.line,
        column: error.column,
      });
      // Disable comments included: their lines belong to the version whose definitions are shown.
      return good;
    });
    this.stale = stale.sort();
    return { facts: out, diagnostics };
  }
}
