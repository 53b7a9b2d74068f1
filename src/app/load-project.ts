import { loadProjectConfig } from '../config/load-config.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { ProjectScan } from '../core/project-scan.js';
import { discoverProject } from '../discovery/discover-project.js';
import { buildGraph, type CaGraph } from '../graph/build-graph.js';
import { findCycles } from '../graph/find-cycles.js';
import { hasCycle } from '../graph/has-cycle.js';

export interface ProjectOptions {
  /** -p/--project as typed. */
  project?: string;
  cwd?: string;
  noCache?: boolean;
  onParsed?(done: number, total: number): void;
  /** A project already scanned (`--watch` re-scans once per change): used instead of reading ca.yaml and scanning again. */
  loaded?: LoadedProject;
}

/** Config, discovery and graph: the front half of every verb. */
export interface LoadedProject {
  config: ProjectConfig;
  scan: ProjectScan;
  graph: CaGraph;
}

export async function openProject(options: ProjectOptions = {}): Promise<ProjectConfig> {
  return loadProjectConfig({ project: options.project, cwd: options.cwd });
}

export async function scanProject(config: ProjectConfig, options: ProjectOptions = {}): Promise<LoadedProject> {
  const scan = await discoverProject(config, { noCache: options.noCache, onParsed: options.onParsed });
  const project = withLazyGraph(config, scan);
  if (hasCycle(scan.nodes)) scan.diagnostics.push(...findCycles(project.graph));
  return project;
}

/**
 * The graph is built on first use: listing every node, the most common call of all, needs none,
 * and building 6,000 vertices is a third of a warm `ca ls` on a large project.
 */
export function withLazyGraph(config: ProjectConfig, scan: ProjectScan): LoadedProject {
  let graph: CaGraph | undefined;
  return {
    config,
    scan,
    get graph(): CaGraph {
      graph ??= buildGraph(scan.nodes);
      return graph;
    },
  };
}

/** `options.loaded` when given, else ca.yaml read and the project scanned. */
export async function loadProject(options: ProjectOptions = {}): Promise<LoadedProject> {
  return options.loaded ?? scanProject(await openProject(options), options);
}
