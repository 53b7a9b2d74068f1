import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../../src/core/deployment.js';
import { fingerprintChanges, parseRelease, releaseMismatches, releaseOfDeployments, releaseText } from '../../src/deploy/release.js';

function row(node: string, self: string, upstream: Record<string, string> = {}, fields: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    id: 1, env: 'prod', node, kind: 'flow', version: 1, artifactHash: `a-${node}-${self}`, contentHash: 'c', fingerprints: { body: 'b', config: 'c', code: 'd', self }, upstream,
    gitCommit: null, gitDirty: false, actor: 'casey', time: '2026-12-07T00:00:00Z', target: 'worker queue prod', outcome: 'succeeded', message: null, pid: 1, host: 'h', prevHash: '', rowHash: 'r',
    ...fields,
  };
}

describe('releases (SPEC §14)', () => {
  it('are content-addressed: the same rows in any order, at any version, by anyone, are the same release; another fingerprint is another one', () => {
    const a = releaseOfDeployments('prod', [row('refund_flow', 's1', { issue_refund: 't1' }), row('triage', 's2')]);
    const b = releaseOfDeployments('prod', [row('triage', 's2', {}, { version: 7, actor: 'robin' }), row('refund_flow', 's1', { issue_refund: 't1' })]);
    expect(b.id).toBe(a.id);
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
    expect(a.manifest.nodes.refund_flow).toEqual({ kind: 'flow', artifact: 'a-refund_flow-s1', fingerprints: { refund_flow: 's1', issue_refund: 't1' } });
    expect(releaseOfDeployments('prod', [row('refund_flow', 's1', { issue_refund: 't2' }), row('triage', 's2')]).id).not.toBe(a.id);
    expect(releaseOfDeployments('staging', [row('refund_flow', 's1', { issue_refund: 't1' }), row('triage', 's2')]).id).not.toBe(a.id);
  });

  it('read back only when the text hashes to its id: an altered record decides nothing', () => {
    const release = releaseOfDeployments('prod', [row('refund_flow', 's1')]);
    const text = releaseText(release.manifest);
    expect(parseRelease(release.id, text)).toEqual(release);
    expect(parseRelease(release.id, text.replace('s1', 's9'))).toBeUndefined();
    expect(parseRelease(release.id, 'not json')).toBeUndefined();
  });

  it('are served by code with the same fingerprint for every node and everything it reaches, and say what differs otherwise', () => {
    const release = releaseOfDeployments('prod', [row('refund_flow', 's1', { issue_refund: 't1', lookup_order: 'l1' }), row('triage', 's2')]);
    const code: Record<string, Record<string, string>> = {
      refund_flow: { refund_flow: 's1', issue_refund: 't1', lookup_order: 'l1' },
      triage: { triage: 's2' },
    };
    expect(releaseMismatches(release, (node) => code[node])).toEqual([]);
    code.refund_flow = { refund_flow: 's1', issue_refund: 't2', lookup_order: 'l1', notify: 'n1' };
    delete code.triage;
    expect(releaseMismatches(release, (node) => code[node])).toEqual([
      { node: 'refund_flow', changes: [{ name: 'issue_refund', then: 't1', now: 't2' }, { name: 'notify', now: 'n1' }] },
      { node: 'triage', changes: [{ name: 'triage', then: 's2' }] },
    ]);
    expect(fingerprintChanges({ a: '1', b: '1' }, { a: '2', b: '2' }, new Set(['b']))).toEqual([{ name: 'b', then: '1', now: '2' }]);
  });
});
