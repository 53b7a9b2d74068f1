import { closest } from 'fastest-levenshtein';
import type { SelectorConfig } from '../config/config-schema.js';
import { EXIT, UserError } from '../core/errors.js';
import type { CaNode } from '../core/node.js';
import type { SelectionRequest } from '../core/selection-request.js';
import type { StateDiff } from '../core/state-diff.js';
import type { RunStatus } from '../core/trace.js';
import type { EvalStanding } from '../core/eval-standing.js';
import type { CaGraph } from '../graph/build-graph.js';
import { evaluateSpec } from './evaluate-selection.js';
import type { SelectionContext } from './methods/selector-method.js';
import { parseSelectionValues } from './parse-selection.js';
import { criteriaOf, type SelectionSpec } from './selection-spec.js';
import { type NamedSelectors, parseNamedSelectors } from './yaml-selectors.js';

export type { SelectionRequest };

/** A parsed selection, checked before any work, that knows whether it needs a state baseline. */
export interface SelectionPlan {
  /** undefined: every node. */
  spec?: SelectionSpec;
  named: NamedSelectors;
  /** The named selector in use (--selector, or the default one). */
  selector?: string;
  needsState: boolean;
  /** The selection uses `result:`: the app loads the latest run statuses. */
  needsResults: boolean;
  /** The selection uses `eval:`: the app reads the eval files and kept evaluations. */
  needsEvals: boolean;
  strict: boolean;
}

export interface SelectionResult {
  /** Names of the selected nodes. */
  selected: Set<string>;
  /** One line per criterion that matched nothing. */
  warnings: string[];
}

/** Splits repeated flag values on whitespace, as dbt does: `-s "a b" -s c` → [a, b, c]. */
export function splitCriteria(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(/\s+/)).filter((value) => value !== '');
}

export function planSelection(request: SelectionRequest, selectors: readonly SelectorConfig[]): SelectionPlan {
  const named = parseNamedSelectors(selectors);
  const context = { selectorNames: new Set(named.specs.keys()) };
  if (request.selector !== undefined && splitCriteria(request.select).length > 0) {
    throw new UserError('selector-with-select', '--selector cannot be combined with --select', {
      hint: 'Put the extra criteria in the selector, or use selector:NAME inside --select.',
    });
  }
  if (request.selector !== undefined && !named.specs.has(request.selector)) {
    const known = [...named.specs.keys()];
    const guess = known.length ? closest(request.selector, known) : undefined;
    throw new UserError('unknown-selector', `unknown selector '${request.selector}' in --selector`, {
      hint: guess !== undefined ? `did you mean '${guess}'? Selectors in ca.yaml: ${known.join(', ')}` : 'ca.yaml defines no selectors.',
    });
  }
  rejectBlank(request.select, '--select');
  rejectBlank(request.exclude, '--exclude');
  const include = parseSelectionValues(request.select, '--select', context);
  const exclude = parseSelectionValues(request.exclude, '--exclude', context);
  let selector = request.selector;
  if (selector === undefined && include === undefined && exclude === undefined) selector = named.defaultName;
  const base = selector !== undefined ? named.specs.get(selector) : include;
  const spec: SelectionSpec | undefined =
    exclude === undefined ? base : { kind: 'difference', include: base ?? { kind: 'union', members: [everything] }, exclude };
  const plan: SelectionPlan = {
    named,
    needsState: spec ? usesMethod('state', spec, named) : false,
    needsResults: spec ? usesMethod('result', spec, named) : false,
    needsEvals: spec ? usesMethod('eval', spec, named) : false,
    strict: request.strict ?? false,
  };
  if (spec) plan.spec = spec;
  if (selector !== undefined) plan.selector = selector;
  return plan;
}

/**
 * A flag given a value that is empty or only whitespace is a usage error: it is what
 * `-s "$SELECTION"` gives when the variable is unset, and taking it for "no selection" would
 * select (and deploy) every node.
 */
function rejectBlank(values: readonly string[], flag: '--select' | '--exclude'): void {
  const blank = values.find((value) => value.trim() === '');
  if (blank === undefined) return;
  throw new UserError('empty-selection', `empty selection: ${flag} was given ${blank === '' ? 'an empty value' : 'only whitespace'}`, {
    hint: flag === '--exclude' ? 'pass a selector to leave out, or leave --exclude out' : 'pass a selector, or leave -s out to select every node',
    exitCode: EXIT.usage,
  });
}

/** A criterion that selects every node (`--exclude` alone means "all but"). */
const everything: SelectionSpec = {
  kind: 'criterion',
  criterion: { raw: '*', method: 'name', args: [], value: '*', childrensParents: false },
};

/** Whether a criterion of the spec, or of a named selector it refers to, uses the method. */
function usesMethod(method: string, spec: SelectionSpec, named: NamedSelectors, seen = new Set<string>()): boolean {
  return criteriaOf(spec).some((criterion) => {
    if (criterion.method === method) return true;
    if (criterion.method !== 'selector' || seen.has(criterion.value)) return false;
    seen.add(criterion.value);
    return usesMethod(method, named.specs.get(criterion.value)!, named, seen);
  });
}

export function runSelection(
  plan: SelectionPlan,
  graph: CaGraph,
  nodes: readonly CaNode[],
  state?: StateDiff,
  results?: ReadonlyMap<string, RunStatus>,
  evals?: ReadonlyMap<string, EvalStanding>,
): SelectionResult {
  if (!plan.spec) return { selected: new Set(graph.nodes()), warnings: [] };
  const empty: string[] = [];
  const context: SelectionContext = {
    graph,
    nodes,
    selectors: plan.named.specs,
    evaluate: (spec) => evaluateSpec(spec, context, (raw) => empty.push(raw)),
  };
  if (state) context.state = state;
  if (results) context.results = results;
  if (evals) context.evals = evals;
  const selected = context.evaluate(plan.spec);
  const warnings = [...new Set(empty)].map((raw) => `the selection criterion '${raw}' does not match any node`);
  if (plan.strict && warnings.length > 0) {
    throw new UserError('selection-empty-criterion', `${warnings[0]} (--strict)`, { hint: 'Check the criterion with `ca ls -s`, or drop --strict.' });
  }
  return { selected, warnings };
}
