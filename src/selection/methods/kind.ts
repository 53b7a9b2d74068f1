import { closest } from 'fastest-levenshtein';
import { NODE_KINDS } from '../../core/node.js';
import type { SelectorMethod } from './selector-method.js';

export const kindMethod: SelectorMethod = {
  name: 'kind',
  summary: `Nodes of one kind: ${NODE_KINDS.slice(0, -1).join(', ')} or ${NODE_KINDS.at(-1)}.`,
  takesArgs: false,
  validate(value) {
    if ((NODE_KINDS as readonly string[]).includes(value)) return undefined;
    return { message: `unknown kind '${value}'`, hint: `did you mean '${closest(value, [...NODE_KINDS])}'? Kinds: ${NODE_KINDS.join(', ')}` };
  },
  select(value, _args, { nodes }) {
    return new Set(nodes.filter((node) => node.kind === value).map((node) => node.name));
  },
};
