import type { JsonValue } from '../core/node.js';

/** `${NAME}`, or `${NAME:-fallback}` (the fallback when NAME is unset or empty, as in a shell): an environment variable in an mcp_server's definition. */
export const SERVER_VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** The variables a text refers to, in order, each with its fallback when it has one. */
export function variableReferences(text: string): { name: string; fallback?: string }[] {
  return [...text.matchAll(SERVER_VARIABLE)].map((match) => (match[2] === undefined ? { name: match[1]! } : { name: match[1]!, fallback: match[2] }));
}

/** The names of the environment variables an mcp_server's literal config refers to, sorted; values are never read. */
export function serverVariables(config: Readonly<Record<string, JsonValue>>): string[] {
  const names = new Set<string>();
  const visit = (value: JsonValue | undefined): void => {
    if (typeof value === 'string') for (const reference of variableReferences(value)) names.add(reference.name);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  for (const key of ['command', 'args', 'cwd', 'env', 'url', 'headers']) visit(config[key]);
  return [...names].sort();
}
