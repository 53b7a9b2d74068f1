import type { CaNode, NodeKind } from '../../core/node.js';
import { docsUrl, mayHaveProperty, type Rule } from '../rule.js';
import { caFieldFor, factoryName, factoryOf, howToWrite } from '../sdk-properties.js';

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
  command: "Add command: 'node' with args: ['server.mjs'] (a stdio server), or url: 'https://…/mcp' (a streamable HTTP server).",
  tool: "Add tool: 'get_forecast', the tool's name on the server (ca mcp lock lists what the server has).",
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
      missing: "{{kind}} {{name}} has no {{property}}, which ca's {{factory}}() requires: loading {{file}} fails at run time",
    },
  },
  check(context) {
    for (const node of context.nodes) {
      for (const property of missingProperties(node)) {
        context.report({ messageId: 'missing', data: { kind: node.kind, name: node.name, property, file: node.file, factory: factoryName(factoryOf(node)) }, node, hint: hintFor(node, property) });
      }
    }
  },
};

function missingProperties(node: CaNode): string[] {
  if (node.kind === 'session') {
    const turnForm = !mayHaveProperty(node, 'agent') && mayHaveProperty(node, 'turn');
    return turnForm && !mayHaveProperty(node, 'init') ? ['init'] : [];
  }
  // mcpTool() requires server and tool; an unresolved server is unresolved-use's to report.
  if (node.mcp) return ['tool'].filter((property) => !mayHaveProperty(node, property));
  if (node.kind === 'mcp_server') return mayHaveProperty(node, 'command') || mayHaveProperty(node, 'url') ? [] : ['command'];
  return (REQUIRED[node.kind] ?? []).filter((property) => !mayHaveProperty(node, property));
}

function hintFor(node: CaNode, property: string): string {
  // `execute` for `run`, say: the author wrote the field under another framework's name.
  const written = node.properties.find((key) => caFieldFor(factoryOf(node), key) === property);
  const how = howToWrite(factoryOf(node), property);
  if (written !== undefined) return `Rename \`${written}\` to \`${property}\`${how ? `: ${how}` : ''}; ca's ${node.kind}() does not read \`${written}\`.`;
  return ADD[property] ?? `Add ${how ?? property}.`;
}
