import { docsUrl, type Rule } from '../rule.js';

/**
 * Only flows: their body is the whole story of what they call. An agent's model picks from its
 * uses at run time, and a session with an agent uses it without a call. A flow that calls
 * something ca cannot resolve (`ctx.call(next, …)` on a variable) may be calling any entry, so
 * it is left alone: undeclared-use reports such calls.
 */
export const unusedUseRule: Rule = {
  meta: {
    id: 'unused-use',
    defaultSeverity: 'warn',
    description: 'A uses entry that the flow body never calls: a capability granted for nothing.',
    docsUrl: docsUrl('unused-use'),
    sdkOnly: true,
    messages: {
      unused: 'flow {{flow}} lists {{use}} in uses but never calls it',
    },
  },
  check(context) {
    for (const node of context.nodes) {
      if (node.kind !== 'flow') continue;
      const calls = node.calls.filter((call) => call.method === 'call' || call.method === 'think');
      if (calls.some((call) => call.target === undefined && call.targetText !== undefined)) continue;
      const called = new Set(calls.map((call) => call.target));
      for (const use of node.uses) {
        if (called.has(use)) continue;
        const how = context.node(use)?.kind === 'reasoner' ? 'ctx.think' : 'ctx.call';
        context.report({
          messageId: 'unused',
          data: { flow: node.name, use },
          node,
          hint: `Remove ${use} from the uses of ${node.name}, or call it with ${how}: every entry is a capability the flow holds at run time and an edge in the graph.`,
        });
      }
    }
  },
};
