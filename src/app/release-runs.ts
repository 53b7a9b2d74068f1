import type { JournalEntry } from '../core/journal.js';
import type { Release } from '../core/release.js';
import type { TimedRunSummary } from '../core/run-timing.js';
import type { RunStatus } from '../core/trace.js';
import type { Ledger } from '../ledger/ledger.js';
import type { RunStore } from '../ledger/run-store.js';
import { openApprovals } from './approve-run.js';
import { readRelease } from './env-release.js';

/** Runs of a worker env that are not over: they still need a worker of their release (SPEC §14). */
export const LIVE_STATUSES = ['queued', 'running', 'waiting', 'interrupted'] as const satisfies readonly RunStatus[];
export type LiveStatus = (typeof LIVE_STATUSES)[number];

/** A run of a worker env that is not over, where it stands, and what it can reach. */
export interface LiveRun {
  runId: string;
  name: string;
  status: LiveStatus;
  /** The release it is pinned to (a run queued before releases existed has none). */
  release: string | null;
  /** The step it waits at (an open approval) or is in (the last step started and not ended); null when queued. */
  step: string | null;
  /** Every node the run can reach, by its release's record (else what it recorded at its start, else its own node). */
  reaches: string[];
  startedAt: number;
}

/** At most this many runs are read step by step; the rest are counted only. */
const DETAILED = 200;

/**
 * The env's runs that are not over, oldest first: what a deploy would strand, what `ca status`
 * counts per release, what `ca worker --drain` waits for. Reads the run store (and the ledger for
 * the releases' records); runs nothing.
 */
export async function liveRunsOfEnv(store: RunStore, env: string, ledger?: Ledger): Promise<LiveRun[]> {
  const summaries = await liveRunSummaries(store, env);
  const releases = new Map<string, Promise<Release | undefined>>();
  const releaseOf = (id: string) => {
    if (!releases.has(id)) releases.set(id, ledger ? readRelease(ledger, id).catch(() => undefined) : Promise.resolve(undefined));
    return releases.get(id)!;
  };
  const runs: LiveRun[] = [];
  for (const [index, summary] of summaries.entries()) {
    const detailed = index < DETAILED;
    const steps = detailed && summary.status !== 'queued' ? await store.journal.readSteps(summary.id) : [];
    const release = summary.release === undefined ? undefined : await releaseOf(summary.release);
    const recorded = release?.manifest.nodes[summary.name]?.fingerprints ?? (detailed ? await store.readFingerprints(summary.id) : undefined);
    runs.push({
      runId: summary.id,
      name: summary.name,
      status: summary.status as LiveStatus,
      release: summary.release ?? null,
      step: whereItStands(summary.status, steps),
      reaches: recorded ? Object.keys(recorded).sort() : [summary.name],
      startedAt: summary.startedAt,
    });
  }
  return runs;
}

/** The env's runs that are not over, as `ca runs` lists them, oldest first. */
export async function liveRunSummaries(store: RunStore, env: string): Promise<TimedRunSummary[]> {
  const summaries: TimedRunSummary[] = [];
  for (const status of LIVE_STATUSES) summaries.push(...(await store.listRuns({ env, status, limit: 0 })));
  return summaries.sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1));
}

function whereItStands(status: RunStatus, steps: readonly JournalEntry[]): string | null {
  if (status === 'queued') return null;
  const approval = openApprovals(steps)[0];
  if (status === 'waiting' && approval) return approval.key;
  // The innermost open step: the last one started (steps are in journal order).
  return steps.filter((step) => step.status === 'started').at(-1)?.key ?? null;
}
