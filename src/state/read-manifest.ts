import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EXIT, UserError } from '../core/errors.js';
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
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest) || typeof manifest.schemaVersion !== 'number' || typeof manifest.nodes !== 'object' || manifest.nodes === null || Array.isArray(manifest.nodes)) {
    throw new UserError('baseline-invalid', `${location} is not a ca manifest`, { hint: 'Regenerate it with `ca manifest`.' });
  }
  if (manifest.schemaVersion > MANIFEST_SCHEMA_VERSION) {
    throw new UserError('baseline-too-new', `${location} has manifest schema ${manifest.schemaVersion}; this ca reads up to ${MANIFEST_SCHEMA_VERSION}`, {
      hint: 'Upgrade composable-agents, or write the baseline with the same ca version.',
    });
  }
  // What a state: comparison reads of each node, checked here so a damaged entry is one line naming it.
  const checked = BASELINE_NODES.safeParse(manifest.nodes);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UserError('baseline-invalid', `${location}: nodes.${issue.path.join('.')}: ${issue.message}`, {
      hint: 'the manifest was edited or damaged; regenerate it with `ca manifest` on the base',
      exitCode: EXIT.usage,
    });
  }
  return manifest as Manifest;
}

const FINGERPRINT = z.string().regex(/^[0-9a-f]+$/, 'expected a hex fingerprint');
const BASELINE_NODES = z.record(
  z.string(),
  z.looseObject({
    fingerprints: z.looseObject({ self: FINGERPRINT, body: FINGERPRINT.optional(), config: FINGERPRINT.optional(), code: FINGERPRINT.optional() }),
  }),
);
