import { Args, Flags } from '@oclif/core';
import { exportTrace } from '../app/export-trace.js';
import { showTrace } from '../app/show-trace.js';
import { CaCommand } from '../cli/base-command.js';
import type { TraceExportResult, TraceResult } from '../core/results.js';
import { eventLine } from '../ui/trace/event-line.js';
import { renderSteps } from '../ui/trace/render-steps.js';
import { renderTraceTree } from '../ui/trace/render-trace-tree.js';

export default class Trace extends CaCommand<TraceResult | TraceExportResult> {
  static override summary = "A stored run's trace tree, as `ca run` showed it (never runs project code).";
  static override examples = [
    '<%= config.bin %> trace last',
    '<%= config.bin %> trace r_mhq3k2x0',
    '<%= config.bin %> trace last --events | jq -c \'select(.type == "span.ended")\'',
    '<%= config.bin %> trace last --steps',
    'OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 <%= config.bin %> trace r_mhq3k2x0 --export otlp',
  ];

  static override args = {
    run: Args.string({ description: 'Run id, a unique prefix of one, or `last` (the default).', default: 'last' }),
  };

  static override flags = {
    events: Flags.boolean({ summary: 'Print the raw events, one JSON object per line (as `ca run --json` streamed them).', exclusive: ['verbose', 'steps'] }),
    steps: Flags.boolean({ summary: "Print the run's journal: each step's key, status, attempts, effect and input hash.", exclusive: ['verbose'] }),
    verbose: Flags.boolean({ char: 'v', summary: "Also show each span's input and output, cut to one line." }),
    export: Flags.string({
      summary: 'Send the run to the OTLP endpoint of OTEL_EXPORTER_OTLP_ENDPOINT or ca.yaml telemetry.otlp, as a live run exports (docs/observability.md).',
      options: ['otlp'],
      exclusive: ['events', 'steps', 'verbose'],
    }),
  };

  async run(): Promise<TraceResult | TraceExportResult> {
    const { args, flags } = await this.parse(Trace);
    if (flags.export !== undefined) {
      const sent = await exportTrace({ project: flags.project, run: args.run });
      this.log(`run ${sent.runId}: ${sent.spans} span${sent.spans === 1 ? '' : 's'} sent to ${sent.endpoint} (${sent.protocol}${sent.content ? ', with inputs and outputs' : ''}) · trace id ${sent.traceId}`);
      return sent;
    }
    const result = await showTrace({ project: flags.project, run: args.run });
    if (this.jsonEnabled()) return result;
    if (flags.events) process.stdout.write(result.events.map((event) => `${eventLine(event)}\n`).join(''));
    else if (flags.steps) this.log(renderSteps(result.steps, this.out));
    else {
      // A run still going is drawn up to when the store was read, as `ca runs` times it, not only to its last event.
      const now = result.run.durationKind === 'so-far' ? result.run.startedAt + result.run.durationMs : undefined;
      this.log(renderTraceTree(result.events, this.out, { verbose: flags.verbose, now }));
    }
    return result;
  }
}
