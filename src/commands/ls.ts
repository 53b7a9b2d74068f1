import { Flags } from '@oclif/core';
import { listNodes } from '../app/list-nodes.js';
import { CaCommand } from '../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { runWatch, watchFlag } from '../cli/watch-verb.js';
import type { ListResult } from '../core/results.js';
import { createProgress } from '../ui/progress.js';
import { renderNodeNames, renderNodePaths } from '../ui/node-lines.js';
import { renderListChanges } from '../ui/watch-diff.js';

export default class Ls extends CaCommand<ListResult> {
  static override summary = 'List the nodes of the project (never runs project code).';
  static override examples = [
    '<%= config.bin %> ls',
    '<%= config.bin %> ls -s triage --output names',
    '<%= config.bin %> ls -p fixtures/support-desk --json',
    '<%= config.bin %> ls --watch',
  ];

  static override flags = {
    ...selectionFlags,
    // No -o here: on every verb -o names a file to write.
    output: Flags.string({
      summary: 'table (default), json, names (one per line) or paths (file:line per node).',
      options: ['table', 'json', 'names', 'paths'],
      default: 'table',
    }),
    ...watchFlag,
  };

  async run(): Promise<ListResult | undefined> {
    const { flags } = await this.parse(Ls);
    if (flags.watch) {
      const { renderNodeTable } = await import('../ui/node-table.js');
      const selection = selectionRequest(flags);
      await runWatch<ListResult>({
        options: { project: flags.project },
        json: this.jsonEnabled() || flags.output === 'json',
        out: this.out,
        err: this.err,
        compute: (loaded) => listNodes({ project: flags.project, selection, loaded }),
        render: (result) =>
          flags.output === 'names' ? renderNodeNames(result.nodes)
          : flags.output === 'paths' ? renderNodePaths(result.nodes)
          : result.nodes.length === 0 ? this.out.dim(`no nodes selected (${result.total} in the project)`)
          : renderNodeTable(result.nodes, this.out),
        renderChanges: (before, after, update) => renderListChanges(before, after, update.diff, this.out),
        diagnostics: 'full',
        warnings: (result) => result.warnings,
      });
      return undefined;
    }
    const progress = createProgress(process.stderr, 'parsing');
    const result = await listNodes({ project: flags.project, selection: selectionRequest(flags), onParsed: progress.update });
    progress.done();
    this.warnings(result.warnings);
    this.diagnostics(result.diagnostics);
    if (this.jsonEnabled()) return result;
    if (flags.output === 'json') this.logJson(result);
    else if (flags.output === 'names') this.log(renderNodeNames(result.nodes));
    else if (flags.output === 'paths') this.log(renderNodePaths(result.nodes));
    else if (result.nodes.length === 0) this.note(this.err.dim(`no nodes selected (${result.total} in the project)`));
    else {
      // cli-table3 is loaded only when a table is printed: scripts asking for names skip its start-up cost.
      const { renderNodeTable } = await import('../ui/node-table.js');
      this.log(renderNodeTable(result.nodes, this.out));
    }
    return result;
  }
}
