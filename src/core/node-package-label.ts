import type { NodePackage } from './node.js';

/**
 * How output names a node's package: its name, and for a registry dependency its version and
 * where it comes from (`@acme/shared-tools@1.2.0 (registry)`), since those nodes are never deployed.
 */
export function packageLabel(pkg: NodePackage): string {
  if (!pkg.external) return pkg.name;
  return `${pkg.name}${pkg.version === undefined ? '' : `@${pkg.version}`} (registry)`;
}
