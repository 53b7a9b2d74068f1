/** What the eval files and the latest evaluations say of one node: the `eval:` selector method reads it. */
export interface EvalStanding {
  /** Eval files whose cases run this node. */
  files: string[];
  /** How the node's cases did in the latest kept evaluation (.ca/evals/) that ran them; absent when none did. */
  latest?: 'passed' | 'failed';
  /** That evaluation. */
  evalId?: string;
}
