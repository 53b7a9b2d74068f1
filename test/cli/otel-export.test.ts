import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import type { RunEndedEvent, SpanStartedEvent, TraceEvent } from '../../src/core/trace.js';
import { runCli } from '../helpers/run-cli.js';
import { closedPort, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.js';
import { runnableFixture } from '../helpers/temp-project.js';

/** Issue 19 part 1: every run's span tree, over OTLP/HTTP, to a real receiver. */

const SECRET = 'sk-test-4f9c2e7a1b3d5f8e';
/** A receiver for one test, closed when it ends. */
async function receiver(test: TestContext): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver();
  test.onTestFinished(() => started.close());
  return started;
}

/** The support desk, whose lookup_ticket tool now echoes a key it reads from the environment. */
function desk(caYaml = ''): string {
  const project = runnableFixture('support-desk');
  const lookup = path.join(project, 'src/tickets/lookup.ts');
  const source = readFileSync(lookup, 'utf8').replace(
    'run: async ({ ticket }) => findTicket(ticket),',
    'run: async ({ ticket }) => ({ ...findTicket(ticket), crm: `synced with key ${process.env.SUPPORT_API_KEY}` }),',
  );
  writeFileSync(lookup, source);
  if (caYaml) writeFileSync(path.join(project, 'ca.yaml'), `${readFileSync(path.join(project, 'ca.yaml'), 'utf8')}${caYaml}`);
  return project;
}

const run = (project: string, name: string, input: string, env: Record<string, string>, more: string[] = []) =>
  runCli(['run', name, '-p', project, '--input', input, '--mock', path.join(project, 'mocks.yaml'), '--approve', 'all', ...more], { env: { OPENAI_API_KEY: '', SUPPORT_API_KEY: SECRET, ...env } });

async function traceOf(project: string): Promise<TraceEvent[]> {
  const shown = await runCli(['trace', 'last', '--json', '-p', project]);
  return (JSON.parse(shown.stdout) as { events: TraceEvent[] }).events;
}

/** ca's tree as parent → child pairs of ca span ids, from the events; and the same read back from the OTLP spans. */
function caTree(events: TraceEvent[]): string[] {
  const root = events.find((event) => event.type === 'run.started')!.spanId;
  return [`- → ${root}`, ...events.filter((event): event is SpanStartedEvent => event.type === 'span.started').map((event) => `${event.parentId} → ${event.spanId}`)].sort();
}

function otlpTree(spans: ReceivedSpan[]): string[] {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  return spans.map((span) => `${span.parentSpanId ? byId.get(span.parentSpanId)!.attributes['ca.span.id'] : '-'} → ${span.attributes['ca.span.id']}`).sort();
}

const byCaKind = (spans: ReceivedSpan[], kind: string) => spans.filter((span) => span.attributes['ca.span.kind'] === kind);

