import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { type Manifest, MANIFEST_SCHEMA_VERSION } from '../core/manifest.js';

/** A manifest written by `ca manifest`: a file, or a folder holding manifest.json. */
export function readManifest(location: string, cwd: string): Manifest {
  let file = path.resolve(cwd, location);
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'manifest.json');
  if (!existsSync(file)) {
    throw new UserError('baseline-not-found', `no manifest at ${location}`, {
      hint: 'Write one with `ca manifest -o FILE` on the base, or use --state git:<ref>.',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError('baseline-invalid', `${location} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Regenerate it with `ca manifest`.',
    });
  }
  const manifest = data as Partial<Manifest>;
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.schemaVersion !== 'number' || typeof manifest.nodes !== 'object') {
    throw new UserError('baseline-invalid', `${location} is not a ca manifest`, { hint: 'Regenerate it with `ca manifest`.' });
  }
  if (manifest.schemaVersion > MANIFEST_SCHEMA_VERSION) {
    throw new UserError('baseline-too-new', `${location} has manifest schema ${manifest.schemaVersion}; this ca reads up to ${MANIFEST_SCHEMA_VERSION}`, {
      hint: 'Upgrade composable-agents, or write the baseline with the same ca version.',
    });
  }
  return manifest as Manifest;
}
