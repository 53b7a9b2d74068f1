import { Flags } from '@oclif/core';
import { listRuns, type ListRunsOptions } from '../app/list-runs.js';
import { CaCommand } from '../cli/base-command.js';
import type { RunsResult } from '../core/results.js';
import { RUN_STATUSES, type RunStatus } from '../core/trace.js';
import { renderRuns } from '../ui/trace/render-runs.js';

export default class Runs extends CaCommand<RunsResult> {
  static override summary = 'Past local runs, newest first (never runs project code).';
  static override examples = [
    '<%= config.bin %> runs',
    '<%= config.bin %> runs --name triage --status failed',
    '<%= config.bin %> runs --limit 100 --json',
  ];

  static override flags = {
    limit: Flags.integer({ char: 'n', summary: 'Show at most this many runs (0: all).', default: 20, min: 0 }),
    name: Flags.string({ summary: 'Only runs of this node.' }),
    status: Flags.string({ summary: 'Only runs with this status.', options: [...RUN_STATUSES] }),
    session: Flags.string({ summary: 'Only the turns of this session id.' }),
    env: Flags.string({ char: 'e', summary: "Only the runs of this worker env (with the release each is pinned to)." }),
  };

  async run(): Promise<RunsResult> {
    const { flags } = await this.parse(Runs);
    const options: ListRunsOptions = { project: flags.project, limit: flags.limit };
    if (flags.name !== undefined) options.name = flags.name;
    if (flags.status !== undefined) options.status = flags.status as RunStatus;
    if (flags.session !== undefined) options.sessionId = flags.session;
    if (flags.env !== undefined) options.env = flags.env;
    const result = await listRuns(options);
    if (result.runs.length === 0) this.note(this.err.dim(`no runs recorded yet${flags.name || flags.status || flags.session ? ' that match' : ''} (run one with ca run NAME)`));
    else this.log(renderRuns(result, this.out, Date.now()));
    return result;
  }
}
