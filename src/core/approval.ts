/** A request for a person's yes or no: `ctx.approve(prompt)`, or an agent's tool call that its policy gates. */
export interface ApprovalRequest {
  prompt: string;
  /** Span names from the run's root to the asker. */
  path: readonly string[];
  /** The tool an agent wants to call, when the request comes from an approval policy. */
  tool?: string;
}

/**
 * Answers approval requests: a TTY prompt, `--approve all`, a denial when nobody can be asked, or
 * `park` (`--approve park`): nobody answers now, the run waits for `ca approve`.
 */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean | 'park'>;

/**
 * `--approve`: ask on a TTY (deny elsewhere), approve everything, deny everything, or park the run
 * at the first approval without an answer (status `waiting`, exit 4) until `ca approve RUN`.
 */
export const APPROVAL_MODES = ['ask', 'all', 'none', 'park'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** A session turn answers its approvals now: it cannot park (its conversation goes on with the next message). */
export const TURN_APPROVAL_MODES = ['ask', 'all', 'none'] as const satisfies readonly ApprovalMode[];
