import type { NewDeployment } from '../../../src/core/deployment.js';
import { sha256 } from '../../../src/core/hash.js';

/** A plausible deploy of one support-desk node: the fingerprints derive from `revision`, so two revisions differ. */
export function newDeployment(env: string, node: string, revision = 1, overrides: Partial<NewDeployment> = {}): NewDeployment {
  const fingerprint = (part: string) => sha256(`${node}:${part}:${revision}`);
  return {
    env,
    node,
    kind: 'agent',
    artifactHash: sha256(`${node}:artifact:${revision}`),
    contentHash: sha256(`${node}:content:${revision}`),
    fingerprints: { body: fingerprint('body'), config: fingerprint('config'), code: fingerprint('code'), self: fingerprint('self') },
    upstream: { lookup_order: sha256(`lookup_order:${revision}`) },
    gitCommit: '3f2a9c1d8e7b6a5f4c3d2e1f0a9b8c7d6e5f4a3b',
    gitDirty: false,
    actor: 'casey@example.com',
    target: `dir .ca/releases/${env}`,
    ...overrides,
  };
}
