import { credentialValues } from '../config/credential-values.js';
import type { ProjectConfig } from '../config/project-config.js';
import { createSecretScrubber, type SecretScrubber } from '../core/secret-scrubber.js';

/** The scrubber of the project this process last opened for a run or a deploy: error lines use it too. */
let current: SecretScrubber | undefined;

/** The one SecretScrubber of a verb that runs project code or deploys: what ca.yaml names as credentials, and key-like variables. */
export function projectSecrets(config: Pick<ProjectConfig, 'providers' | 'envs'>, env: NodeJS.ProcessEnv): SecretScrubber {
  current = createSecretScrubber(credentialValues(config, env));
  return current;
}

/**
 * An error line as it may be shown: without the secrets of the project in use, or, before any
 * project was opened, without the environment's key-like values.
 */
export function scrubErrorLine(text: string): string {
  return (current ?? createSecretScrubber(credentialValues(undefined, process.env))).text(text);
}
