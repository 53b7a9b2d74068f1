/** `ok`: fine. `warn`: works, with less (no key: runs need --mock). `fail`: ca cannot work. `skip`: not checked, because a check it needs failed. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  /** Stable id: node, config, discovery, ledger, provider:<name>, git, repository. */
  id: string;
  /** What was checked, as the table shows it. */
  title: string;
  status: CheckStatus;
  /** One line: what was found. Never a secret's value. */
  summary: string;
  /** What to do about a warn or a fail. */
  hint?: string;
  /** Figures behind the summary, for scripts (counts per kind, the schema version, the variable name). */
  details?: Record<string, string | number | boolean | null | string[] | Record<string, number>>;
}

/** `ca doctor`: the environment and the project, check by check. */
export interface DoctorResult {
  /** Bumped when this shape changes incompatibly. */
  schemaVersion: 1;
  caVersion: string;
  /** The project folder, absolute; null when ca.yaml could not be read. */
  root: string | null;
  checks: DoctorCheck[];
  /** No check failed (warnings allowed): the exit code is 1 otherwise. */
  ok: boolean;
}
