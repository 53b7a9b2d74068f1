import { closest } from 'fastest-levenshtein';
import { UserError } from '../../core/errors.js';
import { STATE_PARTS, type StatePart } from '../../core/state-diff.js';
import type { SelectorMethod } from './selector-method.js';

export const STATE_VALUES = ['new', 'old', 'modified', 'unmodified', ...STATE_PARTS.map((part) => `modified.${part}`)];

export const stateMethod: SelectorMethod = {
  name: 'state',
  summary: 'Nodes compared with the --state baseline: new, old, modified[.body|.config|.code], unmodified.',
  takesArgs: false,
  validate(value) {
    if (STATE_VALUES.includes(value)) return undefined;
    return { message: `unknown state '${value}'`, hint: `did you mean '${closest(value, STATE_VALUES)}'? One of: ${STATE_VALUES.join(', ')}` };
  },
  select(value, _args, { state }) {
    // The app loads the baseline before evaluating any selection that uses state:.
    if (!state) throw new UserError('state-without-baseline', 'state: needs a baseline to compare with', { hint: 'Pass --state git:origin/main (or a manifest), or set state: in ca.yaml.' });
    const modified = (parts: readonly StatePart[]) => new Set([...state.new, ...parts.flatMap((part) => state.modified[part])]);
    switch (value) {
      case 'new':
        return new Set(state.new);
      case 'old':
        return new Set(state.old);
      case 'modified':
        return modified(STATE_PARTS);
      case 'unmodified': {
        const changed = modified(STATE_PARTS);
        return new Set(state.old.filter((name) => !changed.has(name)));
      }
      default:
        return modified([value.slice('modified.'.length) as StatePart]);
    }
  },
};
