import path from 'node:path';
import { EXIT, UserError } from '../core/errors.js';
import { SERVER_VARIABLE, variableReferences } from '../mcp/server-variables.js';
import type { TelemetryConfig } from './config-schema.js';

/**
 * Where and how a verb exports its runs' spans (SPEC §13), from ca.yaml `telemetry:` and the
 * standard OpenTelemetry variables. Where both say the same thing the environment wins, as the
 * OpenTelemetry specification asks of every SDK: a deployment overrides what the project commits.
 */
export interface TelemetrySettings {
  /** The full URL spans are POSTed to (`…/v1/traces`). */
  url: string;
  protocol: 'http/protobuf' | 'http/json';
  /** ca.yaml's headers with `${NAME}` filled in, then OTEL_EXPORTER_OTLP_(TRACES_)HEADERS over them. */
  headers: Record<string, string>;
  /** Export inputs and outputs (ca.yaml `content: true`). */
  content: boolean;
  /** One export request, retries included; also how long the verb waits for the last batch at its end. */
  timeoutMs: number;
  /** service.name and OTEL_RESOURCE_ATTRIBUTES, for the resource every span carries. */
  resource: Record<string, string>;
  /** Where the URL came from, for messages. */
  from: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'ca.yaml telemetry.otlp';
}

/** ca's default for one export: short, since the verb waits for the last batch (the specification's own default is 10 s). */
export const DEFAULT_EXPORT_TIMEOUT_MS = 2000;

/**
 * The settings, or undefined when nothing asks for export (no endpoint anywhere), when
 * `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`, or when `off` (`--no-telemetry`).
 * A setting that cannot work (a URL that is not one, the gRPC protocol, a header's variable that
 * is not set) is a usage error (exit 2) before anything runs.
 */
