import { type LoadedProject, openProject, type ProjectOptions, withLazyGraph } from './load-project.js';
import type { McpCallProject } from './mcp-tools.js';

/** Where the tool calls of `ca mcp serve` get the project from. */
export interface McpProject {
  /** Taken when a call starts; the call keeps it to its end, whatever is re-scanned meanwhile. */
  forCall(): McpCallProject;
  /** Stops watching (nothing to stop without --watch). */
  close(): Promise<void>;
}

/**
 * Without --watch: every call reads ca.yaml and scans, as the CLI does, and `run` loads the code
 * of that scan (a server that lives for a whole session must not run the code it first imported).
 * A missing or broken project fails here, at startup.
 */
export async function openMcpProject(project: ProjectOptions): Promise<McpProject> {
  await openProject(project);
  return { forCall: () => ({ ...project, freshCode: true }), close: async () => {} };
}

/**
 * `--watch`: one scan at startup, then a re-scan per burst of saves (watch-project.ts); each call
 * answers from the latest scan, and `run` loads the code of that scan (`freshCode`).
 *
 * A call gets its own view of a scan: the watcher may update its graph in place on a later save,
 * so the view builds its graph from the scan's nodes, once, when a call first needs it.
 *
 * After a failed re-scan (ca.yaml broken mid-edit) calls do what they do without --watch, read
 * ca.yaml and scan: the agent gets the CLI's one-line error as a tool error, never the last good
 * scan as if it were current; the next good re-scan makes calls warm again.
 */
export async function watchMcpProject(project: ProjectOptions): Promise<McpProject> {
  // Loaded here: chokidar is start-up cost that only --watch needs.
  const { watchProject } = await import('./watch-project.js');
  let latest: LoadedProject | undefined;
  const watcher = watchProject(project, (update) => {
    latest = update.error ? undefined : withLazyGraph(update.project.config, update.project.scan);
  });
  // The first scan's errors (no ca.yaml, a broken one) end the command here, as without --watch.
  await watcher.ready;
  return {
    forCall: () => ({ ...project, freshCode: true, ...(latest ? { loaded: latest } : {}) }),
    close: () => watcher.close(),
  };
}
