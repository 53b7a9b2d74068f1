import type { Artifact, ArtifactManifest } from '../../src/core/deployment.js';
import { artifactHash } from '../../src/deploy/freeze-artifact.js';

/** A small real-shaped artifact for target tests: the triage flow with one file. */
export function triageArtifact(node = 'triage', body = 'body-1'): Artifact {
  const manifest: ArtifactManifest = {
    schemaVersion: 1,
    node,
    kind: 'flow',
    config: { retries: 2 },
    fingerprints: { body, config: 'config-1', code: 'code-1', self: `self-${body}` },
    upstream: { lookup_ticket: { kind: 'tool', fingerprints: { body: 'b', config: 'c', code: 'd', self: 'lookup-self' } } },
    files: ['src/tickets/triage.ts'],
    helpers: [],
    caVersion: '0.1.0',
  };
  return { hash: artifactHash(manifest), manifest, files: { 'src/tickets/triage.ts': `export const triage = flow({ name: '${node}' });\n` } };
}
