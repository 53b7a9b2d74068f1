import { Args } from '@oclif/core';
import { COMPLETION_KINDS, type CompletionKind, completeValues } from '../app/complete-values.js';
import { CaCommand } from '../cli/base-command.js';

/**
 * `ca __complete-values nodes|tags|packages|kinds|envs|selectors`: one value per line, for the shell completion
 * snippets of docs/completion.md. Hidden: it is plumbing, not a verb.
 */
export default class CompleteValues extends CaCommand<{ kind: CompletionKind; values: string[] }> {
  static override hidden = true;
  static override summary = 'Print node names, tags, packages, kinds, envs or named selectors, one per line, for shell completion.';
  static override args = {
    kind: Args.string({ required: true, options: [...COMPLETION_KINDS], description: 'What to list.' }),
  };

  async run(): Promise<{ kind: CompletionKind; values: string[] }> {
    const { args, flags } = await this.parse(CompleteValues);
    const kind = args.kind as CompletionKind;
    const values = await completeValues(kind, { project: flags.project });
    if (!this.jsonEnabled() && values.length > 0) this.log(values.join('\n'));
    return { kind, values };
  }
}
