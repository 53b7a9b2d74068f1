import type { ProjectConfig } from '../config/project-config.js';
import { shownEndpoint, telemetrySettings, type TelemetrySettings } from '../config/telemetry-settings.js';
import type { OtlpExport } from '../runtime/telemetry/otlp-export.js';
import type { ExportOutcome, TraceTelemetry } from '../runtime/telemetry/trace-telemetry.js';
import { CA_VERSION } from './ca-version.js';

/** An open export (the OpenTelemetry SDK loaded): what a verb records its runs into and finishes at its end. */
export type Telemetry = OtlpExport;

/**
 * What a verb that runs things is told about export: false for `--no-telemetry`; true or absent
 * for what the environment and ca.yaml say; or an export a caller already opened and will
 * finish itself (a worker's, shared by all its runs; `ca run --resume` of a session turn).
 */
export type TelemetryOption = boolean | TraceTelemetry;

/** The export a verb uses, and how to end it: only an export the verb opened is finished (and warned about) by it. */
export interface TelemetryUse {
  telemetry: TraceTelemetry | undefined;
  finish(onWarning?: (message: string) => void): Promise<void>;
}

const NOT_EXPORTING: TelemetryUse = { telemetry: undefined, finish: async () => undefined };

/**
 * Opens the export of a verb's runs (SPEC §13) when the environment or ca.yaml asks for one. A
 * setting that cannot work is a UserError (exit 2) before anything runs; the SDK is loaded only
 * when export is on.
 */
export async function useTelemetry(config: ProjectConfig, env: NodeJS.ProcessEnv, option: TelemetryOption | undefined, onFirstFailure?: (message: string) => void): Promise<TelemetryUse> {
  if (typeof option === 'object') return { telemetry: option, finish: async () => undefined };
  const settings = telemetrySettings(config.telemetry, env, { off: option === false, root: config.root });
  if (!settings) return NOT_EXPORTING;
  let said = false;
  const telemetry = await openTelemetry(
    settings,
    onFirstFailure &&
      ((problem) => {
        said = true;
        onFirstFailure(`telemetry: exporting to ${shownEndpoint(settings.url)} failed: ${problem} (runs are unaffected; said once; --no-telemetry turns export off)`);
      }),
  );
  return {
    telemetry,
    async finish(onWarning) {
      const warning = outcomeWarning(await telemetry.finish());
      // A long-lived verb (a worker) said it when it first failed.
      if (warning !== undefined && !said) (onWarning ?? onFirstFailure)?.(warning);
    },
  };
}

/** The OpenTelemetry SDK's exporter for these settings (loaded now). */
export async function openTelemetry(settings: TelemetrySettings, onFirstFailure?: (problem: string) => void): Promise<Telemetry> {
  const { OtlpExport } = await import('../runtime/telemetry/otlp-export.js');
  return OtlpExport.open(settings, { name: 'composable-agents', version: CA_VERSION }, onFirstFailure);
}

/** One line for stderr when spans did not all arrive; undefined when they did. */
export function outcomeWarning(outcome: ExportOutcome): string | undefined {
  if (outcome.problem === undefined) return undefined;
  const missing = outcome.spans - outcome.exported;
  return `telemetry: ${missing} of ${outcome.spans} span${outcome.spans === 1 ? '' : 's'} not exported to ${outcome.url}: ${outcome.problem} (the run is unaffected; --no-telemetry turns export off)`;
}


export type { TraceTelemetry };
