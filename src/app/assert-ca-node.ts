import { UserError } from '../core/errors.js';
import { FRAMEWORK_INFO } from '../core/frameworks.js';
import type { CaNode } from '../core/node.js';

/**
 * `ca run`, `chat` and `test` execute ca's own SDK; another framework's node is a usage error that
 * says what runs it and that every static verb works on it.
 */
export function assertCaNode(node: CaNode, verb: string): void {
  if (node.framework === undefined) return;
  const { title, runner } = FRAMEWORK_INFO[node.framework];
  throw new UserError('foreign-node', `${node.name} is ${article(node.kind)} ${node.kind} of ${title}: ca ${verb} runs only definitions written with ca's SDK; run it with ${runner}`, {
    hint: `ls, show, graph, lint, manifest, deploy and status all work on it; docs/frameworks.md shows how to move it to ca's SDK`,
  });
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
