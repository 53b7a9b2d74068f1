import type { CaNode, NodeCall } from '../../core/node.js';
import { docsUrl, type Rule } from '../rule.js';

/** The context methods that run another definition, and so need it granted in `uses`. */
const GRANTED_METHODS = new Set(['call', 'think']);

/**
 * `uses` is the run-time grant: the runtime denies `ctx.call` / `ctx.think` on anything else.
 * A call whose target discovery resolved is checked against `uses`; a call on a reference that
 * resolves to no definition (a parameter, a local variable, an alias) cannot be checked, and
 * is reported as such rather than guessed at. Calls on something that is not a reference at all
 * (`ctx.call(pick())`) carry no text and are left to the type checker.
 */
export const undeclaredUseRule: Rule = {
  meta: {
    id: 'undeclared-use',
    defaultSeverity: 'error',
    description: 'A body calls ctx.call or ctx.think on something not in its uses: the runtime will deny it.',
    docsUrl: docsUrl('undeclared-use'),
    sdkOnly: true,
    messages: {
      undeclared: '{{kind}} {{caller}} calls {{callee}} with ctx.{{method}}, but {{callee}} is not in its uses: the runtime will deny the call',
      toolCall: 'tool {{caller}} calls {{callee}} with ctx.{{method}}, but tools can call no other definition: the runtime will deny the call',
      unknownTarget: '{{kind}} {{caller}} calls ctx.{{method}}({{text}}), and {{text}} is not a definition ca can resolve, so ca cannot check that it is granted in uses',
    },
  },
  check(context) {
    for (const node of context.nodes) {
      for (const call of node.calls) {
        if (!GRANTED_METHODS.has(call.method)) continue;
        const at = { file: node.file, line: call.line, column: call.column };
        if (call.target !== undefined) {
          if (node.uses.includes(call.target)) continue;
          const reference = call.targetText ?? call.target;
          const data = { kind: node.kind, caller: node.name, callee: call.target, method: call.method };
          if (node.kind === 'tool') {
            context.report({ messageId: 'toolCall', data, node, at, hint: `Move this call into a flow that lists ${reference} in its uses, and have the flow call ${node.name}.` });
          } else {
            context.report({ messageId: 'undeclared', data, node, at, hint: `Add ${reference} to the uses of ${node.name}.` });
          }
        } else if (call.targetText !== undefined) {
          context.report({
            messageId: 'unknownTarget',
            data: { kind: node.kind, caller: node.name, method: call.method, text: call.targetText },
            node,
            at,
            hint: unknownHint(node, call),
          });
        }
      }
    }
  },
};

function unknownHint(node: CaNode, call: NodeCall): string {
  const granted = node.uses.length > 0 ? ` (${node.name} uses ${node.uses.join(', ')})` : '';
  return `Pass the definition itself, imported by name, as the first argument of ctx.${call.method}, so ca can check it against uses${granted}.`;
}
