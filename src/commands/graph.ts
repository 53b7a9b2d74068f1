import path from 'node:path';
import { Flags } from '@oclif/core';
import { renderGraph } from '../app/render-graph.js';
import { writeOutputFile } from '../app/write-output-file.js';
import { CaCommand } from '../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import { GRAPH_FORMATS, type GraphResult } from '../core/results.js';

export default class Graph extends CaCommand<GraphResult> {
  static override summary = 'Print the selected part of the cross-agent graph as DOT, Mermaid or JSON.';
  static override examples = [
    '<%= config.bin %> graph | dot -Tsvg > agents.svg',
    '<%= config.bin %> graph --format mermaid -s concierge',
    '<%= config.bin %> graph --format json -o graph.json',
  ];

  static override flags = {
    ...selectionFlags,
    format: Flags.string({ char: 'f', summary: 'Output format.', options: [...GRAPH_FORMATS], default: 'dot' }),
    out: Flags.string({ char: 'o', summary: 'Write to this file instead of stdout.' }),
  };

  async run(): Promise<GraphResult> {
    const { flags } = await this.parse(Graph);
    const result = await renderGraph({
      project: flags.project,
      selection: selectionRequest(flags),
      format: flags.format as GraphResult['format'],
    });
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
}
