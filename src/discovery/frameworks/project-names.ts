import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectName } from './framework-adapter.js';
import { FRAMEWORK_ADAPTERS } from './registry.js';

/**
 * What the frameworks' project files (langgraph.json) name, read at the project root. A `--state
 * git:` baseline is linked with them too, as it is read with today's tsconfig paths: both sides
 * give a definition the same id.
 */
export function readProjectNames(root: string): ProjectName[] {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(path.join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return FRAMEWORK_ADAPTERS.flatMap((adapter) => (adapter.projectNames?.(read) ?? []).map((name) => ({ ...name, framework: adapter.id })));
}
