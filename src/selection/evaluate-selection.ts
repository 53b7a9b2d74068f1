import { ancestors, descendants } from '../graph/traverse.js';
import { METHODS } from './methods/registry.js';
import type { SelectionContext } from './methods/selector-method.js';
import type { Criterion, SelectionSpec } from './selection-spec.js';

/**
 * Set algebra over the graph: criterion → operators → intersection → union → minus exclude.
 * `onEmpty` hears of every term that selects nothing: a lone criterion, or a whole comma term
 * (as dbt warns per term: `tag:a,kind:flow` can be empty while each half matches something).
 */
export function evaluateSpec(spec: SelectionSpec, context: SelectionContext, onEmpty: (raw: string) => void): Set<string> {
  switch (spec.kind) {
    case 'criterion':
      return evaluateCriterion(spec.criterion, context, onEmpty);
    case 'union': {
      const result = new Set<string>();
      for (const member of spec.members) for (const name of evaluateSpec(member, context, onEmpty)) result.add(name);
      return result;
    }
    case 'intersection': {
      // Inside a comma term only the term as a whole is reported.
      const [first, ...rest] = spec.members.map((member) => evaluateSpec(member, context, () => undefined));
      const result = new Set([...(first ?? [])].filter((name) => rest.every((set) => set.has(name))));
      if (result.size === 0 && spec.raw !== undefined) onEmpty(spec.raw);
      return result;
    }
    case 'difference': {
      const include = evaluateSpec(spec.include, context, onEmpty);
      for (const name of evaluateSpec(spec.exclude, context, onEmpty)) include.delete(name);
      return include;
    }
  }
}

function evaluateCriterion(criterion: Criterion, context: SelectionContext, onEmpty: (raw: string) => void): Set<string> {
  const base = METHODS.get(criterion.method)!.select(criterion.value, criterion.args, context);
  if (base.size === 0) onEmpty(criterion.raw);
  const result = new Set(base);
  const { graph } = context;
  if (criterion.parents !== undefined) for (const name of ancestors(graph, base, criterion.parents ?? undefined)) result.add(name);
  if (criterion.children !== undefined) for (const name of descendants(graph, base, criterion.children ?? undefined)) result.add(name);
  if (criterion.childrensParents) {
    const down = new Set([...base, ...descendants(graph, base)]);
    for (const name of down) result.add(name);
    for (const name of ancestors(graph, down)) result.add(name);
  }
  return result;
}
