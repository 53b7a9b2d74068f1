import { Args, Flags } from '@oclif/core';
import { replayEnvRuns, runsOfEnv } from '../app/replay-env-runs.js';
import { replayRun, replaySelection } from '../app/replay-run.js';
import { writeOutputFile } from '../app/write-output-file.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { telemetryFlag } from '../cli/runtime-flags.js';
import { CaCommand } from '../cli/base-command.js';
import { exitWhenDone } from '../cli/exit-when-done.js';
import { EXIT, UserError } from '../core/errors.js';
import type { ReplayResult, ReplayRunsResult, ReplaySelectionResult } from '../core/results.js';
import { parseSince } from '../core/since-time.js';
import { renderReplay, renderReplaySelection } from '../ui/trace/render-replay.js';
import { renderReplayRuns } from '../ui/trace/render-replay-runs.js';
import { renderReplayRunsMarkdown } from '../ui/trace/replay-runs-markdown.js';

export default class Replay extends CaCommand<ReplayResult | ReplaySelectionResult | ReplayRunsResult> {
  static override summary = "Run the current code against a recorded run's journal, offline: exit 0 same steps and output, 1 the first divergent step (loads project code).";
  static override description =
    "Tools, reasoners, approvals and model calls are answered from the run's journal, so nothing outside the process is touched and no API key is needed; flows and agents run their current code. A tool, reasoner or agent whose code changed since the run is where the replay diverges: its recorded answer does not stand for the new code. A regression check for a change: `ca replay last` after editing a flow. With --runs env:E, every recorded run of env E that went through a selected node and through something changed since it ran: identical, diverged at a step, or not affected.";
  static override examples = [
    '<%= config.bin %> replay last',
    '<%= config.bin %> replay r_mxcoq2yz --json',
    '<%= config.bin %> replay -s state:modified+ --state git:origin/main',
    '<%= config.bin %> replay -s state:modified+ --runs env:prod --since 7d --markdown replay.md',
    '<%= config.bin %> replay -s state:modified+ --runs env:prod --from .ca/runs.db   # runs pulled with ca runs pull',
  ];

  static override args = {
    run: Args.string({ description: 'Run id, a unique prefix of one, or `last` (the default without -s).' }),
  };

  static override flags = {
    ...selectionFlags,
    ...telemetryFlag,
    runs: Flags.string({ summary: "Replay an env's recorded runs: env:NAME.", helpValue: 'env:NAME' }),
    since: Flags.string({ summary: 'With --runs: only runs started since then (7d, 24h, 30m, or a date).', helpValue: 'WHEN', dependsOn: ['runs'] }),
    limit: Flags.integer({ summary: 'With --runs: at most this many runs, newest first (default: all).', min: 1, dependsOn: ['runs'] }),
    from: Flags.string({ summary: "With --runs: read the runs from this run store (a file from ca runs pull, or a URL) instead of the project's.", helpValue: 'LOCATION', dependsOn: ['runs'] }),
    markdown: Flags.string({ summary: 'With --runs: also write a summary for a pull-request comment to FILE.', helpValue: 'FILE', dependsOn: ['runs'] }),
  };

  async run(): Promise<ReplayResult | ReplaySelectionResult | ReplayRunsResult> {
    const { args, flags } = await this.parse(Replay);
    const telemetry = { ...(flags['no-telemetry'] ? { telemetry: false } : {}), onWarning: (message: string) => this.warnings([message]) };
    if (args.run !== undefined && flags.runs !== undefined) {
      throw new UserError('replay-run-and-runs', 'ca replay takes a run or --runs env:NAME, not both', { hint: "ca replay RUN, or ca replay -s SELECTION --runs env:NAME for an env's recorded runs" });
    }
    if (args.run !== undefined && (flags.select !== undefined || flags.selector !== undefined)) {
      throw new UserError('replay-run-and-selection', 'ca replay takes a run or a selection (-s), not both', { hint: 'ca replay RUN, or ca replay -s SELECTION for the latest succeeded run of each selected node' });
    }
    if (flags.runs !== undefined) {
      const env = runsOfEnv(flags.runs);
      const since = flags.since === undefined ? undefined : parseSince(flags.since);
      const result = await replayEnvRuns({ ...telemetry, project: flags.project, selection: selectionRequest(flags), env, ...(since === undefined ? {} : { since }), ...(flags.limit === undefined ? {} : { limit: flags.limit }), ...(flags.from === undefined ? {} : { from: flags.from }) });
      exitWhenDone();
      this.warnings(result.warnings);
      if (flags.markdown !== undefined) writeOutputFile(flags.markdown, renderReplayRunsMarkdown(result));
      if (result.counts.diverged > 0) process.exitCode = EXIT.failed;
      if (result.runs.length === 0) this.note(this.err.dim(`no runs of env ${env} recorded in ${result.store}${flags.since === undefined ? '' : ` since ${flags.since}`}: nothing to replay`));
      else if (!this.jsonEnabled()) this.log(renderReplayRuns(result, this.out, Date.now()));
      return result;
    }
    if (flags.select !== undefined || flags.selector !== undefined) {
      const many = await replaySelection({ ...telemetry, project: flags.project, selection: selectionRequest(flags) });
      exitWhenDone();
      this.warnings(many.warnings);
      if (many.replays.some((replay) => replay.verdict !== 'identical')) process.exitCode = EXIT.failed;
      if (!this.jsonEnabled()) this.log(renderReplaySelection(many, this.out));
      return many;
    }
    const result = await replayRun({ ...telemetry, project: flags.project, run: args.run ?? 'last' });
    exitWhenDone();
    if (result.verdict !== 'identical') process.exitCode = EXIT.failed;
    if (!this.jsonEnabled()) this.log(renderReplay(result, this.out));
    return result;
  }
}
