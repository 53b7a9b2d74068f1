import { docsUrl, type Rule } from '../rule.js';
import { caFieldFor, closestProperty, factoryName, factoryOf, howToWrite, SDK_PROPERTIES, type SdkFactory } from '../sdk-properties.js';

/**
 * ca's factories keep a property they do not know on the definition and never read it (they do not
 * refuse it), so `ca run` goes ahead without it: an agent's `handoffs` hand off to nobody. Hence a
 * warning, and a hint that names ca's field for the usual names from other frameworks. A spread
 * (`...base`) writes no key of its own, so it is not checked. Nodes of other frameworks have
 * fields of their own (`sdkOnly`).
 */
export const unknownPropertyRule: Rule = {
  meta: {
    id: 'unknown-property',
    defaultSeverity: 'warn',
    description: "A property the SDK's factory for that kind does not know: the runtime ignores it.",
    docsUrl: docsUrl('unknown-property'),
    sdkOnly: true,
    messages: {
      unknown: "{{kind}} {{name}} sets `{{property}}`, which ca's {{factory}}() does not know: the runtime ignores it",
    },
  },
  check(context) {
    for (const node of context.nodes) {
      const factory = factoryOf(node);
      const known = SDK_PROPERTIES[factory];
      const seen = new Set<string>();
      for (const property of node.properties) {
        if (property === '...' || known.includes(property) || seen.has(property)) continue;
        seen.add(property);
        const data = { kind: node.kind, name: node.name, property, factory: factoryName(factory) };
        context.report({ messageId: 'unknown', data, node, hint: hintFor(factory, property) });
      }
    }
  },
};

function hintFor(kind: SdkFactory, property: string): string {
  const notAField = `\`${property}\` is not a field of ca's ${factoryName(kind)}()`;
  if (property === 'kind') return `\`kind\` is set by ${factoryName(kind)}() itself; remove it.`;
  const field = caFieldFor(kind, property);
  if (field !== undefined) {
    const how = howToWrite(kind, field);
    return `${notAField}; use \`${field}\`${how ? ` (${how})` : ''}.`;
  }
  const guess = closestProperty(kind, property);
  if (guess !== undefined) return `${notAField}; did you mean \`${guess}\`?`;
  const fields = SDK_PROPERTIES[kind];
  return `${notAField}, which takes ${fields.slice(0, -1).join(', ')} and ${fields.at(-1)}. Keep your own metadata under meta.`;
}
