import type { JsonValue } from './node.js';

/** One MCP tool's contract as `ca mcp lock` recorded it in ca.mcp.lock (what the server listed). */
export interface McpToolContract {
  title?: string;
  description?: string;
  inputSchema: Record<string, JsonValue>;
  outputSchema?: Record<string, JsonValue>;
  /** The server's hints (readOnlyHint, destructiveHint…): shown, never trusted for `effect`. */
  annotations?: Record<string, JsonValue>;
  /** Of the tool's contract and the server's name and version: what the tool node's config fingerprint carries. */
  hash: string;
}
