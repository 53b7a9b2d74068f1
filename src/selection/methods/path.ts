import path from 'node:path';
import picomatch from 'picomatch';
import type { SelectorMethod } from './selector-method.js';

/** `./src/refunds/` → `src/refunds`; the project root is ''. */
function normalise(value: string): string {
  const posix = path.posix.normalize(value.replace(/\\/g, '/')).replace(/\/+$/, '');
  return posix === '.' ? '' : posix.replace(/^\.\//, '');
}

export const pathMethod: SelectorMethod = {
  name: 'path',
  summary: 'Nodes defined in a file or under a folder (relative to the project; globs allowed).',
  takesArgs: false,
  validate(value) {
    return path.isAbsolute(value) ? { message: `path '${value}' is absolute`, hint: 'Paths are relative to the project folder, like src/refunds.' } : undefined;
  },
  select(value, _args, { nodes }) {
    const wanted = normalise(value);
    const glob = /[*?[\]]/.test(wanted) ? picomatch(wanted, { dot: true }) : undefined;
    const matches = (file: string) =>
      glob ? glob(file) : wanted === '' || file === wanted || file.startsWith(`${wanted}/`);
    return new Set(nodes.filter((node) => matches(node.file)).map((node) => node.name));
  },
};
