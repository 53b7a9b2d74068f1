import type { NodePackage } from './node.js';

export interface PackageGroup<T> {
  /** Absent for the items that have no package. */
  package?: NodePackage;
  items: T[];
}

/**
 * Items grouped by their package's name, in name order, the items without a package last; each
 * group keeps the items' order. Outputs group by package only when there is more than one group.
 */
export function groupByPackage<T extends { package?: NodePackage }>(items: readonly T[]): PackageGroup<T>[] {
  const groups = new Map<string | undefined, PackageGroup<T>>();
  for (const item of items) {
    const key = item.package?.name;
    let group = groups.get(key);
    if (!group) {
      group = item.package ? { package: item.package, items: [] } : { items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()].sort((a, b) => {
    if (!a.package || !b.package) return a.package ? -1 : b.package ? 1 : 0;
    return a.package.name < b.package.name ? -1 : a.package.name > b.package.name ? 1 : 0;
  });
}

/** Whether the items come from more than one package (those without one count as one more). */
export function spansPackages(items: readonly { package?: NodePackage }[]): boolean {
  return groupByPackage(items).length > 1;
}
