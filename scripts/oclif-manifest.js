// Writes oclif.manifest.json after a build, with oclif's own loader, so that `ca <verb>` imports
// only that verb's module at start-up instead of every command to read their flags.
import { writeFileSync } from 'node:fs';
import { Plugin } from '@oclif/core';

const plugin = new Plugin({ root: process.cwd(), type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
writeFileSync('oclif.manifest.json', `${JSON.stringify(plugin.manifest, null, 2)}\n`);
