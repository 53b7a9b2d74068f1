import { Args, Flags } from '@oclif/core';
import { rollbackNode } from '../app/rollback-node.js';
import { CaCommand } from '../cli/base-command.js';
import { terminalConfirm } from '../cli/confirm.js';
import type { RollbackResult } from '../core/results.js';

export default class Rollback extends CaCommand<RollbackResult> {
  static override summary = "Republish an earlier version's stored artifact and record it as a new version (never runs project code).";
  static override examples = ['<%= config.bin %> rollback refund_flow --env prod --to 3'];

  static override args = {
    name: Args.string({ description: 'The node to roll back.', required: true }),
  };

  static override flags = {
    env: Flags.string({ char: 'e', summary: 'The env (from ca.yaml envs:).', required: true }),
    to: Flags.integer({ summary: 'The succeeded version to go back to (see ca history).', required: true, min: 1 }),
    message: Flags.string({ char: 'm', summary: 'A note recorded with the rollback.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation on a protected env.' }),
  };

  async run(): Promise<RollbackResult> {
    const { args, flags } = await this.parse(Rollback);
    const options: Parameters<typeof rollbackNode>[0] = {
      project: flags.project,
      env: flags.env,
      node: args.name,
      to: flags.to,
      yes: flags.yes,
      onOutput: (chunk) => process.stderr.write(chunk),
    };
    if (flags.message !== undefined) options.message = flags.message;
    const ask = terminalConfirm(`Roll ${args.name} in ${flags.env} back to v${flags.to}?`);
    if (ask) options.confirm = ask;
    const result = await rollbackNode(options);
    this.log(`${this.out.green('✔')} ${result.node} in ${result.env}: v${result.from}'s artifact republished as v${result.version} ${this.out.dim(`→ ${result.location}`)}`);
    return result;
  }
}
