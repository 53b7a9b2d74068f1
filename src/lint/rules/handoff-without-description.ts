import type { CaNode } from '../../core/node.js';
import { docsUrl, type Rule } from '../rule.js';

/**
 * An agent other agents hand off to, without a description of what it is for (OpenAI's
 * `handoffDescription`): the handing-off model sees only its name when deciding whether to hand
 * the conversation over.
 */
export const handoffWithoutDescriptionRule: Rule = {
  meta: {
    id: 'handoff-without-description',
    defaultSeverity: 'warn',
    description: 'An agent that others hand off to, without a handoff description: their models choose handoffs by it.',
    docsUrl: docsUrl('handoff-without-description'),
    messages: {
      missing: '{{name}} is a handoff of {{from}} but has no handoff description, so {{from}} cannot tell when to hand off to it',
    },
  },
  check(context) {
    const handedOffBy = new Map<string, string[]>();
    for (const name of context.graph.nodes()) {
      const node = context.graph.node(name) as CaNode;
      for (const target of node.handoffs ?? []) handedOffBy.set(target, [...(handedOffBy.get(target) ?? []), node.name]);
    }
    for (const node of context.nodes) {
      const from = handedOffBy.get(node.name);
      if (!from || (node.description !== undefined && node.description.trim() !== '')) continue;
      const property = node.framework === 'openai' ? 'handoffDescription' : 'description';
      context.report({
        messageId: 'missing',
        data: { name: node.name, from: from.sort().join(', ') },
        node,
        hint: `Add ${property}: one line on what ${node.name} handles, so the agents that hand off to it know when to.`,
      });
    }
  },
};
