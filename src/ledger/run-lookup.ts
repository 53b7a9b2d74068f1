import { closest, distance } from 'fastest-levenshtein';
import { EXIT, UserError } from '../core/errors.js';

/** A run as the lookup errors name it. */
export interface RunName {
  id: string;
  name: string;
}

/** How many recent runs a not-found error looks through for a near miss. */
export const RECENT_RUNS = 200;
/** Prefix candidates to read: one more than an ambiguity lists, to say "more than 10". */
export const PREFIX_CANDIDATES = 11;
/** Just above every character: `id >= p AND id < p || MAX_CHAR` is "starts with p" that uses the index (LIKE would treat `_` as a wildcard); in PostgreSQL, with `COLLATE "C"` ids. */
const MAX_CHAR = String.fromCodePoint(0x10ffff);

/** The bounds of the ids that start with `prefix`: `id >= low AND id < high`. */
export function prefixBounds(prefix: string): [low: string, high: string] {
  return [prefix, prefix + MAX_CHAR];
}

/** The one run the ids starting with `wanted` name (newest first, at most PREFIX_CANDIDATES); undefined for none; `run-ambiguous` for several. */
export function onlyCandidate<Row extends RunName>(wanted: string, candidates: readonly Row[]): Row | undefined {
  if (candidates.length > 1) {
    const shown = candidates.slice(0, 10).map((row) => `${row.id} (${row.name})`);
    throw new UserError('run-ambiguous', `run id '${wanted}' is ambiguous: it starts ${candidates.length > 10 ? 'more than 10' : candidates.length} runs`, {
      hint: `type more of the id: ${shown.join(', ')}${candidates.length > 10 ? ', …' : ''}`,
      exitCode: EXIT.usage,
    });
  }
  return candidates[0];
}

export function noRunsYet(path: string): UserError {
  return new UserError('run-not-found', `no runs recorded yet in ${path}`, { hint: 'run one with ca run NAME', exitCode: EXIT.usage });
}

/** No run `wanted` in the store at `path`; `recent` (newest first, up to RECENT_RUNS) give the hint its near miss and latest runs. */
export function runNotFound(wanted: string, path: string, recent: readonly RunName[]): UserError {
  if (recent.length === 0) return noRunsYet(path);
  const guess = wanted === '' ? undefined : closest(wanted, recent.map((run) => run.id));
  const near = guess !== undefined && distance(wanted, guess) <= 3;
  const latest = recent.slice(0, 3).map((run) => `${run.id} (${run.name})`).join(', ');
  return new UserError('run-not-found', `no run '${wanted}' in ${path}`, {
    hint: `${near ? `did you mean ${guess}? ` : ''}latest: ${latest}; see ca runs, or use ca trace last`,
    exitCode: EXIT.usage,
  });
}
