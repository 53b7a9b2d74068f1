import { closest } from 'fastest-levenshtein';
import type { RunStatus } from '../../core/trace.js';
import type { SelectorMethod } from './selector-method.js';

/** The statuses a run ends with, and the one it has while it runs. */
const STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted', 'running', 'waiting', 'queued'];

/** dbt's words for the same outcomes, so `result:error` and `result:success` do what a dbt user expects. */
const ALIASES: Readonly<Record<string, RunStatus>> = { success: 'succeeded', error: 'failed', fail: 'failed' };

export const RESULT_VALUES = [...STATUSES, ...Object.keys(ALIASES)];

export const resultMethod: SelectorMethod = {
  name: 'result',
  summary: "Nodes whose latest local run (ca run) ended so: succeeded, failed, cancelled, interrupted or running (dbt's error, fail and success also work).",
  takesArgs: false,
  validate(value) {
    if (RESULT_VALUES.includes(value)) return undefined;
    return { message: `unknown result '${value}'`, hint: `did you mean '${closest(value, RESULT_VALUES)}'? One of: ${STATUSES.join(', ')}` };
  },
  select(value, _args, { results, nodes }) {
    // The app loads the run store's latest statuses before evaluating a selection that uses result:.
    if (!results) return new Set();
    const wanted = ALIASES[value] ?? (value as RunStatus);
    return new Set(nodes.filter((node) => results.get(node.name) === wanted).map((node) => node.name));
  },
};
