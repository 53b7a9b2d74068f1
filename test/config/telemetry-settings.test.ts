import { describe, expect, it } from 'vitest';
import { credentialValues } from '../../src/config/credential-values.js';
import { parseConfigText } from '../../src/config/parse-config-text.js';
import { telemetrySettings } from '../../src/config/telemetry-settings.js';
import { UserError } from '../../src/core/errors.js';

const HONEYCOMB = { otlp: 'https://api.honeycomb.io', headers: { 'x-honeycomb-team': '${HONEYCOMB_API_KEY}', 'x-honeycomb-dataset': 'support-desk' } };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return `${(error as UserError).exitCode} ${(error as UserError).message}`;
  }
  throw new Error('no error');
}

describe('telemetry settings: ca.yaml telemetry: and the OTEL_* variables', () => {
  it('exports only when an endpoint is set, and never under OTEL_SDK_DISABLED, OTEL_TRACES_EXPORTER=none or --no-telemetry', () => {
    expect(telemetrySettings({}, {})).toBeUndefined();
    expect(telemetrySettings({ content: true }, {})).toBeUndefined();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' };
    expect(telemetrySettings({}, env)).toMatchObject({ url: 'http://localhost:4318/v1/traces', protocol: 'http/protobuf', content: false, timeoutMs: 2000 });
    expect(telemetrySettings({}, { ...env, OTEL_SDK_DISABLED: 'TRUE' })).toBeUndefined();
    expect(telemetrySettings({}, { ...env, OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(telemetrySettings({}, env, { off: true })).toBeUndefined();
  });

  it('lets the environment win where both say the same thing', () => {
    const env = { HONEYCOMB_API_KEY: 'hc-key-from-ca-yaml' };
    expect(telemetrySettings(HONEYCOMB, env, { root: '/work/support-desk' })).toMatchObject({
      url: 'https://api.honeycomb.io/v1/traces',
      from: 'ca.yaml telemetry.otlp',
      headers: { 'x-honeycomb-team': 'hc-key-from-ca-yaml', 'x-honeycomb-dataset': 'support-desk' },
      resource: { 'service.name': 'support-desk' },
    });
    const overridden = telemetrySettings(HONEYCOMB, {
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp',
      OTEL_EXPORTER_OTLP_HEADERS: 'X-Honeycomb-Team=hc%20key%20from%20env,tenant=acme',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'tenant=acme-traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=desk,deployment.environment.name=staging',
    });
    expect(overridden).toMatchObject({
      url: 'http://collector:4318/otlp/v1/traces',
      from: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      protocol: 'http/json',
      timeoutMs: 5000,
      headers: { 'x-honeycomb-team': 'hc key from env', 'x-honeycomb-dataset': 'support-desk', tenant: 'acme-traces' },
      resource: { 'service.name': 'desk', 'deployment.environment.name': 'staging' },
    });
    // The signal's own variables win over the general ones; its endpoint is used as it is.
    expect(telemetrySettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom', OTEL_SERVICE_NAME: 'desk-api', OTEL_RESOURCE_ATTRIBUTES: 'service.name=desk' })).toMatchObject({
      url: 'http://b:4318/custom',
      resource: { 'service.name': 'desk-api' },
    });
    // A ca.yaml URL that already names the traces path (as Phoenix and Langfuse print theirs) is kept.
    expect(telemetrySettings({ otlp: 'http://localhost:6006/v1/traces' }, {})?.url).toBe('http://localhost:6006/v1/traces');
  });

  it('refuses what cannot work, before anything runs (exit 2)', () => {
    expect(refusal(() => telemetrySettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }))).toBe('2 OTEL_EXPORTER_OTLP_ENDPOINT is a localhost: URL; ca exports over OTLP/HTTP, which needs http: or https:');
    expect(refusal(() => telemetrySettings({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }))).toBe('2 OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not a URL: not a url');
    expect(refusal(() => telemetrySettings({ otlp: 'http://localhost:4317' }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }))).toBe('2 OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: ca exports over OTLP/HTTP');
    expect(refusal(() => telemetrySettings(HONEYCOMB, {}))).toBe('2 HONEYCOMB_API_KEY is not set: ca.yaml telemetry.headers.x-honeycomb-team needs it');
    expect(telemetrySettings({ otlp: 'http://localhost:4318', headers: { 'X-Scope-OrgID': '${TEMPO_TENANT:-support}' } }, {})?.headers).toEqual({ 'x-scope-orgid': 'support' });
  });

  it('validates ca.yaml: a URL, no password in it, and a credential header only as ${NAME}', () => {
    expect(parseConfigText('telemetry:\n  otlp: http://localhost:4318\n  content: true\n', 'ca.yaml').telemetry).toEqual({ otlp: 'http://localhost:4318', content: true });
    const problem = (text: string) => refusal(() => parseConfigText(text, 'ca.yaml'));
    expect(problem('telemetry:\n  otlp: localhost\n')).toBe('2 telemetry.otlp: must be an http:// or https:// URL');
    expect(problem('telemetry:\n  otlp: https://user:hunter2@collector.example.com\n')).toMatch(/^2 telemetry.otlp: must not hold a password/);
    expect(problem("telemetry:\n  otlp: https://api.honeycomb.io\n  headers: { x-honeycomb-team: hcaik_01abc }\n")).toMatch(/^2 telemetry.headers.x-honeycomb-team: holds a credential: write the variable that has it/);
    expect(problem('telemetry:\n  otlp: http://localhost:4318\n  sample: 0.5\n')).toBe('2 telemetry: unknown key "sample"');
  });

  it("adds the headers' credentials to the values no trace may hold", () => {
    const values = credentialValues({ providers: {}, envs: {}, telemetry: HONEYCOMB }, { HONEYCOMB_API_KEY: 'hc-1', OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Basic%20cGs6c2s=' });
    expect(values).toEqual(expect.arrayContaining(['hc-1', 'Basic cGs6c2s=']));
  });
});
