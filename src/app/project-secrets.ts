import { credentialValues } from '../config/credential-values.js';
import type { ProjectConfig } from '../config/project-config.js';
import { createSecretScrubber, type SecretScrubber } from '../core/secret-scrubber.js';
import type { CaNode } from '../core/node.js';
import { variableReferences } from '../mcp/server-variables.js';

/** The scrubber of the project this process last opened for a run or a deploy: error lines use it too. */
let current: SecretScrubber | undefined;

/**
 * The one SecretScrubber of a verb that runs project code or deploys: what ca.yaml names as
 * credentials, the variables MCP servers' `headers` name (`Bearer ${WEATHER_TOKEN}`), and key-like variables.
 */
export function projectSecrets(config: Pick<ProjectConfig, 'providers' | 'envs'>, env: NodeJS.ProcessEnv, nodes: readonly CaNode[] = []): SecretScrubber {
  current = createSecretScrubber(credentialValues(config, env, mcpHeaderVariables(nodes)));
  return current;
}

function mcpHeaderVariables(nodes: readonly CaNode[]): string[] {
  const names: string[] = [];
  for (const node of nodes) {
    const headers = node.kind === 'mcp_server' ? node.config['headers'] : undefined;
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) continue;
    for (const value of Object.values(headers)) if (typeof value === 'string') names.push(...variableReferences(value).map((reference) => reference.name));
  }
  return names;
}

/**
 * An error line as it may be shown: without the secrets of the project in use, or, before any
 * project was opened, without the environment's key-like values.
 */
export function scrubErrorLine(text: string): string {
  return (current ?? createSecretScrubber(credentialValues(undefined, process.env))).text(text);
}
