import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameworkId } from '../../core/node.js';

/**
 * An id that a framework's project file gives an exported definition: LangGraph's langgraph.json
 * (`"graphs": { "agent": "./src/graph.ts:graph" }`) names the graphs it serves. A project file is
 * not a source file (facts are read one source file at a time), so it is read at the project root
 * on every scan and handed to linking.
 */
export interface ProjectName {
  framework: FrameworkId;
  /** The project file that says it (`langgraph.json`), root-relative: `specifier` is relative to it. */
  from: string;
  /** The source file as written there (`./src/graph.ts`). */
  specifier: string;
  /** The export it names (`graph`; `default` for the default export). */
  exported: string;
  id: string;
}

/**
 * What the frameworks' project files (langgraph.json) name, read at the project root on every scan.
 * Kept apart from the adapters on purpose: a warm scan (nothing to parse) reads these files, and
 * must not load the TypeScript parser the adapters import. A `--state git:` baseline is linked
 * with them too, as it is read with today's tsconfig paths: both sides give a definition the same id.
 */
export function readProjectNames(root: string): ProjectName[] {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(path.join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return readLanggraphJson(read('langgraph.json')).map((name) => ({ ...name, framework: 'langgraph' as FrameworkId }));
}

/**
 * langgraph.json: `"graphs": { "agent": "./src/agent/graph.ts:graph" }` (or `{ "path": … }`), the
 * ids `langgraph dev` and the LangGraph Platform serve the graphs under. Unreadable: no ids.
 */
export function readLanggraphJson(text: string | undefined): Omit<ProjectName, 'framework'>[] {
  if (text === undefined) return [];
  let graphs: unknown;
  try {
    graphs = (JSON.parse(text) as { graphs?: unknown } | null)?.graphs;
  } catch {
    return [];
  }
  if (!graphs || typeof graphs !== 'object') return [];
  const names: Omit<ProjectName, 'framework'>[] = [];
  for (const [id, value] of Object.entries(graphs)) {
    const where = typeof value === 'string' ? value : (value as { path?: unknown } | null)?.path;
    if (typeof where !== 'string' || where === '') continue;
    const colon = where.lastIndexOf(':');
    const file = colon > 0 ? where.slice(0, colon) : where;
    const exported = colon > 0 ? where.slice(colon + 1) : 'default';
    const specifier = file.replace(/\\/g, '/');
    names.push({ from: 'langgraph.json', specifier: /^\.{0,2}\//.test(specifier) ? specifier : `./${specifier}`, exported: exported || 'default', id });
  }
  return names;
}
