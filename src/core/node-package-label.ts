import type { NodePackage } from './node.js';

/**
 * How output names a node's package: its name, and for a registry dependency its version and
 * where it comes from (`@acme/shared-tools@1.2.0 (registry)`), since those nodes are never deployed.
 */
export function packageLabel(pkg: NodePackage): string {
  if (!pkg.external) return pkg.name;
  return `${pkg.name}${pkg.version === undefined ? '' : `@${pkg.version}`} (registry)`;
}

/** Where a node's package is: `@acme/support@0.3.0 (packages/support)`, a registry dependency's folder after `registry, `. */
export function packagePlace(pkg: NodePackage): string {
  const version = pkg.version === undefined ? '' : `@${pkg.version}`;
  return `${pkg.name}${version} (${pkg.external ? 'registry, ' : ''}${pkg.folder})`;
}
