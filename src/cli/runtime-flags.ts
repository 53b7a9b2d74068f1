import { Flags } from '@oclif/core';

/** `--mock FILE`, the same on every verb that runs project code (run, chat, trigger). */
export const mockFlag = {
  mock: Flags.string({ summary: 'YAML or JSON file of model answers by reasoner and agent name: runs with no API key.' }),
};

/** `--no-telemetry`, on every verb that runs project code: its runs are not exported over OTLP (SPEC §13). */
export const telemetryFlag = {
  'no-telemetry': Flags.boolean({ summary: 'Do not export the runs over OTLP, whatever OTEL_EXPORTER_OTLP_ENDPOINT or ca.yaml telemetry: say.' }),
};
