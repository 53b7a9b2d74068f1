import { globMatcher } from './glob.js';
import type { SelectorMethod } from './selector-method.js';

/** `package:@acme/tools`, `package:tools`, `package:@acme/*`: the nodes defined in a workspace package (or a registry dependency). */
export const packageMethod: SelectorMethod = {
  name: 'package',
  summary: 'Nodes of a workspace package or registry dependency, by package name with globs (`@acme/*`); the name without its npm scope works too.',
  takesArgs: false,
  scopedValues: true,
  select(value, _args, { nodes }) {
    const matches = globMatcher(value);
    return new Set(
      nodes
        .filter((node) => node.package !== undefined && (matches(node.package.name) || matches(node.package.name.replace(/^@[^/]+\//, ''))))
        .map((node) => node.name),
    );
  },
};
