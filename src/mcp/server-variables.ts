import type { JsonValue } from '../core/node.js';

/** `${NAME}`, or `${NAME:-fallback}`: an environment variable in an mcp_server's definition. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g;

/** The names of the environment variables an mcp_server's literal config refers to, sorted; values are never read. */
export function serverVariables(config: Readonly<Record<string, JsonValue>>): string[] {
  const names = new Set<string>();
  const visit = (value: JsonValue | undefined): void => {
    if (typeof value === 'string') for (const match of value.matchAll(VARIABLE)) names.add(match[1]!);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  for (const key of ['command', 'args', 'cwd', 'env', 'url', 'headers']) visit(config[key]);
  return [...names].sort();
}
