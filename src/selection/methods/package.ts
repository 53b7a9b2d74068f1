import type { NodePackage } from '../../core/node.js';
import { globMatcher } from './glob.js';
import type { SelectorMethod } from './selector-method.js';

/** `package:@acme/tools`, `package:tools`, `package:@acme/*`: the nodes defined in a workspace package (or a registry dependency). */
/** What a package answers to: its name, its name without the npm scope, and for one without a name (named by its folder) the folder's last part. */
function packageNames(pkg: NodePackage): string[] {
  const unscoped = pkg.name.replace(/^@[^/]+\//, '');
  return pkg.name === pkg.folder ? [pkg.name, pkg.folder.slice(pkg.folder.lastIndexOf('/') + 1)] : [pkg.name, unscoped];
}

export const packageMethod: SelectorMethod = {
  name: 'package',
  summary: 'Nodes of a workspace package or registry dependency, by package name with globs (`@acme/*`); the name without its npm scope works too.',
  takesArgs: false,
  scopedValues: true,
  select(value, _args, { nodes }) {
    const matches = globMatcher(value);
    return new Set(
      nodes
        .filter((node) => node.package !== undefined && packageNames(node.package).some((name) => matches(name)))
        .map((node) => node.name),
    );
  },
};
