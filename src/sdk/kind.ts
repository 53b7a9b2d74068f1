/** The kinds of definition, in the order ca lists them. Mirrors `NODE_KINDS` in core. */
export const KINDS = Object.freeze(['tool', 'reasoner', 'flow', 'agent', 'session', 'mcp_server'] as const);

export type Kind = (typeof KINDS)[number];
