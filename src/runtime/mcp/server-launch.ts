import path from 'node:path';
import type { McpServerDefinition } from '../../sdk/definition.js';
import { SERVER_VARIABLE, variableReferences } from '../../mcp/server-variables.js';
import { RunError } from '../run-errors.js';
import { serverLabel } from './mcp-tool.js';

/** How to reach a server, with every `${NAME}` replaced by the environment's value. */
export type ServerLaunch =
  | { transport: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd: string }
  | { transport: 'http'; url: URL; headers: Record<string, string> };


/** The environment variables a server's definition needs (`${NAME}` without a fallback) that `env` does not set. */
export function missingVariables(server: Pick<McpServerDefinition, 'command' | 'args' | 'env' | 'cwd' | 'url' | 'headers'>, env: NodeJS.ProcessEnv): string[] {
  const texts = [server.command, ...(server.args ?? []), server.cwd, server.url, ...Object.values(server.env ?? {}), ...Object.values(server.headers ?? {})];
  const names = new Set<string>();
  for (const text of texts) {
    for (const reference of variableReferences(typeof text === 'string' ? text : '')) if (reference.fallback === undefined && env[reference.name] === undefined) names.add(reference.name);
  }
  return [...names].sort();
}

/**
 * A stdio server runs in the project folder (or its `cwd`, from there), so a relative path in
 * `args` is from the project; a `command` with a slash in it is a path from there too. An HTTP
 * server's URL must be http(s). A variable that is not set fails before anything starts.
 */
export function serverLaunch(server: McpServerDefinition, root: string, env: NodeJS.ProcessEnv): ServerLaunch {
  const expand = (text: string, where: string): string =>
    text.replace(SERVER_VARIABLE, (_whole, name: string, fallback: string | undefined) => {
      const value = env[name];
      if (fallback !== undefined && (value === undefined || value === '')) return fallback;
      if (value === undefined) {
        throw new RunError('missing-env', `${serverLabel(server)} needs the environment variable ${name} (its ${where} names it), which is not set`, {
          hint: `set ${name} where ca runs, or write \${${name}:-fallback} for a default`,
        });
      }
      return value;
    });
  const record = (values: Readonly<Record<string, string>> | undefined, field: string): Record<string, string> =>
    Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, expand(value, `${field}.${key}`)]));
  if (server.url !== undefined) {
    const text = expand(server.url, 'url');
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new RunError('mcp-config', `${serverLabel(server)} has a url that is not a URL: ${server.url}`, { hint: "write url: 'https://host/mcp'" });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RunError('mcp-config', `${serverLabel(server)} has a ${url.protocol} url; MCP over HTTP needs http: or https:`, { hint: "write url: 'https://host/mcp'" });
    }
    return { transport: 'http', url, headers: record(server.headers, 'headers') };
  }
  if (server.command === undefined) {
    throw new RunError('mcp-config', `${serverLabel(server)} has neither command nor url`, { hint: "give it command: 'node', args: ['server.mjs'], or url: 'https://…/mcp'" });
  }
  const cwd = path.resolve(root, expand(server.cwd ?? '.', 'cwd'));
  const command = expand(server.command, 'command');
  return {
    transport: 'stdio',
    command: command.includes('/') && !path.isAbsolute(command) ? path.resolve(root, command) : command,
    args: (server.args ?? []).map((arg, index) => expand(arg, `args[${index}]`)),
    env: record(server.env, 'env'),
    cwd,
  };
}
