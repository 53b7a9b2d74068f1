import { closest } from 'fastest-levenshtein';
import { FRAMEWORK_NAMES } from '../../core/node.js';
import type { SelectorMethod } from './selector-method.js';

/** `framework:openai`, `framework:mastra`, …; `framework:ca` is every node written with ca's own SDK. */
export const frameworkMethod: SelectorMethod = {
  name: 'framework',
  summary: `Nodes written with one framework: ${FRAMEWORK_NAMES.join(', ')} (ca's own SDK).`,
  takesArgs: false,
  validate(value) {
    if ((FRAMEWORK_NAMES as readonly string[]).includes(value)) return undefined;
    return { message: `unknown framework '${value}'`, hint: `did you mean '${closest(value, [...FRAMEWORK_NAMES])}'? Frameworks: ${FRAMEWORK_NAMES.join(', ')}` };
  },
  select(value, _args, { nodes }) {
    return new Set(nodes.filter((node) => (node.framework ?? 'ca') === value).map((node) => node.name));
  },
};
