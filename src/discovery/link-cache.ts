import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

interface LinkCacheFile {
  /** Digest of discovery's code, the resolution context and every (file, content hash) pair. */
  key: string;
  /** The same with (file, size, modification time) instead of content hashes: checked first, without reading files. */
  statKey: string;
  nodes: CaNode[];
  diagnostics: Diagnostic[];
  lintDirectives: Record<string, LintDirective[]>;
}

/**
 * The linked result of the last working-tree scan, in `.ca/cache/nodes.json`. When no file has
 * changed since (the usual case between two commands), discovery reads only this: no per-file
 * facts, no linking, no fingerprinting.
 */
export class LinkCache {
  private readonly file: string;

  constructor(root: string) {
    this.file = path.join(root, '.ca', 'cache', 'nodes.json');
  }

  read(key: string): Linked | undefined {
    return this.load((data) => data.key === key);
  }

  readByStat(statKey: string): Linked | undefined {
    return this.load((data) => statKey !== '' && data.statKey === statKey);
  }

  private load(matches: (data: LinkCacheFile) => boolean): Linked | undefined {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as LinkCacheFile;
      return matches(data) && Array.isArray(data.nodes) && Array.isArray(data.diagnostics) && typeof data.lintDirectives === 'object'
        ? { nodes: data.nodes, diagnostics: data.diagnostics, lintDirectives: data.lintDirectives }
        : undefined;
    } catch {
      return undefined;
    }
  }

  write(key: string, statKey: string, { nodes, diagnostics, lintDirectives }: Linked): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ key, statKey, nodes, diagnostics, lintDirectives } satisfies LinkCacheFile));
      renameSync(temporary, this.file);
    } catch {
      // The cache is an optimisation: a read-only checkout simply stays cold.
    }
  }
}
