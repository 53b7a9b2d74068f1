import { globMatcher } from './glob.js';
import type { SelectorMethod } from './selector-method.js';

export const tagMethod: SelectorMethod = {
  name: 'tag',
  summary: 'Nodes carrying a tag (globs allowed: `tag:tier*`).',
  takesArgs: false,
  select(value, _args, { nodes }) {
    const matches = globMatcher(value);
    return new Set(nodes.filter((node) => node.tags.some((tag) => matches(tag))).map((node) => node.name));
  },
};
