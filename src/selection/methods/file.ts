import path from 'node:path';
import { globMatcher } from './glob.js';
import type { SelectorMethod } from './selector-method.js';

export const fileMethod: SelectorMethod = {
  name: 'file',
  summary: 'Nodes defined in files with this name or stem (`file:triage.ts`, `file:triage`; globs allowed).',
  takesArgs: false,
  select(value, _args, { nodes }) {
    const matches = globMatcher(value);
    return new Set(
      nodes
        .filter((node) => {
          const base = path.posix.basename(node.file);
          return matches(base) || matches(base.slice(0, base.length - path.posix.extname(base).length));
        })
        .map((node) => node.name),
    );
  },
};
