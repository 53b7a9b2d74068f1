import { Args, Flags } from '@oclif/core';
import { showHistory } from '../app/show-history.js';
import { CaCommand } from '../cli/base-command.js';
import type { HistoryResult } from '../core/results.js';
import { renderHistory } from '../ui/deploy/render-history.js';

export default class History extends CaCommand<HistoryResult> {
  static override summary = "The deploy ledger's history of an env, oldest first (never runs project code).";
  static override examples = ['<%= config.bin %> history --env prod', '<%= config.bin %> history --env prod refund_flow --json'];

  static override args = {
    name: Args.string({ description: 'Only this node.', required: false }),
  };

  static override flags = {
    env: Flags.string({ char: 'e', summary: 'The env (from ca.yaml envs:).', required: true }),
  };

  async run(): Promise<HistoryResult> {
    const { args, flags } = await this.parse(History);
    const options: Parameters<typeof showHistory>[0] = { project: flags.project, env: flags.env };
    if (args.name !== undefined) options.node = args.name;
    const result = await showHistory(options);
    this.log(renderHistory(result, this.out));
    return result;
  }
}