export function telemetrySettings(
  config: TelemetryConfig,
  env: NodeJS.ProcessEnv,
  options: { off?: boolean; root?: string } = {},
): TelemetrySettings | undefined {
  if (options.off || isTrue(env['OTEL_SDK_DISABLED']) || env['OTEL_TRACES_EXPORTER']?.trim().toLowerCase() === 'none') return undefined;
  const endpoint = exportUrl(config, env);
  if (!endpoint) return undefined;
  return {
    ...endpoint,
    protocol: protocolOf(env),
    // Header names compare without case: the environment's `authorization` replaces ca.yaml's `Authorization`.
    headers: { ...lowerKeys(configHeaders(config, env)), ...lowerKeys(otelPairs(env, 'OTEL_EXPORTER_OTLP_HEADERS')), ...lowerKeys(otelPairs(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS')) },
    content: config.content ?? false,
    timeoutMs: timeoutOf(env),
    resource: resourceOf(env, options.root),
  };
}

/** Why there is nothing to export to, for `ca trace --export otlp` (which asks for export explicitly). */
export function noEndpoint(env: NodeJS.ProcessEnv): UserError {
  const disabled = isTrue(env['OTEL_SDK_DISABLED']) ? 'OTEL_SDK_DISABLED is true' : env['OTEL_TRACES_EXPORTER']?.trim().toLowerCase() === 'none' ? 'OTEL_TRACES_EXPORTER is none' : undefined;
  return new UserError('telemetry-off', disabled ? `cannot export: ${disabled}` : 'cannot export: no OTLP endpoint is set', {
    hint: disabled ? `unset ${disabled.split(' ')[0]} for this command` : 'set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://localhost:4318) or telemetry.otlp in ca.yaml',
    exitCode: EXIT.usage,
  });
}

/** The names `${NAME}` in ca.yaml's telemetry headers refer to: their values are credentials, scrubbed from every trace. */
export function telemetryHeaderVariables(config: TelemetryConfig | undefined): string[] {
  return Object.values(config?.headers ?? {}).flatMap((value) => variableReferences(value).map((reference) => reference.name));
}

/** The values of OTEL_EXPORTER_OTLP_(TRACES_)HEADERS: API keys as often as not, so scrubbed like credentials. */
export function otelHeaderValues(env: NodeJS.ProcessEnv): string[] {
  return [...Object.values(otelPairs(env, 'OTEL_EXPORTER_OTLP_HEADERS')), ...Object.values(otelPairs(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'))];
}

/** An endpoint as messages show it: a password in it masked. */
export function shownEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.href;
  } catch {
    return url;
  }
}

function exportUrl(config: TelemetryConfig, env: NodeJS.ProcessEnv): Pick<TelemetrySettings, 'url' | 'from'> | undefined {
  // The signal's own variable is used as it is; the general one and ca.yaml's are bases that /v1/traces is added to.
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  if (traces) return { url: checkedUrl(traces, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'), from: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' };
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (base) return { url: withTracesPath(checkedUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT'), true), from: 'OTEL_EXPORTER_OTLP_ENDPOINT' };
  // ca.yaml: a URL already ending in /v1/traces (as Phoenix and Langfuse print theirs) is taken as it is.
  if (config.otlp) return { url: withTracesPath(config.otlp, false), from: 'ca.yaml telemetry.otlp' };
  return undefined;
}

function checkedUrl(text: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError('telemetry-config', `${variable} is not a URL: ${text}`, { hint: `set it to the collector's address, e.g. ${variable}=http://localhost:4318`, exitCode: EXIT.usage });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError('telemetry-config', `${variable} is a ${url.protocol} URL; ca exports over OTLP/HTTP, which needs http: or https:`, {
      hint: `point it at the collector's OTLP/HTTP port, e.g. ${variable}=http://localhost:4318`,
      exitCode: EXIT.usage,
    });
  }
  return url.href;
}

function withTracesPath(base: string, always: boolean): string {
  const url = new URL(base);
  if (!always && /\/v1\/traces\/?$/.test(url.pathname)) return url.href;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.href;
}

function protocolOf(env: NodeJS.ProcessEnv): TelemetrySettings['protocol'] {
  const variable = env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']?.trim() ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = env[variable]?.trim() || 'http/protobuf';
  if (value === 'http/protobuf' || value === 'http/json') return value;
  throw new UserError('telemetry-config', `${variable}=${value} is not supported: ca exports over OTLP/HTTP`, {
    hint: `set ${variable}=http/protobuf (the default) or http/json, and point the endpoint at the collector's HTTP port (4318)`,
    exitCode: EXIT.usage,
  });
}

function timeoutOf(env: NodeJS.ProcessEnv): number {
  for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const text = env[variable]?.trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) {
      throw new UserError('telemetry-config', `${variable}=${text} is not a number of milliseconds`, { hint: `e.g. ${variable}=5000`, exitCode: EXIT.usage });
    }
    return value;
  }
  return DEFAULT_EXPORT_TIMEOUT_MS;
}

/** ca.yaml's headers, each `${NAME}` replaced by the variable's value (or its `:-default`); one that is not set fails. */
function configHeaders(config: TelemetryConfig, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    // The `${NAME}` of MCP server definitions, with the same fallback rule.
    out[name] = value.replace(SERVER_VARIABLE, (_whole, variable: string, fallback: string | undefined) => {
      const set = env[variable];
      if (fallback !== undefined && (set === undefined || set === '')) return fallback;
      if (set === undefined) {
        throw new UserError('missing-env', `${variable} is not set: ca.yaml telemetry.headers.${name} needs it`, {
          hint: `set ${variable} where ca runs, pass --no-telemetry, or write \${${variable}:-default}`,
          exitCode: EXIT.usage,
        });
      }
      return set;
    });
  }
  return out;
}

/** service.name: OTEL_SERVICE_NAME, else OTEL_RESOURCE_ATTRIBUTES' own, else the project folder's name. */
function resourceOf(env: NodeJS.ProcessEnv, root: string | undefined): Record<string, string> {
  const attributes = otelPairs(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const service = env['OTEL_SERVICE_NAME']?.trim() || attributes['service.name'] || (root ? path.basename(root) : 'ca');
  return { ...attributes, 'service.name': service };
}

/**
 * `key1=value1,key2=value2` with percent-encoded values, as the specification writes
 * OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES; a malformed pair is skipped, as the SDKs do.
 */
export function otelPairs(env: NodeJS.ProcessEnv, variable: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (env[variable] ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    try {
      if (key) out[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // Not percent-encoding that decodes: skipped.
    }
  }
  return out;
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
