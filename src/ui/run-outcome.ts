import { resultText, type JsonValue } from '../core/json-value.js';
import type { RunResult } from '../core/results.js';
import type { Colors } from './colors.js';
import { visible } from '../core/visible-text.js';

/** What `ca run` leaves on stdout: the exact output alone, so `ca run triage | jq` works. */
export function renderRunOutput(result: RunResult): string | undefined {
  return resultText(result.output as JsonValue | undefined);
}

/** The closing line on stderr, under the tree (which already shows where a failed run broke). */
export function renderRunFooter(result: RunResult, c: Colors): string[] {
  const lines: string[] = [];
  // A waiting run's tree already says how to answer (the parked approval's hint); a step in doubt or a
  // divergence says in its hint how to go on, where a plain resume would stop at it again.
  if (!['succeeded', 'waiting'].includes(result.status) && !['step-in-doubt', 'resume-diverged'].includes(result.error?.code ?? '')) lines.push(c.dim(`to go on from where it stopped: ca run --resume ${result.runId}`));
  const how = result.resumed ? ` · resumed (segment ${result.resumed.segment})` : result.forkOf ? ` · fork of ${result.forkOf.runId} from ${visible(result.forkOf.step)}` : '';
  lines.push(c.dim(`run ${result.runId}${how} · ca trace ${result.runId}`));
  return lines;
}
