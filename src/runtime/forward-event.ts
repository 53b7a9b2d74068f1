/**
 * `ca listen --forward-to URL`: POSTs one event as JSON, retrying what a retry can fix (network
 * errors, 408, 429, 5xx) with exponential backoff. Returns the last problem, or undefined on success.
 */
export async function forwardEvent(
  url: string,
  event: unknown,
  options: { attempts?: number; baseDelayMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string | undefined> {
  const attempts = options.attempts ?? 4;
  let problem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const signals = [AbortSignal.timeout(options.timeoutMs ?? 10_000), ...(options.signal ? [options.signal] : [])];
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'composable-agents (ca listen)' },
        body: JSON.stringify(event),
        signal: AbortSignal.any(signals),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return undefined;
      problem = `HTTP ${response.status} ${response.statusText}`.trim();
      if (!(response.status === 408 || response.status === 429 || response.status >= 500)) return problem;
    } catch (error) {
      if (options.signal?.aborted) return 'cancelled';
      problem = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, (options.baseDelayMs ?? 200) * 2 ** (attempt - 1)));
  }
  return `${problem} (after ${attempts} attempts)`;
}
