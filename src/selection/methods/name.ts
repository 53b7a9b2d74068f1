import { globMatcher } from './glob.js';
import type { SelectorMethod } from './selector-method.js';

export const nameMethod: SelectorMethod = {
  name: 'name',
  summary: 'Node name, with fnmatch globs (`refund_*`). The default method.',
  takesArgs: false,
  select(value, _args, { nodes }) {
    const matches = globMatcher(value);
    return new Set(nodes.filter((node) => matches(node.name)).map((node) => node.name));
  },
};
