import { Args } from '@oclif/core';
import { showNode } from '../app/show-node.js';
import { CaCommand } from '../cli/base-command.js';
import type { ShowResult } from '../core/results.js';
import { renderShow } from '../ui/show-report.js';

export default class Show extends CaCommand<ShowResult> {
  static override summary = 'Show one node: source, uses, used by, config and fingerprints.';
  static override examples = ['<%= config.bin %> show triage', '<%= config.bin %> show concierge --json'];

  static override args = {
    name: Args.string({ description: 'Node name (the `name` of its definition).', required: true }),
  };

  async run(): Promise<ShowResult> {
    const { args, flags } = await this.parse(Show);
    const result = await showNode({ project: flags.project, name: args.name });
    this.log(renderShow(result, this.out));
    return result;
  }
}
