/** What the user asked for on the command line. */
export interface SelectionRequest {
  /** Values of -s/--select, each possibly space-separated. */
  select: readonly string[];
  /** Values of --exclude. */
  exclude: readonly string[];
  /** --selector NAME: a named selector of ca.yaml. */
  selector?: string;
  /** --state: the baseline for state: methods (overrides ca.yaml's state:). */
  state?: string;
  /** A criterion that matches nothing is an error rather than a warning. */
  strict?: boolean;
}
