import { ambiguousName, nodesCarrying } from '../../core/qualified-name.js';
import { globMatcher, isGlob } from './glob.js';
import type { SelectorMethod } from './selector-method.js';

export const nameMethod: SelectorMethod = {
  name: 'name',
  summary: 'Node name, with fnmatch globs (`refund_*`); a bare name finds a package-qualified id (`support/triage`) when one package defines it. The default method.',
  takesArgs: false,
  select(value, _args, { nodes }) {
    const matches = globMatcher(value);
    // A glob matches ids and the names qualified ids carry (`tri*` finds support/triage).
    if (isGlob(value)) return new Set(nodes.filter((node) => matches(node.name) || (node.localName !== undefined && matches(node.localName))).map((node) => node.name));
    const exact = nodes.filter((node) => node.name === value);
    if (exact.length > 0) return new Set(exact.map((node) => node.name));
    const carrying = nodesCarrying(nodes, value);
    if (carrying.length > 1) throw ambiguousName(value, carrying);
    return new Set(carrying.map((node) => node.name));
  },
};
