import path from 'node:path';
import { Flags } from '@oclif/core';
import { writeManifest } from '../app/write-manifest.js';
import { CaCommand } from '../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../cli/selection-flags.js';
import type { ManifestResult } from '../core/results.js';

export default class Manifest extends CaCommand<ManifestResult> {
  static override summary = 'Write the manifest of every node: the baseline `--state` compares against.';
  static override examples = [
    '<%= config.bin %> manifest',
    '<%= config.bin %> manifest -o artifacts/manifest.json',
    '<%= config.bin %> manifest -o - | jq ".nodes | keys"',
  ];

  static override flags = {
    ...selectionFlags,
    out: Flags.string({ char: 'o', summary: 'Where to write it (default .ca/manifest.json in the project; - for stdout).' }),
  };

  async run(): Promise<ManifestResult> {
    const { flags } = await this.parse(Manifest);
    const result = await writeManifest({ project: flags.project, selection: selectionRequest(flags), out: flags.out });
    this.warnings(result.warnings);
    this.diagnostics(result.diagnostics, true);
    const count = Object.keys(result.manifest.nodes).length;
    if (result.path === '-') {
      if (!this.jsonEnabled()) process.stdout.write(`${JSON.stringify(result.manifest, null, 2)}\n`);
    } else {
      const relative = path.relative(process.cwd(), result.path);
      const shown = relative.startsWith('..') || path.isAbsolute(relative) ? result.path : relative;
      // Status, not data: stderr, as for `ca graph -o`.
      this.note(`wrote ${count} node${count === 1 ? '' : 's'} to ${shown}`);
    }
    return result;
  }
}
