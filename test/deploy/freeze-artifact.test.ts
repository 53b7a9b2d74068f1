import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/app/load-project.js';
import type { Artifact, DeploymentRecord } from '../../src/core/deployment.js';
import { DEPLOYABLE_KINDS } from '../../src/core/node.js';
import { artifactHash, freezeArtifact } from '../../src/deploy/freeze-artifact.js';
import { artifactState, compareDeployed } from '../../src/deploy/drift.js';
import { planDeploy } from '../../src/deploy/plan-deploy.js';
import { allNodes, nodeOf } from '../../src/graph/build-graph.js';
import { editFile } from '../helpers/git-repo.js';
import { copyFixture } from '../helpers/temp-project.js';

const DEPLOYABLE = ['answer_question', 'billing_agent', 'concierge', 'escalate', 'refund_desk', 'refund_flow', 'support_chat', 'triage'];

/** Every deployable node of a project folder, frozen, by name. */
async function freezeAll(root: string, caVersion = '0.1.0'): Promise<Map<string, Artifact>> {
  const { graph } = await loadProject({ project: root, noCache: true });
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const artifacts = new Map<string, Artifact>();
  for (const node of allNodes(graph)) {
    if (DEPLOYABLE_KINDS.includes(node.kind)) artifacts.set(node.name, freezeArtifact(node, graph, read, { caVersion, project: 'support-desk@0.1.0' }));
  }
  return artifacts;
}

function hashes(artifacts: Map<string, Artifact>): Record<string, string> {
  return Object.fromEntries([...artifacts].map(([name, artifact]) => [name, artifact.hash]));
}

/** The names whose hash differs between two freezes. */
function moved(before: Map<string, Artifact>, after: Map<string, Artifact>): string[] {
  return [...before.keys()].filter((name) => before.get(name)?.hash !== after.get(name)?.hash).sort();
}

/** What the ledger would hold had this artifact been deployed. */
function deployed(artifact: Artifact, version = 1): DeploymentRecord {
  return {
    id: version,
    env: 'prod',
    node: artifact.manifest.node,
    kind: artifact.manifest.kind,
    version,
    ...artifactState(artifact),
    gitCommit: null,
    gitDirty: false,
    actor: 'casey',
    time: '2025-01-01T00:00:00.000Z',
    target: 'dir .ca/releases/prod',
    outcome: 'succeeded',
    message: null,
    pid: 1,
    host: 'build-1',
    prevHash: '',
    rowHash: `row-${version}`,
  };
}

function get(artifacts: Map<string, Artifact>, name: string): Artifact {
  const artifact = artifacts.get(name);
  if (!artifact) throw new Error(`no artifact for ${name}`);
  return artifact;
}

