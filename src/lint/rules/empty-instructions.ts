import type { CaNode } from '../../core/node.js';
import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';

/**
 * The prompt is most of an agent's behaviour. Only literal prompts can be seen to be empty: one
 * given by an expression (an imported constant, a template with substitutions, a function) is
 * present in `properties` but not in `prompts`, and counts as written.
 */
export const emptyInstructionsRule: Rule = {
  meta: {
    id: 'empty-instructions',
    defaultSeverity: 'error',
    description: 'An agent or reasoner whose instructions or system prompt is empty.',
    docsUrl: docsUrl('empty-instructions'),
    messages: {
      missing: 'agent {{name}} has no instructions: the model gets no system prompt',
      empty: '{{kind}} {{name}} has an empty {{property}} prompt',
    },
  },
  check(context) {
    const isBlank = (node: CaNode, property: string): boolean => {
      const prompt = node.prompts[property];
      return prompt !== undefined && prompt.trim() === '';
    };
    for (const node of context.nodes) {
      if (node.kind === 'agent') {
        // Other frameworks may give an agent its prompt elsewhere (a generateText call's system, a prompt id).
        if (!mayHaveProperty(node, 'instructions')) {
          if (node.framework !== undefined) continue;
          context.report({ messageId: 'missing', data: { name: node.name }, node, hint: "Add instructions: what the agent is for, what it may do, and when to stop or hand off." });
        } else if (isBlank(node, 'instructions')) {
          context.report({ messageId: 'empty', data: { kind: node.kind, name: node.name, property: 'instructions' }, node, hint: 'Write the instructions: what the agent is for, what it may do, and when to stop or hand off.' });
        }
      } else if (node.kind === 'reasoner' && isBlank(node, 'system')) {
        context.report({ messageId: 'empty', data: { kind: node.kind, name: node.name, property: 'system' }, node, hint: 'Write the system prompt, or remove the system property: a reasoner without one is fine.' });
      }
    }
  },
};
