import { UserError } from '../core/errors.js';
import type { SelectorConfig } from '../config/config-schema.js';
import { METHODS } from './methods/registry.js';
import type { ParseContext } from './methods/selector-method.js';
import { parseSelectionValues } from './parse-selection.js';
import { criteriaOf, criterionSpec, type Criterion, type SelectionSpec } from './selection-spec.js';

export interface NamedSelectors {
  specs: ReadonlyMap<string, SelectionSpec>;
  /** The selector marked `default: true`, used when no --select, --exclude or --selector is given. */
  defaultName?: string;
}

const GRAPH_KEYS = new Set(['method', 'value', 'parents', 'children', 'parents_depth', 'children_depth', 'childrens_parents', 'exclude', 'indirect_selection', 'description']);

/**
 * The `selectors:` of ca.yaml in dbt's YAML forms: a CLI-style string; `union:` / `intersection:`
 * lists (whose `exclude:` items are subtracted); `method`/`value` with `parents`, `children`,
 * `parents_depth`, `children_depth`, `childrens_parents`; the `{tag: nightly}` shorthand.
 */
export function parseNamedSelectors(configs: readonly SelectorConfig[]): NamedSelectors {
  const names = new Set<string>();
  let defaultName: string | undefined;
  for (const selector of configs) {
    if (names.has(selector.name)) {
      throw new UserError('selector-duplicate', `two selectors in ca.yaml are named '${selector.name}'`, { hint: 'Selector names must be unique.' });
    }
    names.add(selector.name);
    if (selector.default) {
      if (defaultName !== undefined) {
        throw new UserError('selector-two-defaults', `selectors '${defaultName}' and '${selector.name}' are both marked default: true`, {
          hint: 'At most one selector may be the default.',
        });
      }
      defaultName = selector.name;
    }
  }
  const context: ParseContext = { selectorNames: names };
  const specs = new Map<string, SelectionSpec>();
  for (const selector of configs) specs.set(selector.name, parseDefinition(selector.definition, selector.name, context));
  checkSelectorCycles(specs);
  return defaultName === undefined ? { specs } : { specs, defaultName };
}

function invalid(name: string, message: string): UserError {
  return new UserError('selector-invalid', `selector '${name}' in ca.yaml: ${message}`, { hint: 'See docs/selectors.md for the YAML forms.' });
}

function parseDefinition(definition: unknown, name: string, context: ParseContext): SelectionSpec {
  if (typeof definition === 'string') {
    const spec = parseSelectionValues([definition], `selector '${name}' in ca.yaml`, context);
    if (!spec) throw invalid(name, 'the definition is an empty string');
    return spec;
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw invalid(name, 'a definition is a string, a union:, an intersection:, or a method: with a value:');
  }
  const object = definition as Record<string, unknown>;
  for (const setKind of ['union', 'intersection'] as const) {
    if (!(setKind in object)) continue;
    const items = object[setKind];
    if (!Array.isArray(items) || items.length === 0) throw invalid(name, `${setKind}: takes a non-empty list`);
    const include: SelectionSpec[] = [];
    const exclude: SelectionSpec[] = [];
    for (const item of items) {
      if (item && typeof item === 'object' && !Array.isArray(item) && 'exclude' in item && Object.keys(item).length === 1) {
        exclude.push(...excludeList((item as { exclude: unknown }).exclude, name, context));
      } else {
        include.push(parseDefinition(item, name, context));
      }
    }
    if (include.length === 0) throw invalid(name, `${setKind}: needs at least one item besides exclude:`);
    const base: SelectionSpec = include.length === 1 ? include[0]! : { kind: setKind, members: include };
    return exclude.length === 0 ? base : { kind: 'difference', include: base, exclude: union(exclude) };
  }
  if ('method' in object) return methodDefinition(object, name, context);
  const keys = Object.keys(object);
  if (keys.length === 1 && METHODS.has(keys[0]!.split('.')[0]!)) {
    // The `{ tag: nightly }` shorthand.
    return methodDefinition({ method: keys[0], value: object[keys[0]!] }, name, context);
  }
  throw invalid(name, `cannot read ${JSON.stringify(definition)}: expected a string, union:, intersection:, or method: with value:`);
}

function excludeList(value: unknown, name: string, context: ParseContext): SelectionSpec[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => parseDefinition(item, name, context));
}

function union(specs: SelectionSpec[]): SelectionSpec {
  return specs.length === 1 ? specs[0]! : { kind: 'union', members: specs };
}

function methodDefinition(object: Record<string, unknown>, name: string, context: ParseContext): SelectionSpec {
  for (const key of Object.keys(object)) if (!GRAPH_KEYS.has(key)) throw invalid(name, `unknown key '${key}' in a method definition`);
  const { method, value } = object;
  if (typeof method !== 'string' || method === '') throw invalid(name, 'method: must be a method name such as tag or path');
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw invalid(name, `method ${method} needs a value:`);
  const flag = (key: string): boolean => {
    const v = object[key];
    if (v === undefined) return false;
    if (typeof v !== 'boolean') throw invalid(name, `${key}: must be true or false`);
    return v;
  };
  const depthOf = (key: string): number | undefined => {
    const v = object[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalid(name, `${key}: must be a whole number from 1`);
    return v;
  };
  // Reuse the CLI parser on `method:value` so both forms validate identically.
  const text = `${method}:${String(value)}`;
  const parsed = parseSelectionValues([text], `selector '${name}' in ca.yaml`, context);
  if (!parsed || parsed.kind !== 'criterion') throw invalid(name, `'${text}' is not a single criterion`);
  const criterion: Criterion = { ...parsed.criterion };
  const parentsDepth = depthOf('parents_depth');
  const childrenDepth = depthOf('children_depth');
  if (flag('parents') || parentsDepth !== undefined) criterion.parents = parentsDepth ?? null;
  if (flag('children') || childrenDepth !== undefined) criterion.children = childrenDepth ?? null;
  if (flag('childrens_parents')) {
    if (criterion.children !== undefined) throw invalid(name, 'childrens_parents cannot be combined with children');
    criterion.childrensParents = true;
  }
  const spec = criterionSpec(criterion);
  return object.exclude === undefined ? spec : { kind: 'difference', include: spec, exclude: union(excludeList(object.exclude, name, context)) };
}

function checkSelectorCycles(specs: ReadonlyMap<string, SelectionSpec>): void {
  const references = (name: string) =>
    criteriaOf(specs.get(name)!)
      .filter((c) => c.method === 'selector')
      .map((c) => c.value);
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new UserError('selector-cycle', `selectors include each other in a loop: ${[...trail, name].join(' → ')}`, { hint: 'Break the loop in ca.yaml.' });
    }
    state.set(name, 'visiting');
    for (const next of references(name)) visit(next, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of specs.keys()) visit(name, []);
}
