import { Flags } from '@oclif/core';
import { pullRuns } from '../../app/pull-runs.js';
import { CaCommand } from '../../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../../cli/selection-flags.js';
import type { RunsPullResult } from '../../core/results.js';
import { parseSince } from '../../core/since-time.js';
import { renderRunsPull } from '../../ui/trace/render-runs-pull.js';

export default class RunsPull extends CaCommand<RunsPullResult> {
  static override summary = "Copy an env's recorded runs from the team's run store into a local SQLite file, for ca replay --runs on a laptop (never runs project code).";
  static override description =
    'Each finished run is copied whole (its row, trace events, journal and fingerprints; secrets were redacted when they were recorded), one transaction per run: a pull cut off half-way leaves only whole runs, and the next pull goes on. A run the file already holds is not copied again. Runs still queued, running, parked or interrupted are left for a later pull. Then: ca replay -s SELECTION --runs env:E --from FILE.';
  static override examples = [
    '<%= config.bin %> runs pull --env prod --since 7d',
    '<%= config.bin %> runs pull --env prod -s state:modified+ --into .ca/prod-runs.db',
  ];

  static override flags = {
    ...selectionFlags,
    env: Flags.string({ summary: 'Whose runs: a worker env of ca.yaml.', required: true }),
    since: Flags.string({ summary: 'Only runs started since then (7d, 24h, 30m, or a date).', helpValue: 'WHEN' }),
    limit: Flags.integer({ summary: 'At most this many runs, newest first (default: all).', min: 1 }),
    into: Flags.string({ summary: "The SQLite file to copy into (default: the project's .ca/runs.db).", helpValue: 'FILE' }),
  };

  async run(): Promise<RunsPullResult> {
    const { flags } = await this.parse(RunsPull);
    const since = flags.since === undefined ? undefined : parseSince(flags.since);
    const selecting = flags.select !== undefined || flags.selector !== undefined;
    const result = await pullRuns({
      project: flags.project,
      env: flags.env,
      ...(selecting ? { selection: selectionRequest(flags) } : {}),
      ...(since === undefined ? {} : { since }),
      ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      ...(flags.into === undefined ? {} : { into: flags.into }),
    });
    this.warnings(result.warnings);
    if (result.found === 0) this.note(this.err.dim(`no runs of env ${flags.env} recorded in ${result.from}${flags.since === undefined ? '' : ` since ${flags.since}`}: nothing to pull`));
    else if (!this.jsonEnabled()) this.log(renderRunsPull(result, this.out));
    return result;
  }
}
