import type { Diagnostic } from '../core/diagnostic.js';
import { FactCache } from './fact-cache.js';
import type { FileFacts } from './file-facts.js';

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
  private lastGood = new Map<string, FileFacts>();
  private context: string | undefined;
  private disk: FactCache | undefined;
  private diskDirty = false;
  /** Files that did not parse in the last scan and are shown as they last parsed. */
  stale: string[] = [];

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

  set(file: string, hash: string, facts: FileFacts): void {
    this.facts.set(file, { hash, facts });
    this.disk?.set(file, hash, facts);
    this.diskDirty = true;
  }

  retain(files: ReadonlySet<string>): void {
    for (const file of [...this.facts.keys()]) if (!files.has(file)) this.facts.delete(file);
    for (const file of [...this.lastGood.keys()]) if (!files.has(file)) this.lastGood.delete(file);
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
