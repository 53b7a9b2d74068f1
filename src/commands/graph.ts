import path from 'node:path';
import { Flags } from '@oclif/core';
import { renderGraph } from '../app/render-graph.js';
import type { GraphServing } from '../app/serve-graph.js';
import { writeOutputFile } from '../app/write-output-file.js';
import { CaCommand } from '../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { runWatch, watchFlag } from '../cli/watch-verb.js';
import { isUserError, UserError } from '../core/errors.js';
import { GRAPH_FORMATS, type GraphFormat, type GraphResult } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { formatUserError } from '../ui/format-error.js';
import { renderGraphChanges } from '../ui/watch-diff.js';

export default class Graph extends CaCommand<GraphResult> {
  static override summary = 'Print the selected part of the cross-agent graph as DOT, Mermaid or JSON, or as an interactive page (html, --serve).';
  static override examples = [
    '<%= config.bin %> graph | dot -Tsvg > agents.svg',
    '<%= config.bin %> graph --format mermaid -s concierge',
    '<%= config.bin %> graph --format json -o graph.json',
    '<%= config.bin %> graph --format html -o graph.html',
    '<%= config.bin %> graph --serve --watch',
  ];

  static override flags = {
    ...selectionFlags,
    format: Flags.string({ char: 'f', summary: 'Output format (html: an interactive page).', options: [...GRAPH_FORMATS, 'html'], default: 'dot' }),
    out: Flags.string({ char: 'o', summary: 'Write to this file instead of stdout.' }),
    serve: Flags.boolean({ summary: 'Serve the interactive page on 127.0.0.1 until Ctrl-C.', exclusive: ['out'] }),
    port: Flags.integer({ summary: 'Port for --serve (default 4321; 0: any free port).', min: 0, max: 65535, dependsOn: ['serve'] }),
    ...watchFlag,
  };

  async run(): Promise<GraphResult | undefined> {
    const { flags, metadata } = await this.parse(Graph);
    const options = { project: flags.project, selection: selectionRequest(flags) };
    if (flags.watch && !flags.serve) return this.watch(options, flags.format, flags.out);
    if (flags.serve) {
      if (flags.format !== 'html' && !metadata.flags.format?.setFromDefault) {
        throw new UserError('usage', `--serve serves the html page, not --format ${flags.format}`, { hint: 'Drop --format, or write the file with --format html -o FILE.' });
      }
      // The page's modules (dagre, the page server, the watcher) load only for the page.
      const { serveGraph } = await import('../app/serve-graph.js');
      const serving = await serveGraph({
        ...options,
        port: flags.port ?? 4321,
        watch: flags.watch,
        onUpdate: (update, page) =>
          this.note(this.err.dim(`page updated: ${page.result.nodes.length} nodes, ${page.result.edges.length} edges (${update.changedFiles.join(', ')}, ${update.durationMs} ms)`)),
        onProblem: (error) => this.note(isUserError(error) ? formatUserError(error, this.err) : `${this.err.red('error')}: ${error.message}`),
      });
      return this.serve(serving);
    }
    const result =
      flags.format === 'html'
        ? (await (await import('../app/graph-page.js')).buildGraphPage(options)).result
        : await renderGraph({ ...options, format: flags.format as GraphFormat });
    this.warnings(result.warnings);
    this.diagnostics(result.diagnostics, true);
    if (flags.out) {
      writeOutputFile(path.resolve(flags.out), result.text, flags.out);
      this.note(this.err.dim(`wrote ${result.nodes.length} nodes and ${result.edges.length} edges to ${flags.out}`));
    } else if (!this.jsonEnabled()) {
      process.stdout.write(result.text);
    }
    return result;
  }

  /** Until Ctrl-C (or SIGTERM): the URL on stderr, then the page as it was last served. */
  private async serve(serving: GraphServing): Promise<GraphResult> {
    this.warnings(serving.result().warnings);
    this.diagnostics(serving.result().diagnostics, true);
    this.note(`serving the graph page at ${serving.url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await serving.close();
    // The page itself stays out of --json: it is at the URL.
    return { ...serving.result(), text: '', url: serving.url };
  }

  /** --watch: the graph again on every save (a diff of nodes and edges when stdout is not a TTY); -o rewrites the file. */
  private async watch(options: { project?: string; selection: SelectionRequest }, format: string, out: string | undefined): Promise<undefined> {
    if (format === 'html') throw new UserError('usage', '--watch draws dot, mermaid or json; the html page reloads itself under --serve', { hint: 'Drop --format html, or use --serve.' });
    await runWatch<GraphResult>({
      options: { project: options.project },
      json: this.jsonEnabled(),
      out: this.out,
      err: this.err,
      compute: (loaded) => renderGraph({ ...options, format: format as GraphFormat, loaded }),
      render: (result) => (out ? this.err.dim(`wrote ${result.nodes.length} nodes and ${result.edges.length} edges to ${out}`) : result.text),
      renderChanges: (before, after, update) => renderGraphChanges(before, after, update.diff, this.out),
      diagnostics: 'brief',
      warnings: (result) => result.warnings,
      persist: (result) => {
        if (out) writeOutputFile(path.resolve(out), result.text, out);
      },
    });
    return undefined;
  }
}
