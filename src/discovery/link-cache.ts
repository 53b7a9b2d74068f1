import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { CaNode } from '../core/node.js';

interface LinkCacheFile {
  /** Digest of discovery's code, the resolution context and every (file, content hash) pair. */
  key: string;
  nodes: CaNode[];
  diagnostics: Diagnostic[];
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

  read(key: string): { nodes: CaNode[]; diagnostics: Diagnostic[] } | undefined {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as LinkCacheFile;
      return data.key === key && Array.isArray(data.nodes) && Array.isArray(data.diagnostics) ? data : undefined;
    } catch {
      return undefined;
    }
  }

  write(key: string, nodes: CaNode[], diagnostics: Diagnostic[]): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ key, nodes, diagnostics } satisfies LinkCacheFile));
      renameSync(temporary, this.file);
    } catch {
      // The cache is an optimisation: a read-only checkout simply stays cold.
    }
  }
}