describe('freezeArtifact on support-desk', () => {
  it('gives the same hash for the same code in two folders, under any ca version', async () => {
    const first = await freezeAll(copyFixture('support-desk'), '0.1.0');
    const second = await freezeAll(copyFixture('support-desk'), '9.9.9');
    expect([...first.keys()].sort()).toEqual(DEPLOYABLE);
    expect(hashes(second)).toEqual(hashes(first));
    expect(get(second, 'triage').manifest.caVersion).toBe('9.9.9');
    // The hash can be recomputed from a stored artifact.
    const triage = get(first, 'triage');
    expect(artifactHash(JSON.parse(JSON.stringify(triage.manifest)))).toBe(triage.hash);
  });

  it('carries the files of the node, of everything it uses and of their helpers', async () => {
    const root = copyFixture('support-desk');
    const refundFlow = get(await freezeAll(root), 'refund_flow');
    expect(Object.keys(refundFlow.manifest.upstream).sort()).toEqual(['check_refund_eligibility', 'issue_refund', 'lookup_ticket', 'refund_decision']);
    expect(refundFlow.manifest.files).toEqual([
      'src/lib/money.ts', // the flow's own helpers (toCents) and the refund tools'
      'src/lib/schemas.ts', // lookup_ticket's TicketRef
      'src/lib/store.ts', // lookup_ticket's and check_refund_eligibility's data
      'src/refunds/actions.ts',
      'src/refunds/decision.ts',
      'src/refunds/refund-flow.ts',
      'src/tickets/lookup.ts',
    ]);
    expect(refundFlow.manifest.helpers).toContain('src/lib/money.ts#toCents');
    expect(refundFlow.manifest.helpers).toContain('src/lib/store.ts#findTicket');
    for (const file of refundFlow.manifest.files) expect(refundFlow.files[file]).toBe(readFileSync(path.join(root, file), 'utf8'));
    expect(refundFlow.manifest.project).toBe('support-desk@0.1.0');
  });

  it('a helper edit moves the artifacts that reach the helper, and only those', async () => {
    const root = copyFixture('support-desk');
    const before = await freezeAll(root);
    editFile(root, 'src/tickets/triage.ts', (text) => text.replace("return vip ? 'p2' : 'p3';", "return vip ? 'p1' : 'p3';"));
    const after = await freezeAll(root);
    expect(moved(before, after)).toEqual(['concierge', 'escalate', 'support_chat', 'triage']);
    expect(compareDeployed(get(after, 'triage'), deployed(get(before, 'triage')))).toEqual({ status: 'drifted', changes: ['code'] });
    expect(compareDeployed(get(after, 'escalate'), deployed(get(before, 'escalate'))).changes).toEqual(['upstream:triage']);
  });

  it('an edit to another declaration of a carried file moves nothing that does not reach it', async () => {
    const root = copyFixture('support-desk');
    const before = await freezeAll(root);
    // searchKb lives in lib/store.ts, which triage and refund_flow carry for findTicket.
    editFile(root, 'src/lib/store.ts', (text) => text.replace('.slice(0, limit)', '.slice(0, Math.max(1, limit))'));
    const after = await freezeAll(root);
    expect(moved(before, after)).toEqual(['answer_question', 'concierge', 'support_chat']);
    expect(get(after, 'refund_flow').files['src/lib/store.ts']).toContain('Math.max(1, limit)');
  });

  it('an upstream tool edit moves every deployable reaching it, and plan and status name the tool', async () => {
    const root = copyFixture('support-desk');
    const before = await freezeAll(root);
    editFile(root, 'src/tickets/lookup.ts', (text) => text.replace('findTicket(ticket),', 'findTicket(ticket.trim()),'));
    const after = await freezeAll(root);
    expect(moved(before, after)).toEqual(['billing_agent', 'concierge', 'escalate', 'refund_flow', 'support_chat', 'triage']);

    const plan = planDeploy({
      artifacts: [...after.values()],
      latestSucceeded: [...before.values()].map((artifact) => deployed(artifact)),
      latest: [...before.values()].map((artifact) => deployed(artifact)),
      isAlive: () => false,
    });
    const byName = Object.fromEntries(plan.nodes.map((node) => [node.node, node]));
    expect(plan.publish).toEqual(['billing_agent', 'concierge', 'escalate', 'refund_flow', 'support_chat', 'triage']);
    expect(byName.refund_flow?.changes).toEqual(['upstream:lookup_ticket']);
    expect(byName.support_chat?.changes).toEqual(['upstream:lookup_ticket']);
    expect(byName.answer_question?.action).toBe('unchanged');
    expect(compareDeployed(get(after, 'escalate'), deployed(get(before, 'escalate')))).toEqual({
      status: 'drifted',
      changes: ['upstream:lookup_ticket'],
    });
    // `ca status` may compare straight from the graph, reading no file: same answer.
    const { graph } = await loadProject({ project: root, noCache: true });
    expect(compareDeployed({ node: nodeOf(graph, 'escalate'), graph }, deployed(get(before, 'escalate'))).changes).toEqual(['upstream:lookup_ticket']);
    expect(compareDeployed({ node: nodeOf(graph, 'answer_question'), graph }, deployed(get(before, 'answer_question'))).status).toBe('in-sync');
  });

  it('whitespace, comments and line endings change no hash and plan nothing', async () => {
    const root = copyFixture('support-desk');
    const before = await freezeAll(root);
    editFile(root, 'src/tickets/triage.ts', (text) =>
      text
        .replace('  run: async (ctx, ticket: string) => {', '  run: async (ctx, ticket: string) => {\n\n    // look the ticket up first\n')
        .replace("  if (category === 'outage'", "      if (category === 'outage'"),
    );
    editFile(root, 'src/lib/money.ts', (text) => text.replace(/\n/g, '\r\n'));
    const after = await freezeAll(root);
    expect(hashes(after)).toEqual(hashes(before));
    expect(get(after, 'triage').files['src/tickets/triage.ts']).toContain('// look the ticket up first');
    const plan = planDeploy({
      artifacts: [...after.values()],
      latestSucceeded: [...before.values()].map((artifact) => deployed(artifact)),
      latest: [],
      isAlive: () => false,
    });
    expect(plan.publish).toEqual([]);
    expect(plan.counts.unchanged).toBe(DEPLOYABLE.length);
  });
});