describe('OTLP export of a run', () => {
  it('sends the span tree in protobuf, with GenAI attributes, content from ca.yaml and no secret; ca trace --export sends the same spans', async (test) => {
    const collector = await receiver(test);
    const project = desk(`telemetry:\n  otlp: ${collector.url}\n  content: true\n`);
    const done = await run(project, 'concierge', '"I was charged twice"', {});
    expect(done.exitCode).toBe(0);
    expect(done.stderr).not.toMatch(/warning/);
    const events = await traceOf(project);
    const runId = events[0]!.runId;
    const spans = [...collector.spans];

    expect(collector.bodies.every((body) => body.contentType === 'application/x-protobuf')).toBe(true);
    expect(otlpTree(spans)).toEqual(caTree(events));
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    expect(spans.every((span) => span.attributes['ca.run.id'] === runId)).toBe(true);
    // Times are the events' own.
    const root = spans.find((span) => span.parentSpanId === '')!;
    const ended = events.find((event): event is RunEndedEvent => event.type === 'run.ended')!;
    expect([root.startNs, root.endNs]).toEqual([BigInt(events[0]!.at) * 1_000_000n, BigInt(ended.at) * 1_000_000n]);
    expect(root).toMatchObject({ name: 'invoke_agent concierge', status: { code: 1 }, resource: { 'service.name': path.basename(project) }, scope: { name: 'composable-agents' } });
    expect(root.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'concierge', 'gen_ai.provider.name': 'openai', 'ca.span.kind': 'agent' });

    const [reasoner] = byCaKind(spans, 'reasoner');
    expect(reasoner).toMatchObject({ name: 'chat gpt-4o-mini', kind: 3 });
    expect(reasoner!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': expect.any(Number),
      'gen_ai.usage.output_tokens': expect.any(Number),
      'ca.span.name': 'classify_ticket',
    });
    expect(byCaKind(spans, 'round').map((span) => span.attributes['gen_ai.operation.name'])).toEqual(['chat', 'chat', 'chat']);
    const tools = byCaKind(spans, 'tool');
    expect(tools.map((span) => span.name).sort()).toEqual(['execute_tool lookup_ticket', 'execute_tool lookup_ticket', 'execute_tool update_ticket']);
    expect(tools.every((span) => span.attributes['gen_ai.operation.name'] === 'execute_tool' && span.name === `execute_tool ${span.attributes['gen_ai.tool.name']}`)).toBe(true);
    expect(byCaKind(spans, 'flow')[0]!.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'triage' });

    // content: true sends the trace's copies, which carry the key as [redacted]; no byte sent holds it.
    expect(root.attributes['gen_ai.input.messages']).toContain('I was charged twice');
    expect(tools[0]!.attributes['gen_ai.tool.call.result']).toContain('synced with key [redacted]');
    for (const { body } of collector.bodies) expect(body.includes(Buffer.from(SECRET))).toBe(false);

    // The stored run, sent again: the same trace and span ids (a backend keeps one copy).
    const live = spans.map((span) => `${span.traceId}/${span.spanId}/${span.parentSpanId}`).sort();
    collector.spans.length = 0;
    const exported = await runCli(['trace', runId, '--export', 'otlp', '-p', project, '--json']);
    expect(exported.exitCode).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ runId, spans: spans.length, traceId: root.traceId, protocol: 'http/protobuf', content: true });
    expect(collector.spans.map((span) => `${span.traceId}/${span.spanId}/${span.parentSpanId}`).sort()).toEqual(live);
  });

  it('sends JSON under OTEL_EXPORTER_OTLP_PROTOCOL=http/json, the environment winning over ca.yaml; a failure is status ERROR; no content by default', async (test) => {
    const collector = await receiver(test);
    const project = desk(`telemetry:\n  otlp: http://127.0.0.1:${await closedPort()}\n`);
    const failed = await run(project, 'triage', '"T-404"', { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'support-desk' });
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).not.toMatch(/telemetry/);
    const events = await traceOf(project);
    const spans = collector.spans;
    expect(collector.bodies.every((body) => body.contentType === 'application/json')).toBe(true);
    expect(otlpTree(spans)).toEqual(caTree(events));

    const root = spans.find((span) => span.parentSpanId === '')!;
    const ended = events.find((event): event is RunEndedEvent => event.type === 'run.ended')!;
    expect(root).toMatchObject({ name: 'invoke_workflow triage', status: { code: 2, message: ended.error!.message }, resource: { 'service.name': 'support-desk' } });
    // lookup_ticket was tried three times (retries: 2): three spans, each an error with its attempt.
    const tries = byCaKind(spans, 'tool');
    expect(tries.map((span) => [span.attributes['ca.attempt'], span.attributes['ca.attempts'], span.status.code, span.attributes['error.type']])).toEqual([
      [1, 3, 2, expect.any(String)],
      [2, 3, 2, expect.any(String)],
      [3, 3, 2, expect.any(String)],
    ]);
    expect(spans.flatMap((span) => Object.keys(span.attributes)).filter((key) => /messages|tool\.call\./.test(key))).toEqual([]);
  });

  it('a collector that is not there is one warning and exit 0; --no-telemetry sends nothing; a trigger turn and a replay are exported too', async (test) => {
    const project = desk();
    const dead = await run(project, 'triage', '"T-1042"', { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });
    expect(dead.exitCode).toBe(0);
    const warnings = dead.stderr.split('\n').filter((line) => /telemetry|warning/.test(line));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: telemetry: 4 of 4 spans not exported to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: connect ECONNREFUSED/);

    const collector = await receiver(test);
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
    expect((await run(project, 'triage', '"T-1042"', env, ['--no-telemetry'])).exitCode).toBe(0);
    expect(collector.bodies).toHaveLength(0);

    const replayed = await runCli(['replay', 'last', '-p', project], { env });
    expect(replayed.exitCode).toBe(0);
    const replay = collector.spans.find((span) => span.parentSpanId === '')!;
    expect(replay.attributes).toMatchObject({ 'gen_ai.workflow.name': 'triage', 'ca.replay.of': expect.stringMatching(/^r_/) });
    expect(replay.attributes['ca.run.id']).not.toBe(replay.attributes['ca.replay.of']);

    collector.spans.length = 0;
    const turn = await runCli(['trigger', 'support_chat', 'Where is my refund?', '--json', '-p', project, '--mock', path.join(project, 'mocks.yaml')], { env: { ...env, OPENAI_API_KEY: '' } });
    expect(turn.exitCode).toBe(0);
    const { sessionId, runId } = JSON.parse(turn.stdout) as { sessionId: string; runId: string };
    expect(collector.spans.length).toBeGreaterThan(1);
    expect(collector.spans.every((span) => span.attributes['ca.run.id'] === runId && span.attributes['gen_ai.conversation.id'] === sessionId)).toBe(true);
  });
});
