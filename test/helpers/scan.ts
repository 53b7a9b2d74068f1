import { loadProject } from '../../src/app/load-project.js';
import type { CaNode } from '../../src/core/node.js';

/** Discovery + graph on a folder, cold (no cache), as plain data. */
export async function scan(root: string, options: { noCache?: boolean } = { noCache: true }) {
  const project = await loadProject({ project: root, noCache: options.noCache });
  const byName = new Map<string, CaNode>(project.scan.nodes.map((node) => [node.name, node]));
  return { ...project, byName };
}
