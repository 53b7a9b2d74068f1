/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { GraphPageData } from '../../../core/results.js';

/**
 * `ca graph --serve --watch`: the server sends an `update` event after each re-scan and the page
 * fetches the new data; a `problem` event (ca.yaml broken mid-edit, say) is shown until the next
 * good scan. EventSource reconnects by itself if the server restarts.
 */
export function listenForUpdates(handlers: { onData(data: GraphPageData): void; onProblem(message: string | null): void; onConnection(open: boolean): void }): void {
  const events = new EventSource('events');
  events.addEventListener('open', () => handlers.onConnection(true));
  events.addEventListener('error', () => handlers.onConnection(false));
  events.addEventListener('update', () => {
    void fetch('data.json', { cache: 'no-store' })
      .then((response) => {
        if (!response.ok) throw new Error(`data.json: HTTP ${response.status}`);
        return response.json() as Promise<GraphPageData>;
      })
      .then((data) => {
        handlers.onProblem(null);
        handlers.onData(data);
      })
      .catch((error: unknown) => handlers.onProblem(String(error)));
  });
  events.addEventListener('problem', (event) => handlers.onProblem((event as MessageEvent<string>).data));
}
