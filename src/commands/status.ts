import { Flags } from '@oclif/core';
import { statusProject, type StatusOptions } from '../app/status-project.js';
import { CaCommand } from '../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { runWatch, watchFlag } from '../cli/watch-verb.js';
import { EXIT, UserError } from '../core/errors.js';
import type { StatusResult } from '../core/results.js';
import { renderStatus } from '../ui/deploy/render-status.js';
import { renderStatusChanges } from '../ui/watch-diff.js';

export default class Status extends CaCommand<StatusResult> {
  static override summary = 'What is deployed versus the code, per node: exit 3 on drift (never runs project code).';
  static override examples = ['<%= config.bin %> status --env prod', '<%= config.bin %> status --all-envs', '<%= config.bin %> status -s tag:support --env staging --json', '<%= config.bin %> status --env staging --watch'];

  static override flags = {
    ...selectionFlags,
    env: Flags.string({ char: 'e', summary: 'The env to compare with (from ca.yaml envs:).', exclusive: ['all-envs'] }),
    'all-envs': Flags.boolean({ summary: 'Every env of ca.yaml, as a node × env matrix.' }),
    ...watchFlag,
  };

  async run(): Promise<StatusResult | undefined> {
    const { flags } = await this.parse(Status);
    if (flags.env === undefined && !flags['all-envs']) {
      throw new UserError('status-needs-env', 'ca status needs --env NAME or --all-envs', { hint: 'Envs are the keys of envs: in ca.yaml.' });
    }
    const options: StatusOptions = { project: flags.project, selection: selectionRequest(flags), allEnvs: flags['all-envs'] };
    if (flags.env !== undefined) options.env = flags.env;
    if (flags.watch) {
      // The ledger is watched too: a deploy from another terminal changes the answer.
      await runWatch<StatusResult>({
        options: { project: flags.project, watchLedger: true },
        json: this.jsonEnabled(),
        out: this.out,
        err: this.err,
        compute: (loaded) => statusProject({ ...options, loaded }),
        render: (result) => renderStatus(result, this.out),
        renderChanges: (before, after) => renderStatusChanges(before, after, this.out),
        diagnostics: 'none',
        warnings: (result) => result.warnings,
      });
      return undefined;
    }
    const result = await statusProject(options);
    this.warnings(result.warnings);
    this.log(renderStatus(result, this.out));
    if (result.drift) process.exitCode = EXIT.drift;
    return result;
  }
}
