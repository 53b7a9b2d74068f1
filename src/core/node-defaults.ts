import type { CaNode, JsonValue, NodeKind } from './node.js';

/** What the runtime assumes for a property a definition leaves out (SPEC §1: a tool without effect writes). */
export const KIND_DEFAULTS: Partial<Record<NodeKind, Readonly<Record<string, JsonValue>>>> = {
  tool: { effect: 'write' },
};

/**
 * A node's config with the defaults filled in: what `config.<key>` selectors compare against.
 * Other frameworks' nodes have no ca runtime defaults: their config is what they write.
 */
export function effectiveConfig(node: Pick<CaNode, 'kind' | 'config' | 'framework'>): Record<string, JsonValue> {
  return node.framework ? { ...node.config } : { ...KIND_DEFAULTS[node.kind], ...node.config };
}
