import { NODE_KINDS } from '../core/node.js';
import { openProject, type ProjectOptions, scanProject } from './load-project.js';

/** What shell completion can ask for. */
export const COMPLETION_KINDS = ['nodes', 'tags', 'packages', 'kinds', 'envs', 'selectors'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

/**
 * Values for shell completion, sorted and unique: node names, tags and packages from static discovery (the
 * cached scan, so a warm project answers without parsing), envs and named selectors from ca.yaml
 * alone. Nothing in the project runs.
 */
export async function completeValues(kind: CompletionKind, options: ProjectOptions = {}): Promise<string[]> {
  // The values of `kind:` are the selector grammar's, the same in every project.
  if (kind === 'kinds') return [...NODE_KINDS].sort();
  const config = await openProject(options);
  if (kind === 'envs') return Object.keys(config.envs).sort();
  if (kind === 'selectors') return config.selectors.map((selector) => selector.name).sort();
  const { scan } = await scanProject(config, options);
  const values =
    kind === 'nodes' ? scan.nodes.map((node) => node.name)
    : kind === 'packages' ? scan.nodes.flatMap((node) => (node.package ? [node.package.name] : []))
    : scan.nodes.flatMap((node) => node.tags);
  return [...new Set(values)].sort();
}
