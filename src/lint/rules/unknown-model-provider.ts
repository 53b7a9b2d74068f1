import { docsUrl, type Rule } from '../rule.js';

/**
 * The provider is everything before the first ':' (`ollama:llama3.1:8b` is `ollama`), as the
 * SDK's `provider:model` check reads it. A model written as an expression ca cannot read is not
 * in `config`, so it is skipped rather than guessed at. `context.providers` holds ca's own providers
 * and those declared under `providers:` in ca.yaml.
 */
export const unknownModelProviderRule: Rule = {
  meta: {
    id: 'unknown-model-provider',
    defaultSeverity: 'error',
    description: 'A model whose provider: prefix no provider of ca serves.',
    docsUrl: docsUrl('unknown-model-provider'),
    sdkOnly: true,
    messages: {
      unknownProvider: "{{kind}} {{name}} uses model '{{model}}', but ca has no provider '{{provider}}'",
      noProvider: "{{kind}} {{name}} uses model '{{model}}', which names no provider: write it as 'provider:model'",
      notAString: "{{kind}} {{name}} gives model as {{value}}, not a 'provider:model' string",
    },
  },
  check(context) {
    const served = `ca serves: ${context.providers.join(', ')}.`;
    for (const node of context.nodes) {
      if (node.kind !== 'reasoner' && node.kind !== 'agent') continue;
      const model = node.config['model'];
      if (model === undefined) continue;
      const data = { kind: node.kind, name: node.name };
      if (typeof model !== 'string') {
        context.report({ messageId: 'notAString', data: { ...data, value: JSON.stringify(model) }, node, hint: `Write the model as 'provider:model', e.g. 'openai:gpt-4o-mini'; ${served}` });
        continue;
      }
      const colon = model.indexOf(':');
      const provider = colon > 0 ? model.slice(0, colon) : '';
      if (provider === '') {
        context.report({ messageId: 'noProvider', data: { ...data, model }, node, hint: `Prefix the model with its provider, e.g. 'openai:gpt-4o-mini' or 'ollama:llama3.1'; ${served}` });
        continue;
      }
      if (context.providers.includes(provider)) continue;
      const guess = context.providers.find((known) => known === provider.toLowerCase());
      const hint = guess
        ? `Provider ids are lower case: '${guess}:${model.slice(colon + 1)}'. ${served}`
        : `${served} A server of your own (OpenAI-compatible) can be declared under \`providers:\` in ca.yaml.`;
      context.report({ messageId: 'unknownProvider', data: { ...data, model, provider }, node, hint });
    }
  },
};
