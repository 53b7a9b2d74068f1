import type { CaNode } from '../../core/node.js';
import type { StateDiff } from '../../core/state-diff.js';
import type { RunStatus } from '../../core/trace.js';
import type { EvalStanding } from '../../core/eval-standing.js';
import type { CaGraph } from '../../graph/build-graph.js';
import type { SelectionSpec } from '../selection-spec.js';

/** What a method may look at: passed in, never global. */
export interface SelectionContext {
  graph: CaGraph;
  nodes: readonly CaNode[];
  /** The comparison with the baseline; present whenever the selection uses `state:`. */
  state?: StateDiff;
  /** Each node's latest run status from the run store; present whenever the selection uses `result:` (empty when nothing has run). */
  results?: ReadonlyMap<string, RunStatus>;
  /** Each node's eval files and latest eval outcome; present whenever the selection uses `eval:`. */
  evals?: ReadonlyMap<string, EvalStanding>;
  /** Named selectors of ca.yaml, parsed. */
  selectors: ReadonlyMap<string, SelectionSpec>;
  /** Evaluates another spec (for `selector:`), guarding against selectors that include themselves. */
  evaluate(spec: SelectionSpec): Set<string>;
}

/** What parse-time validation may know: no graph yet. */
export interface ParseContext {
  selectorNames: ReadonlySet<string>;
}

export interface MethodProblem {
  message: string;
  hint?: string;
  /** Blame the args (`config.x`) rather than the value. */
  at?: 'args' | 'value';
}

export interface SelectorMethod {
  name: string;
  /** One line for docs and help. */
  summary: string;
  /** `config.<key>` needs one or more args; every other method takes none. */
  takesArgs: boolean;
  /** Values may start with `@` (npm scopes: `package:@acme/tools`); elsewhere `@` is only the leading operator. */
  scopedValues?: boolean;
  /** Checks the value at parse time, so mistakes surface before any work. */
  validate?(value: string, args: readonly string[], context: ParseContext): MethodProblem | undefined;
  select(value: string, args: readonly string[], context: SelectionContext): Set<string>;
}
