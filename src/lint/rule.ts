import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { CaNode } from '../core/node.js';
import type { CaGraph } from '../graph/build-graph.js';

/** Where rule documentation lives; each rule's page is `docs/rules/<id>.md` in the repository. */
export const RULES_DOCS_BASE = 'https://github.com/composable-agents/composable-agents/blob/main/docs/rules/';

export interface RuleMeta {
  /** kebab-case, unique: what ca.yaml and disable comments name. */
  id: string;
  defaultSeverity: Severity;
  /** One line: what the rule checks and why it matters. */
  description: string;
  docsUrl: string;
  /** Message templates by id; `{{name}}` placeholders are filled from the report's data. */
  messages: Record<string, string>;
  /**
   * The rule checks what ca's runtime does (effects, budgets, ctx calls, provider prefixes): it sees
   * only nodes written with ca's SDK, never another framework's.
   */
  sdkOnly?: true;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  /** The node the finding is about: its location is used unless `at` is given. */
  node?: CaNode;
  /** A more precise place (a `ctx.call` line, a `uses` entry). */
  at?: { file: string; line: number; column: number };
  hint?: string;
  /**
   * Values the finding is about that no output may show (a secret written in code): the message
   * and hint never hold them, and source excerpts have them blanked out.
   */
  redact?: readonly string[];
}

/**
 * What a rule sees: plain data from discovery and the graph, never files or code to run.
 * `nodes` are the selected nodes; `graph` holds every node, for reachability across the selection.
 */
export interface RuleContext {
  nodes: readonly CaNode[];
  graph: CaGraph;
  node(name: string): CaNode | undefined;
  /** Discovery's diagnostics that concern the selection (and every file-level one). */
  diagnostics: readonly Diagnostic[];
  /** Model providers ca can serve (`openai`, `anthropic`, …). */
  providers: readonly string[];
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export function docsUrl(id: string): string {
  return `${RULES_DOCS_BASE}${id}.md`;
}

/**
 * Whether a definition may set a property: written out, or possibly inside a spread (`...base`),
 * which ca cannot see into. Rules about missing properties stay silent on "may".
 */
export function mayHaveProperty(node: { properties: readonly string[] }, property: string): boolean {
  return node.properties.includes(property) || node.properties.includes('...');
}
