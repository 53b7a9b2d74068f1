/** Exit codes of SPEC §4. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  drift: 3,
  /** A run parked at an approval: waiting for a person (`ca approve RUN`). */
  waiting: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

/**
 * A problem the user can fix: one line on stderr (what, where, what to do) and an exit code.
 * The command layer renders it; a stack trace only appears under --debug.
 */
export class UserError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly location?: ErrorLocation;
  readonly exitCode: ExitCode;
  /** Extra lines shown under the message (a caret under a selector, say). */
  readonly detail?: string[];

  constructor(
    code: string,
    message: string,
    options: { hint?: string; location?: ErrorLocation; exitCode?: ExitCode; detail?: string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
    this.exitCode = options.exitCode ?? EXIT.usage;
    this.detail = options.detail;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
