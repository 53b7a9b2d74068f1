import type { ParseContext } from './methods/selector-method.js';
import { parseCriterion } from './parse-criterion.js';
import { criterionSpec, type SelectionSpec } from './selection-spec.js';

/**
 * Flag values → spec: each value splits on whitespace (union), each term on commas
 * (intersection). Returns undefined when there is no term at all.
 */
export function parseSelectionValues(values: readonly string[], source: string, context: ParseContext): SelectionSpec | undefined {
  const union: SelectionSpec[] = [];
  for (const text of values) {
    for (const match of text.matchAll(/\S+/g)) {
      const term = match[0];
      const offset = match.index;
      const parts: SelectionSpec[] = [];
      let start = 0;
      const pieces = term.split(',');
      pieces.forEach((piece, index) => {
        // A trailing comma is blamed on the comma itself, not on the nothing after it.
        const at = piece === '' && index > 0 && index === pieces.length - 1 ? start - 1 : start;
        parts.push(criterionSpec(parseCriterion(piece, { source, text, offset: offset + at }, context)));
        start += piece.length + 1;
      });
      union.push(parts.length === 1 ? parts[0]! : { kind: 'intersection', members: parts, raw: term });
    }
  }
  if (union.length === 0) return undefined;
  return union.length === 1 ? union[0] : { kind: 'union', members: union };
}
