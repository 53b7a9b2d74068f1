import { Flags } from '@oclif/core';
import { deployProject, type DeployOptions } from '../app/deploy-project.js';
import { CaCommand } from '../cli/base-command.js';
import { terminalConfirm } from '../cli/confirm.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { EXIT } from '../core/errors.js';
import type { DeployResult } from '../core/results.js';
import { renderDeployOutcome, renderPlan } from '../ui/deploy/render-plan.js';
import { createProgress } from '../ui/progress.js';

export default class Deploy extends CaCommand<DeployResult> {
  static override summary = 'Publish the selected flows, agents and sessions to an env and record it in the ledger (never runs project code).';
  static override examples = [
    '<%= config.bin %> deploy --env staging',
    '<%= config.bin %> deploy -s tag:support --env prod --dry-run',
    '<%= config.bin %> deploy -s state:modified+ --state env:prod --env prod --yes --message "release 42"',
  ];

  static override flags = {
    ...selectionFlags,
    env: Flags.string({ char: 'e', summary: 'The env to deploy to (from ca.yaml envs:).', required: true }),
    'dry-run': Flags.boolean({ summary: 'Print the plan and stop.' }),
    force: Flags.boolean({ summary: 'Republish nodes that are unchanged too.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation on a protected env.' }),
    lint: Flags.boolean({ summary: 'Run the lint gate first (--no-lint skips it).', default: true, allowNo: true }),
    message: Flags.string({ char: 'm', summary: 'A note recorded with the deployment.' }),
  };

  async run(): Promise<DeployResult> {
    const { flags } = await this.parse(Deploy);
    const progress = createProgress(process.stderr, 'publishing', 2);
    const options: DeployOptions = {
      project: flags.project,
      env: flags.env,
      selection: selectionRequest(flags),
      dryRun: flags['dry-run'],
      force: flags.force,
      yes: flags.yes,
      noLint: !flags.lint,
      onPlan: (result) => {
        if (!this.jsonEnabled()) this.log(renderPlan(result, this.out));
      },
      onPublish: (done, total) => progress.update(done, total),
      onWait: (holder) => this.note(this.err.dim(`waiting for the ${flags.env} deploy lock, held by pid ${holder.pid} on ${holder.host} since ${holder.since}…`)),
      // A publish command's own output is shown as it comes, on stderr: stdout stays the result.
      onOutput: (chunk) => process.stderr.write(chunk),
    };
    if (flags.message !== undefined) options.message = flags.message;
    const ask = terminalConfirm(`Deploy to ${flags.env}?`);
    if (ask) options.confirm = ask;
    const result = await deployProject(options);
    progress.done();
    this.warnings(result.warnings);
    if (!result.dryRun && !this.jsonEnabled()) {
      const outcome = renderDeployOutcome(result, this.out);
      if (outcome) this.log(`\n${outcome}`);
    }
    if (result.failed) process.exitCode = EXIT.failed;
    return result;
  }
}
