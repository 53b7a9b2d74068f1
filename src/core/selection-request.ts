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

/** Whether the command line narrows the selection at all (-s, --exclude or --selector), rather than taking every node. */
export function narrowsSelection(request: SelectionRequest): boolean {
  return request.select.length > 0 || request.exclude.length > 0 || request.selector !== undefined;
}
