import type { ProjectConfig } from './project-config.js';
import { otelHeaderValues, telemetryHeaderVariables } from './telemetry-settings.js';

/** Environment variables whose names say they hold a secret. */
const SECRET_ENV_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;
/** The keys and addresses of the providers ca serves itself (core/model-providers.ts). */
const PROVIDER_CREDENTIALS = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_COMPATIBLE_API_KEY'];
/** Shorter values would blank ordinary words; a configured credential is trusted down to this. */
const MIN_NAMED_LENGTH = 4;
const MIN_GUESSED_LENGTH = 8;

/**
 * Every secret value ca must never write: the values of the variables ca.yaml names as
 * credentials (a provider's `apiKeyEnv`, an http target's `tokenEnv`, a `${NAME}` in telemetry headers),
 * the header values of OTEL_EXPORTER_OTLP_(TRACES_)HEADERS, the provider key variables
 * ca reads itself, and any variable whose name ends like a key (`…_KEY`, `…_TOKEN`, `…_SECRET`,
 * `…_PASSWORD`). The list feeds the one SecretScrubber of a process (core/secret-scrubber.ts).
 */
export function credentialValues(config: Pick<ProjectConfig, 'providers' | 'envs'> & Partial<Pick<ProjectConfig, 'telemetry'>> | undefined, env: NodeJS.ProcessEnv, alsoNamed: readonly string[] = []): string[] {
  // The variables ca.yaml's telemetry headers name (`Bearer ${OTLP_TOKEN}`) hold credentials too.
  const named = new Set<string>([...PROVIDER_CREDENTIALS, ...alsoNamed, ...telemetryHeaderVariables(config?.telemetry)]);
  for (const provider of Object.values(config?.providers ?? {})) if (provider.apiKeyEnv) named.add(provider.apiKeyEnv);
  for (const target of Object.values(config?.envs ?? {})) {
    if (target.target.type === 'http' && target.target.tokenEnv) named.add(target.target.tokenEnv);
  }
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (named.has(name) ? trimmed.length >= MIN_NAMED_LENGTH : SECRET_ENV_NAME.test(name) && trimmed.length >= MIN_GUESSED_LENGTH) {
      values.add(value);
      if (trimmed !== value) values.add(trimmed);
    }
  }
  // OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=KEY: the variable's name does not say so, its values are keys.
  for (const value of otelHeaderValues(env)) if (value.trim().length >= MIN_NAMED_LENGTH) values.add(value);
  return [...values];
}
