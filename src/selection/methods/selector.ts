import { closest } from 'fastest-levenshtein';
import type { SelectorMethod } from './selector-method.js';

export const selectorMethod: SelectorMethod = {
  name: 'selector',
  summary: 'The nodes a named selector of ca.yaml selects.',
  takesArgs: false,
  validate(value, _args, { selectorNames }) {
    if (selectorNames.has(value)) return undefined;
    const names = [...selectorNames];
    return {
      message: `unknown selector '${value}'`,
      hint: names.length ? `did you mean '${closest(value, names)}'? Selectors in ca.yaml: ${names.join(', ')}` : 'ca.yaml defines no selectors.',
    };
  },
  select(value, _args, context) {
    return context.evaluate(context.selectors.get(value)!);
  },
};
