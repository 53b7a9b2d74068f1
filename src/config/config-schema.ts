import { z } from 'zod';
import { MODEL_PROVIDERS } from '../core/model-providers.js';
import { variableReferences } from '../mcp/server-variables.js';

const dirTarget = z.strictObject({
  type: z.literal('dir'),
  /** Folder the artifacts are written to, relative to the project. */
  path: z.string().min(1),
});
const commandTarget = z.strictObject({
  type: z.literal('command'),
  /** A shell command line; {artifact}, {node} and {env} are substituted. */
  run: z.string().min(1),
});
const httpTarget = z.strictObject({
  type: z.literal('http'),
  url: z.url(),
  /** Name of the environment variable holding the bearer token (never the token itself). */
  tokenEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
});

/** SPEC §14: a deploy records a release that `ca worker --env E` serves from this queue; nothing is published. */
const workerTarget = z.strictObject({
  type: z.literal('worker'),
  /** The queue of the run store's PostgreSQL database that this env's runs go to. */
  queue: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'queue names are letters, digits, _, . and -, starting with a letter or digit'),
});

export const envSchema = z.strictObject({
  target: z.discriminatedUnion('type', [dirTarget, commandTarget, httpTarget, workerTarget]),
  requireClean: z.boolean().optional(),
  /** Ask for confirmation on a TTY before deploying (prod-like envs). */
  protected: z.boolean().optional(),
  description: z.string().optional(),
});

const severity = z.enum(['off', 'info', 'warn', 'error']);

export const lintSchema = z.strictObject({
  failSeverity: z.enum(['info', 'warn', 'error']).optional(),
  rules: z.record(z.string(), severity).optional(),
});

export const selectorSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  default: z.boolean().optional(),
  /** dbt's YAML selector forms; validated by the selection parser, which knows the grammar. */
  definition: z.unknown(),
});

const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

/** A model server of your own, used as `<name>:<model>` in reasoners and agents. */
export const providerSchema = z.strictObject({
  type: z.literal('openai-compatible'),
  /** Where the chat-completions API lives, e.g. http://127.0.0.1:8080/v1. */
  baseURL: z.url(),
  /** Name of the environment variable holding the API key (never the key itself); absent = no key. */
  apiKeyEnv: envVarName.optional(),
  /** Send the output schema as `response_format: json_schema` (default true); false sends `json_object`. */
  structuredOutputs: z.boolean().optional(),
});

const providerName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'provider names are lower-case letters, digits, _ and -, starting with a letter')
  .refine((name) => !(MODEL_PROVIDERS as readonly string[]).includes(name), {
    error: (issue) => `'${String(issue.input)}' is a provider ca already serves; give yours a name of its own`,
  });

/** US dollars per million tokens. */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
});

/** How model calls are bounded and retried, unless a reasoner, an agent or `ctx.think` says otherwise. */
export const modelsSchema = z.strictObject({
  /** Give up on one attempt of a model call after this many milliseconds (default 60,000). */
  timeoutMs: z.number().int().positive().optional(),
  /** Further attempts after a 429, a 5xx, a connection error or a timeout (default 2). */
  retries: z.number().int().nonnegative().max(10).optional(),
  /** The longest wait between two attempts, whatever Retry-After asks (default 30,000). */
  maxRetryDelayMs: z.number().int().nonnegative().optional(),
});

/** Header names that carry credentials (`Authorization`, `x-api-key`, `x-honeycomb-team`, `DD-API-KEY`). */
const CREDENTIAL_HEADER = /auth|key|token|secret|passw|team|credential|cookie|signature/i;

/**
 * SPEC §13: OTLP/HTTP export of every run's span tree. The OTEL_EXPORTER_OTLP_* variables win over
 * what this says (config/telemetry-settings.ts); a credential is a `${NAME}` in a header, never a value.
 */
export const telemetrySchema = z
  .strictObject({
    /** The collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces` is added unless the path already ends so). */
    otlp: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .refine((url) => !URL.canParse(url) || new URL(url).password === '', { error: 'must not hold a password: put credentials in headers, as ${NAME}' })
      .optional(),
    /** Sent with every export; values may use `${NAME}` (and `${NAME:-default}`), and credential headers must. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name'), z.string()).optional(),
    /** Export spans' inputs and outputs (the trace's redacted, bounded copies); default false. */
    content: z.boolean().optional(),
  })
  .superRefine((telemetry, context) => {
    for (const [name, value] of Object.entries(telemetry.headers ?? {})) {
      // `${NAME}` in the value: the variable's value is sent, and never written anywhere.
      if (CREDENTIAL_HEADER.test(name) && variableReferences(value).length === 0) {
        context.addIssue({ code: 'custom', path: ['headers', name], message: `holds a credential: write the variable that has it, e.g. '\${OTLP_TOKEN}', never the value` });
      }
    }
  });

const stringList = z.union([z.string().min(1), z.array(z.string().min(1))], { error: 'must be a path or a list of paths' });

export const configSchema = z.strictObject({
  src: stringList.optional(),
  exclude: stringList.optional(),
  state: z.string().min(1).optional(),
  ledger: z.string().min(1).optional(),
  runs: z.string().min(1).optional(),
  lint: lintSchema.optional(),
  envs: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'env names are letters, digits, _ . -'), envSchema).optional(),
  selectors: z.array(selectorSchema).optional(),
  providers: z.record(providerName, providerSchema).optional(),
  prices: z.record(z.string().regex(/^[a-z][a-z0-9_-]*:.+$/, "must be a model id, 'provider:model'"), priceSchema).optional(),
  models: modelsSchema.optional(),
  telemetry: telemetrySchema.optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
export type EnvConfig = z.infer<typeof envSchema>;
export type LintConfig = z.infer<typeof lintSchema>;
export type SelectorConfig = z.infer<typeof selectorSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type PriceConfig = z.infer<typeof priceSchema>;
export type ModelsConfig = z.infer<typeof modelsSchema>;
export type TelemetryConfig = z.infer<typeof telemetrySchema>;
