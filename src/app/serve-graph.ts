import { isUserError } from '../core/errors.js';
import type { GraphResult } from '../core/results.js';
import { buildGraphPage, type GraphPage, type GraphPageOptions } from './graph-page.js';
import type { LayoutCache } from './graph-page-layout.js';
import { type PageServer, type ServedPage, startPageServer } from './serve-graph-http.js';
import type { ProjectUpdate } from './watch-project.js';

export interface ServeGraphOptions extends GraphPageOptions {
  /** 0: any free port. */
  port: number;
  /** Re-scan on every save and push the new page to open browsers (Server-Sent Events). */
  watch?: boolean;
  /** After each re-scan under --watch that produced a page. */
  onUpdate?(update: ProjectUpdate, page: GraphPage): void;
  /** A re-scan under --watch that failed (ca.yaml broken mid-edit, say): the last good page stays served. */
  onProblem?(error: Error): void;
}

export interface GraphServing {
  url: string;
  port: number;
  /** The page being served now. */
  result(): GraphResult;
  /** Stops serving (and watching). */
  close(): Promise<void>;
}

/**
 * `ca graph --serve [--watch]`: builds the page (a bad selection or ca.yaml fails here, before
 * anything listens), then serves it on 127.0.0.1 until closed. With watch, every re-scan
 * (src/app/watch-project.ts) rebuilds the page, re-laying out only the components that changed,
 * and open pages fetch the new data.
 */
export async function serveGraph(options: ServeGraphOptions): Promise<GraphServing> {
  const layoutCache: LayoutCache = options.layoutCache ?? new Map();
  if (!options.watch) {
    const page = await buildGraphPage({ ...options, layoutCache });
    const server = await startPageServer(served(page), options.port);
    return { url: server.url, port: server.port, result: () => page.result, close: () => server.close() };
  }

  let page: GraphPage | undefined;
  let server: PageServer | undefined;
  const problem = (error: Error) => {
    server?.problem(describe(error));
    options.onProblem?.(error);
  };
  const { watchProject } = await import('./watch-project.js');
  // The ledger too: a deploy elsewhere changes the deployments the page shows.
  const watcher = watchProject({ ...options, watchLedger: true, onError: (error) => problem(asError(error)) }, async (update) => {
    if (update.error) return problem(update.error);
    let next: GraphPage;
    try {
      next = await buildGraphPage({ ...options, loaded: update.project, layoutCache, live: true });
    } catch (error) {
      // The first scan's errors end the command, as without --watch.
      if (update.iteration === 0) throw error;
      return problem(asError(error));
    }
    page = next;
    server?.publish(served(next));
    if (update.iteration > 0) options.onUpdate?.(update, next);
  });
  await watcher.ready;
  try {
    server = await startPageServer(served(page!), options.port);
  } catch (error) {
    await watcher.close();
    throw error;
  }
  const listening = server;
  return {
    url: listening.url,
    port: listening.port,
    result: () => page!.result,
    async close() {
      await watcher.close();
      await listening.close();
    },
  };
}

export function served(page: GraphPage): ServedPage {
  return { html: page.result.text, json: JSON.stringify(page.data) };
}

/** One line for the page's banner: where, what, and what to do, as the CLI prints a user error. */
function describe(error: Error): string {
  if (!isUserError(error)) return error.message;
  const { file, line, column } = error.location ?? {};
  const where = file ? `${[file, line, column].filter((part) => part !== undefined).join(':')}: ` : '';
  return `${where}${error.message}${error.hint ? ` (${error.hint})` : ''}`;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
