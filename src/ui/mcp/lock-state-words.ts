import type { McpLockState } from '../../core/node.js';

/** Where an MCP tool's (or server's) contract stands in ca.mcp.lock, in words. */
export const LOCK_STATE_WORDS: Readonly<Record<McpLockState, string>> = {
  locked: 'locked',
  missing: 'not in ca.mcp.lock',
  stale: 'stale: the server changed since it was locked',
  'no-lock': 'no ca.mcp.lock',
  unreadable: 'ca.mcp.lock does not parse',
};
