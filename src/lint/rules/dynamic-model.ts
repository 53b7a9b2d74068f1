import { frameworkTitle } from '../../core/frameworks.js';
import { docsUrl, type Rule } from '../rule.js';

/**
 * Other frameworks' agents and reasoners whose model is written but is not a literal ca can read
 * (`model: pickModel(env)`, a variable of another package): `config.model:` cannot select them,
 * state cannot tell a model change from any other, and a reviewer cannot see which model runs.
 * ca's own nodes are held to 'provider:model' literals by unknown-model-provider.
 */
export const dynamicModelRule: Rule = {
  meta: {
    id: 'dynamic-model',
    defaultSeverity: 'warn',
    description: "Another framework's agent whose model is an expression ca cannot read: selectors, state and reviewers cannot see which model runs.",
    docsUrl: docsUrl('dynamic-model'),
    messages: {
      dynamic: '{{kind}} {{name}} ({{framework}}) gives its model as an expression ca cannot read',
    },
  },
  check(context) {
    for (const node of context.nodes) {
      if (node.framework === undefined || (node.kind !== 'agent' && node.kind !== 'reasoner')) continue;
      if (!node.properties.includes('model') || node.config.model !== undefined) continue;
      context.report({
        messageId: 'dynamic',
        data: { kind: node.kind, name: node.name, framework: frameworkTitle(node.framework) },
        node,
        hint: "Write the model as a literal ('gpt-4.1', 'openai/gpt-4.1-mini', openai('gpt-4o')) or a const string, so `config.model:` and state can see it.",
      });
    }
  },
};
