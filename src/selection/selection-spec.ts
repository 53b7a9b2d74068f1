/**
 * A parsed selection, before it meets a graph. Evaluation order is dbt's: criterion → graph
 * operators → intersection → union → minus exclude.
 */
export type SelectionSpec =
  | { kind: 'criterion'; criterion: Criterion }
  | { kind: 'union'; members: SelectionSpec[] }
  | { kind: 'intersection'; members: SelectionSpec[]; /** The comma term as written, for warnings. */ raw?: string }
  | { kind: 'difference'; include: SelectionSpec; exclude: SelectionSpec };

/** One `[@][N]+method.arg:value+N` term. */
export interface Criterion {
  /** The term as written, for warnings. */
  raw: string;
  method: string;
  /** What follows the method name after a dot: `config.effect` → ['effect']. */
  args: string[];
  value: string;
  /** `@x`: x, its descendants, and every ancestor of those. */
  childrensParents: boolean;
  /** `+x` / `N+x`: undefined = no parents; null = all; a number = that many hops. */
  parents?: number | null;
  /** `x+` / `x+N`, like parents. */
  children?: number | null;
}

export function criterionSpec(criterion: Criterion): SelectionSpec {
  return { kind: 'criterion', criterion };
}

/** Every criterion in a spec (for checks such as "does this need a state baseline?"). */
export function criteriaOf(spec: SelectionSpec): Criterion[] {
  switch (spec.kind) {
    case 'criterion':
      return [spec.criterion];
    case 'union':
    case 'intersection':
      return spec.members.flatMap(criteriaOf);
    case 'difference':
      return [...criteriaOf(spec.include), ...criteriaOf(spec.exclude)];
  }
}
