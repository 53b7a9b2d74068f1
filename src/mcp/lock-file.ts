import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { hashCanonical, sha256 } from '../core/hash.js';
import type { McpToolContract } from '../core/mcp-contract.js';
import type { JsonValue } from '../core/node.js';

/**
 * ca.mcp.lock (SPEC §12): the contract of every tool of the project's MCP servers, as `ca mcp
 * lock` found it when it started them. Static verbs read it instead of starting a server; a
 * tool's `hash` is part of its node's config fingerprint, so a changed contract is a change
 * (`state:modified`, drift in `ca status`); the runtime checks inputs against `inputSchema`.
 */
export const MCP_LOCK_FILE = 'ca.mcp.lock';
export const MCP_LOCK_VERSION = 1;

/** A tool's entry: its contract as the server listed it, and the hash of that. */
export type LockedTool = McpToolContract;

export interface LockedServer {
  /** Of the server's command, args, cwd, url, env and headers as the code said when it was locked: another value is a stale lock. */
  connection: string;
  /** What the server said it is when it was started. */
  server: { name: string; version: string };
  tools: Record<string, LockedTool>;
}

export interface McpLock {
  version: typeof MCP_LOCK_VERSION;
  /** By mcp_server node name. */
  servers: Record<string, LockedServer>;
}

/** The lock as read: absent, parsed, or a problem with its place. `text` is what was read, for cache keys. */
export type LockRead =
  | { kind: 'absent' }
  | { kind: 'ok'; lock: McpLock; text: string }
  | { kind: 'invalid'; text: string; message: string; line: number; column: number };

const json: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));
const jsonObject = z.record(z.string(), json);
const toolSchema = z.strictObject({
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: jsonObject,
  outputSchema: jsonObject.optional(),
  annotations: jsonObject.optional(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex'),
});
const lockSchema = z.strictObject({
  version: z.literal(MCP_LOCK_VERSION),
  servers: z.record(
    z.string().min(1),
    z.strictObject({
      connection: z.string(),
      server: z.strictObject({ name: z.string(), version: z.string() }),
      tools: z.record(z.string().min(1), toolSchema),
    }),
  ),
});

/** Reads `<root>/ca.mcp.lock`; never throws for what is in the file (a problem is `invalid`). */
export function readMcpLock(root: string): LockRead {
  const file = path.join(root, MCP_LOCK_FILE);
  if (!existsSync(file)) return { kind: 'absent' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { kind: 'invalid', text: '', message: `cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, line: 1, column: 1 };
  }
  return parseMcpLock(text);
}

/** The lock in `text` (from disk or a git commit). */
export function parseMcpLock(text: string): LockRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const { line, column } = at ? lineAndColumn(text, Number(at[1])) : { line: 1, column: 1 };
    return { kind: 'invalid', text, message: `it is not JSON (${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')})`, line, column };
  }
  const parsed = lockSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the top level';
    return { kind: 'invalid', text, message: `${where}: ${issue.message}`, line: 1, column: 1 };
  }
  return { kind: 'ok', lock: parsed.data as McpLock, text };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** The lock as written: keys sorted at every level, two-space indent, a final newline, so a re-lock of the same contracts changes no byte. */
export function serializeMcpLock(lock: McpLock): string {
  return `${JSON.stringify(sortKeys(lock), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** The properties of an mcp_server that say which server it is and how it is reached. */
export const CONNECTION_KEYS = ['command', 'args', 'cwd', 'env', 'url', 'headers'] as const;

/** The hash of a server's connection as the code gives it (its node's literal config). */
export function connectionHash(config: Readonly<Record<string, JsonValue>>): string {
  return hashCanonical(Object.fromEntries(CONNECTION_KEYS.map((key) => [key, config[key] ?? null])));
}

/** The hash of one tool's contract as a server reported it, with the server's name and version. */
export function toolHash(name: string, tool: Omit<LockedTool, 'hash'>, server: { name: string; version: string }): string {
  return hashCanonical({ name, tool, server });
}

/** The hash of the whole lock text, for cache keys ('' when there is none). */
export function lockTextHash(read: LockRead): string {
  return read.kind === 'absent' ? '' : sha256(read.text);
}
