import type { CaNode, NodeKind } from '../../core/node.js';
import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';
import { caFieldFor, howToWrite } from '../sdk-properties.js';

/** What each factory refuses to do without (src/sdk/*.ts), apart from what other rules report. */
const REQUIRED: Readonly<Partial<Record<NodeKind, readonly string[]>>> = {
  tool: ['run'],
  reasoner: ['model'],
  flow: ['run'],
  // An agent's instructions are required too: empty-instructions reports them missing.
  agent: ['model'],
};

const ADD: Readonly<Record<string, string>> = {
  model: "Add model: 'provider:model', e.g. 'openai:gpt-4o-mini'.",
  init: 'Add init: () => ({ … }), the state of a new session, or give agent: <an agent> instead of init and turn.',
};

/**
 * The factories throw when a required property is absent, and they run when the module is
 * imported: the definition lints, then `ca run` (of it, or of anything in its file) fails to load.
 * A session with neither agent nor turn is session-without-agent's; one with turn and no init is
 * this rule's. Silent when a spread may hold the property; other frameworks' nodes are not its
 * business (`sdkOnly`).
 */
export const missingPropertyRule: Rule = {
  meta: {
    id: 'missing-property',
    defaultSeverity: 'error',
    description: "A definition without a property its factory requires (a tool's or flow's run, a model, a session's init): the runtime refuses it.",
    docsUrl: docsUrl('missing-property'),
    sdkOnly: true,
    messages: {
      missing: "{{kind}} {{name}} has no {{property}}, which ca's {{kind}}() requires: loading {{file}} fails at run time",
    },
  },
  check(context) {
    for (const node of context.nodes) {
      for (const property of missingProperties(node)) {
        context.report({ messageId: 'missing', data: { kind: node.kind, name: node.name, property, file: node.file }, node, hint: hintFor(node, property) });
      }
    }
  },
};

function missingProperties(node: CaNode): string[] {
  if (node.kind === 'session') {
    const turnForm = !mayHaveProperty(node, 'agent') && mayHaveProperty(node, 'turn');
    return turnForm && !mayHaveProperty(node, 'init') ? ['init'] : [];
  }
  return (REQUIRED[node.kind] ?? []).filter((property) => !mayHaveProperty(node, property));
}

function hintFor(node: CaNode, property: string): string {
  // `execute` for `run`, say: the author wrote the field under another framework's name.
  const written = node.properties.find((key) => caFieldFor(node.kind, key) === property);
  const how = howToWrite(node.kind, property);
  if (written !== undefined) return `Rename \`${written}\` to \`${property}\`${how ? `: ${how}` : ''}; ca's ${node.kind}() does not read \`${written}\`.`;
  return ADD[property] ?? `Add ${how ?? property}.`;
}
