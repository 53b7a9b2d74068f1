/** A request for a person's yes or no: `ctx.approve(prompt)`, or an agent's tool call that its policy gates. */
export interface ApprovalRequest {
  prompt: string;
  /** Span names from the run's root to the asker. */
  path: readonly string[];
  /** The tool an agent wants to call, when the request comes from an approval policy. */
  tool?: string;
}

/** Answers approval requests: a TTY prompt, `--approve all`, or a denial when nobody can be asked. */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean>;

/** `--approve`: ask on a TTY (deny elsewhere), approve everything, or deny everything. */
export const APPROVAL_MODES = ['ask', 'all', 'none'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];
