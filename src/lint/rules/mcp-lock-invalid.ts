import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostic 'mcp-lock-invalid', as a lint finding. */
export const mcpLockInvalidRule = diagnosticRule(
  'mcp-lock-invalid',
  ['mcp-lock-invalid'],
  'error',
  'A ca.mcp.lock that does not parse: no MCP tool counts as locked, and ca run refuses them all.',
);
