import { describe, expect, it } from 'vitest';
import type { Artifact, DeploymentRecord } from '../../src/core/deployment.js';
import type { Fingerprints, NodeKind } from '../../src/core/node.js';
import { compareDeployed, detectChanges } from '../../src/deploy/drift.js';
import { planDeploy, type PlannedNode } from '../../src/deploy/plan-deploy.js';

const HOST = 'build-1';

function fingerprints(tag: string, parts: Partial<Fingerprints> = {}): Fingerprints {
  const body = parts.body ?? `body-${tag}`;
  const config = parts.config ?? `config-${tag}`;
  const code = parts.code ?? `code-${tag}`;
  return { body, config, code, self: parts.self ?? `${body}|${config}|${code}` };
}

/** A frozen artifact, by hand: only what the plan reads. */
function artifact(node: string, kind: NodeKind, own: Fingerprints, upstream: Record<string, string> = {}): Artifact {
  return {
    hash: `hash-${node}-${own.self}-${JSON.stringify(upstream)}`,
    manifest: {
      schemaVersion: 1,
      node,
      kind,
      config: {},
      fingerprints: own,
      upstream: Object.fromEntries(
        Object.entries(upstream).map(([name, self]) => [name, { kind: 'tool' as const, fingerprints: { ...fingerprints(name), self } }]),
      ),
      files: [],
      helpers: [],
      caVersion: '0.1.0',
    },
    files: {},
  };
}

let nextId = 1;
function record(from: Artifact, overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  const id = nextId++;
  return {
    id,
    env: 'prod',
    node: from.manifest.node,
    kind: from.manifest.kind,
    version: 1,
    contentHash: `content-of-${from.hash}`,
    artifactHash: from.hash,
    fingerprints: from.manifest.fingerprints,
    upstream: Object.fromEntries(Object.entries(from.manifest.upstream).map(([name, used]) => [name, used.fingerprints.self])),
    gitCommit: 'abc123',
    gitDirty: false,
    actor: 'casey',
    time: '2025-03-01T10:00:00.000Z',
    target: 'dir .ca/releases/prod',
    outcome: 'succeeded',
    message: null,
    pid: 4242,
    host: HOST,
    prevHash: '',
    rowHash: `row-${id}`,
    ...overrides,
  };
}

function byName(nodes: PlannedNode[]): Record<string, PlannedNode> {
  return Object.fromEntries(nodes.map((node) => [node.node, node]));
}

// Deployed yesterday: triage used lookup_ticket and classify_ticket; escalate used triage.
const triageThen = artifact('triage', 'flow', fingerprints('triage'), { lookup_ticket: 'lookup-v1', classify_ticket: 'classify-v1' });
const escalateThen = artifact('escalate', 'flow', fingerprints('escalate'), { triage: 'triage-v1' });
const conciergeThen = artifact('concierge', 'agent', fingerprints('concierge'), { lookup_ticket: 'lookup-v1' });
const refundDeskThen = artifact('refund_desk', 'session', fingerprints('refund_desk'));

