/** Which fingerprint parts `state:modified.<part>` can look at. */
export const STATE_PARTS = ['body', 'config', 'code'] as const;
export type StatePart = (typeof STATE_PARTS)[number];

/** The project compared node by node with a baseline (a manifest, a git commit, a deployed env). */
export interface StateDiff {
  /** The baseline as the user named it (`git:origin/main`, a manifest path, `env:prod`). */
  baseline: string;
  /** In the project, not in the baseline. */
  new: string[];
  /** In both. */
  old: string[];
  /** Old nodes whose body, config or code fingerprint differs from the baseline's. */
  modified: Record<StatePart, string[]>;
  /** In the baseline, no longer in the project (they cannot be selected, but `status` reports them). */
  removed: string[];
}
