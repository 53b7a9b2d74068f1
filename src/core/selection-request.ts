/** What the user asked for: the values of -s/--select and --exclude, each possibly space-separated. */
export interface SelectionRequest {
  select: readonly string[];
  exclude: readonly string[];
  /** A criterion that matches nothing is an error rather than a warning. */
  strict?: boolean;
}
