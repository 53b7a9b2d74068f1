import path from 'node:path';
import { type Manifest, MANIFEST_SCHEMA_VERSION } from '../core/manifest.js';
import type { CaNode } from '../core/node.js';
import type { ManifestResult } from '../core/results.js';
import { allNodes } from '../graph/build-graph.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { loadAndSelect } from './select-project.js';
import { writeOutputFile } from './write-output-file.js';
import { CA_VERSION } from './ca-version.js';
import type { ProjectOptions } from './load-project.js';

export const DEFAULT_MANIFEST = '.ca/manifest.json';


export async function writeManifest(options: ProjectOptions & { selection: SelectionRequest; out?: string }): Promise<ManifestResult> {
  const { config, scan, graph, selection } = await loadAndSelect(options);
  const { selected, warnings } = selection;
  const nodes: Record<string, CaNode> = {};
  for (const node of allNodes(graph)) if (selected.has(node.name)) nodes[node.name] = node;
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    caVersion: CA_VERSION,
    generatedAt: new Date().toISOString(),
    project: { name: path.basename(config.root), src: config.src },
    nodes,
    diagnostics: scan.diagnostics,
  };
  const out = options.out ?? path.join(config.root, DEFAULT_MANIFEST);
  if (out !== '-') {
    const target = path.resolve(options.cwd ?? process.cwd(), out);
    writeOutputFile(target, `${JSON.stringify(manifest, null, 2)}\n`, out);
    return { path: target, manifest, diagnostics: scan.diagnostics, warnings };
  }
  return { path: '-', manifest, diagnostics: scan.diagnostics, warnings };
}