describe('planDeploy', () => {
  it('new, changed (with what), unchanged and interrupted, by name', () => {
    const triageNow = artifact('triage', 'flow', fingerprints('triage', { body: 'body-triage-2' }), {
      lookup_ticket: 'lookup-v2', // moved
      update_ticket: 'update-v1', // added
      // classify_ticket removed
    });
    const escalateNow = escalateThen;
    const billingNow = artifact('billing_agent', 'agent', fingerprints('billing_agent'));
    const refundDeskPending = record(refundDeskThen, { id: 900, version: 2, outcome: 'pending', pid: 777, artifactHash: 'hash-half-published' });
    const succeeded = [record(triageThen), record(escalateThen), record(refundDeskThen)];

    const plan = planDeploy({
      artifacts: [triageNow, escalateNow, billingNow, refundDeskThen],
      latestSucceeded: succeeded,
      latest: [...succeeded.filter((row) => row.node !== 'refund_desk'), refundDeskPending],
      isAlive: (pid, host) => !(pid === 777 && host === HOST),
    });

    const nodes = byName(plan.nodes);
    expect(plan.nodes.map((node) => node.node)).toEqual(['billing_agent', 'escalate', 'refund_desk', 'triage']);
    expect(nodes.billing_agent).toMatchObject({ action: 'new', publish: true, changes: [] });
    expect(nodes.billing_agent?.deployed).toBeUndefined();
    expect(nodes.escalate).toMatchObject({ action: 'unchanged', publish: false, forced: false, changes: [] });
    expect(nodes.triage).toMatchObject({
      action: 'changed',
      publish: true,
      changes: ['body', 'upstream:classify_ticket', 'upstream:lookup_ticket', 'upstream:update_ticket'],
      deployed: { version: 1, artifactHash: triageThen.hash },
      artifactHash: triageNow.hash,
    });
    expect(nodes.refund_desk).toMatchObject({
      action: 'interrupted',
      publish: true,
      changes: [],
      interrupted: { version: 2, pid: 777, host: HOST, artifactHash: 'hash-half-published' },
    });
    expect(plan.publish).toEqual(['billing_agent', 'refund_desk', 'triage']);
    expect(plan.counts).toEqual({ new: 1, changed: 1, unchanged: 1, interrupted: 1 });
  });

  it('a pending row whose process still runs is not interrupted', () => {
    const pending = record(refundDeskThen, { version: 2, outcome: 'pending', pid: process.pid });
    const plan = planDeploy({
      artifacts: [refundDeskThen],
      latestSucceeded: [record(refundDeskThen)],
      latest: [pending],
      isAlive: () => true,
    });
    expect(plan.nodes[0]?.action).toBe('unchanged');
  });

  it('an interrupted first deploy republishes with nothing to compare', () => {
    const plan = planDeploy({
      artifacts: [conciergeThen],
      latestSucceeded: [],
      latest: [record(conciergeThen, { outcome: 'pending' })],
      isAlive: () => false,
    });
    expect(plan.nodes[0]).toMatchObject({ action: 'interrupted', publish: true, changes: [] });
    expect(plan.nodes[0]?.deployed).toBeUndefined();
  });

  it('a failed latest row leaves the node compared with its last success', () => {
    const plan = planDeploy({
      artifacts: [conciergeThen],
      latestSucceeded: [record(conciergeThen)],
      latest: [record(conciergeThen, { version: 2, outcome: 'failed', artifactHash: 'other' })],
      isAlive: () => false,
    });
    expect(plan.nodes[0]).toMatchObject({ action: 'unchanged', publish: false });
  });

  it('--force republishes unchanged nodes and says so', () => {
    const plan = planDeploy({
      artifacts: [escalateThen, artifact('answer_question', 'flow', fingerprints('answer_question'))],
      latestSucceeded: [record(escalateThen)],
      latest: [record(escalateThen)],
      isAlive: () => false,
      force: true,
    });
    expect(byName(plan.nodes).escalate).toMatchObject({ action: 'unchanged', publish: true, forced: true });
    expect(byName(plan.nodes).answer_question).toMatchObject({ action: 'new', publish: true, forced: false });
    expect(plan.publish).toEqual(['answer_question', 'escalate']);
    expect(plan.force).toBe(true);
  });
});

describe('compareDeployed and detectChanges', () => {
  it('names each own part that moved, in order, then upstream nodes by name', () => {
    const deployed = record(triageThen);
    const now = artifact('triage', 'flow', fingerprints('triage', { config: 'config-2', code: 'code-2' }), {
      lookup_ticket: 'lookup-v1',
      classify_ticket: 'classify-v2',
    });
    expect(compareDeployed(now, deployed)).toEqual({ status: 'drifted', changes: ['config', 'code', 'upstream:classify_ticket'] });
    expect(compareDeployed(triageThen, deployed)).toEqual({ status: 'in-sync', changes: [] });
  });

  it('the plan and status agree, since they share one detection', () => {
    const now = artifact('concierge', 'agent', fingerprints('concierge'), { lookup_ticket: 'lookup-v3' });
    const deployed = record(conciergeThen);
    const plan = planDeploy({ artifacts: [now], latestSucceeded: [deployed], latest: [deployed], isAlive: () => false });
    expect(plan.nodes[0]?.changes).toEqual(compareDeployed(now, deployed).changes);
    expect(detectChanges({ fingerprints: now.manifest.fingerprints, upstream: { lookup_ticket: 'lookup-v3' } }, deployed)).toEqual([
      'upstream:lookup_ticket',
    ]);
  });
});
