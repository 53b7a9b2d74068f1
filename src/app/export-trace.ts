import { noEndpoint, telemetrySettings } from '../config/telemetry-settings.js';
import { EXIT, UserError } from '../core/errors.js';
import type { TraceExportResult } from '../core/results.js';
import { traceIdOf } from '../runtime/telemetry/trace-telemetry.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { noRunsYet, openRunStoreForReading, withRunStore } from './open-run-store.js';
import { openTelemetry } from './telemetry.js';

/**
 * `ca trace RUN --export otlp` (SPEC §13): a stored run's events, every segment, converted as a
 * live export converts them and sent to the endpoint the environment or ca.yaml names. Here the
 * export is the verb's whole point: one that does not arrive fails it (exit 1), and no endpoint is
 * a usage error (exit 2). Never runs project code.
 */
export async function exportTrace(options: ProjectOptions & { run: string; env?: NodeJS.ProcessEnv }): Promise<TraceExportResult> {
  const config = await openProject(options);
  const env = options.env ?? process.env;
  const settings = telemetrySettings(config.telemetry, env, { root: config.root });
  if (!settings) throw noEndpoint(env);
  const { run, events } = await withRunStore(await openRunStoreForReading(config), async (store) => {
    if (!store) throw noRunsYet(config, 'run a flow or agent with ca run NAME first');
    const found = await store.getRun(options.run);
    return { run: found, events: await store.readEvents(found.id) };
  });
  const telemetry = await openTelemetry(settings);
  telemetry.exportRun(events);
  const outcome = await telemetry.finish();
  if (outcome.problem !== undefined) {
    throw new UserError('export-failed', `run ${run.id} was not exported to ${outcome.url}: ${outcome.problem}`, {
      hint: 'check that the collector is up and accepts OTLP/HTTP there (and the headers, for a hosted backend)',
      exitCode: EXIT.failed,
    });
  }
  return { runId: run.id, traceId: traceIdOf(run.id), spans: outcome.exported, endpoint: outcome.url, protocol: settings.protocol, content: settings.content };
}
