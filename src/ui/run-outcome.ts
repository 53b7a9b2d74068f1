import { resultText, type JsonValue } from '../core/json-value.js';
import type { RunResult } from '../core/results.js';
import type { Colors } from './colors.js';

/** What `ca run` leaves on stdout: the exact output alone, so `ca run triage | jq` works. */
export function renderRunOutput(result: RunResult): string | undefined {
  return resultText(result.output as JsonValue | undefined);
}

/** The closing line on stderr, under the tree (which already shows where a failed run broke). */
export function renderRunFooter(result: RunResult, c: Colors): string[] {
  return [c.dim(`run ${result.runId} · ca trace ${result.runId}`)];
}
