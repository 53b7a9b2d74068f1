import { closest } from 'fastest-levenshtein';
import type { SelectorMethod } from './selector-method.js';

const VALUES = ['any', 'none', 'passed', 'failed'] as const;

/**
 * `eval:any` nodes that eval files run, `eval:none` those none does, `eval:passed` / `eval:failed`
 * how their cases did in the latest evaluation that ran them (`ca eval -s eval:failed` runs again
 * what failed, as dbt's `result:fail`).
 */
export const evalMethod: SelectorMethod = {
  name: 'eval',
  summary: 'Nodes by their evals (evals/**/*.eval.yaml): any, none, or passed / failed in the latest ca eval that ran them.',
  takesArgs: false,
  validate(value) {
    if ((VALUES as readonly string[]).includes(value)) return undefined;
    return { message: `unknown eval value '${value}'`, hint: `did you mean '${closest(value, [...VALUES])}'? One of: ${VALUES.join(', ')}` };
  },
  select(value, _args, { evals, nodes }) {
    const standing = (name: string, localName?: string) => evals?.get(name) ?? (localName === undefined ? undefined : evals?.get(localName));
    return new Set(
      nodes
        .filter((node) => {
          const entry = standing(node.name, node.localName);
          if (value === 'any') return (entry?.files.length ?? 0) > 0;
          if (value === 'none') return (entry?.files.length ?? 0) === 0;
          return entry?.latest === value;
        })
        .map((node) => node.name),
    );
  },
};
