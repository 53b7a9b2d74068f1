import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type LoadedProject } from '../../src/app/load-project.js';
import type { StateDiff } from '../../src/core/state-diff.js';
import { planSelection, runSelection } from '../../src/selection/select-nodes.js';
import { FIXTURES } from '../helpers/temp-project.js';

export const SELECTION_GRAPH = path.join(FIXTURES, 'selection', 'graph');

/*
 * fixtures/selection/graph: 19 nodes. Edge B ──► A when A uses B (B is a parent of A).
 *
 *   void_invoice ────────────────────────────────────────────────► dunning_flow
 *   dunning_notice ──────────────────────────────────────────────►     ▲
 *   fetch_invoice ──┬──────────────────────────────────────────────────┘
 *                   ├──► check_eligibility ──► refund_flow ──┬──► billing_agent ──► billing_chat
 *                   │          ▲                 ▲     ▲     │         ▲
 *                   └──────────┼─────────────────┼─────┼─────┼─────────┘   (fetch_invoice ──► billing_agent)
 *   lookup_ticket ──┬──────────┘                 │     │     │
 *                   │          refund_decision ──┘     │     │
 *                   │          issue_refund ───────────┘     ▼
 *                   └──► triage ──────────────────────► concierge ──► support_chat
 *   classify_ticket ───►  ▲  │                             ▲
 *   update_ticket ─────►──┘  └──► escalate ────────────────┘
 *   notify_tier2 ────────────────►   ▲      (classify_ticket, update_ticket ──► triage; notify_tier2 ──► escalate)
 *
 *   archive_stale_tickets   (isolated: no parents, no children)
 *
 * Parents, exactly:
 *   dunning_flow      ← fetch_invoice, dunning_notice, void_invoice
 *   check_eligibility ← lookup_ticket, fetch_invoice                     (two parents)
 *   triage            ← lookup_ticket, classify_ticket, update_ticket
 *   escalate          ← triage, notify_tier2
 *   refund_flow       ← check_eligibility, refund_decision, issue_refund
 *   concierge         ← triage, escalate, refund_flow                   (reached from triage by two routes)
 *   billing_agent     ← fetch_invoice, refund_flow                      (1 hop and 3 hops from fetch_invoice)
 *   support_chat      ← concierge
 *   billing_chat      ← billing_agent
 * Diamond: lookup_ticket → {triage, check_eligibility} → … → concierge.
 * Chain of depth 4: lookup_ticket → check_eligibility → refund_flow → concierge → support_chat.
 *
 * node                   kind      file                          tags                 config
 * fetch_invoice          tool      src/billing/invoices.ts       billing, invoices    effect read, idempotent true, regions [eu, us]
 * void_invoice           tool      src/billing/invoices.ts       billing, invoices    effect dangerous, idempotent false, regions [us]
 * dunning_notice         reasoner  src/billing/dunning.ts        billing              model openai:gpt-4o-mini, temperature 0.2, maxTokens 300
 * dunning_flow           flow      src/billing/dunning.ts        billing, nightly     —
 * billing_agent          agent     src/billing/billing-agent.ts  billing, tier2       model openai:gpt-4o-mini, regions [eu], budget {maxRounds 6, maxUsd 0.25}
 * lookup_ticket          tool      src/tickets/lookup.ts         support, tickets     effect read, idempotent true, regions [eu, us, apac]
 * update_ticket          tool      src/tickets/lookup.ts         support, tickets     effect write, idempotent false
 * classify_ticket        reasoner  src/tickets/classify.ts       tickets              model openai:gpt-4o-mini
 * triage                 flow      src/tickets/triage.ts         support, tickets     —
 * notify_tier2           tool      src/tickets/escalate.ts       support, tier2       effect write, idempotent false
 * escalate               flow      src/tickets/escalate.ts       support, tier2       —
 * archive_stale_tickets  tool      src/tickets/archive.ts        tickets, nightly     effect write, idempotent true
 * check_eligibility      flow      src/refunds/eligibility.ts    refunds              —
 * issue_refund           tool      src/refunds/actions.ts        refunds, billing     effect dangerous, idempotent false, regions [eu]
 * refund_decision        reasoner  src/refunds/decision.ts       (none)               model anthropic:claude-3-5-haiku
 * refund_flow            flow      src/refunds/refund-flow.ts    refunds, support     —
 * concierge              agent     src/agents.ts                 support, tier2       model openai:gpt-4o, budget {maxRounds 8, maxUsd 0.5}
 * support_chat           session   src/sessions.ts               support              —
 * billing_chat           session   src/sessions.ts               billing              —
 *
 * Named selectors (ca.yaml): invoice_touch, support_no_writes, support_tools, refund_near,
 * triage_downstream, dunning_context, nightly, ci, changed (state), deployables (default: true).
 */

const PARENTS: Record<string, string[]> = {
  fetch_invoice: [],
  void_invoice: [],
  dunning_notice: [],
  dunning_flow: ['dunning_notice', 'fetch_invoice', 'void_invoice'],
  billing_agent: ['fetch_invoice', 'refund_flow'],
  lookup_ticket: [],
  update_ticket: [],
  classify_ticket: [],
  triage: ['classify_ticket', 'lookup_ticket', 'update_ticket'],
  notify_tier2: [],
  escalate: ['notify_tier2', 'triage'],
  archive_stale_tickets: [],
  check_eligibility: ['fetch_invoice', 'lookup_ticket'],
  issue_refund: [],
  refund_decision: [],
  refund_flow: ['check_eligibility', 'issue_refund', 'refund_decision'],
  concierge: ['escalate', 'refund_flow', 'triage'],
  support_chat: ['concierge'],
  billing_chat: ['billing_agent'],
};
const ALL = Object.keys(PARENTS);

/** Everything except these. */
const allBut = (...names: string[]): string[] => ALL.filter((name) => !names.includes(name));

// The baseline comparison, by hand: two new nodes, one body change, one config change, two code changes
// (check_eligibility changed in body and code). Their children are not modified themselves.
const STATE: StateDiff = {
  baseline: 'git:origin/main',
  new: ['archive_stale_tickets', 'notify_tier2'],
  old: allBut('archive_stale_tickets', 'notify_tier2'),
  modified: {
    body: ['check_eligibility'],
    config: ['void_invoice'],
    code: ['classify_ticket', 'check_eligibility'],
  },
  removed: ['legacy_refund_bot'],
};

const MODIFIED = ['archive_stale_tickets', 'notify_tier2', 'check_eligibility', 'void_invoice', 'classify_ticket'];
const MODIFIED_AND_DOWNSTREAM = [
  ...MODIFIED,
  'triage', // ← classify_ticket
  'escalate', // ← notify_tier2, triage
  'refund_flow', // ← check_eligibility
  'concierge',
  'billing_agent',
  'support_chat',
  'billing_chat',
  'dunning_flow', // ← void_invoice
];

const SUPPORT = ['lookup_ticket', 'update_ticket', 'triage', 'notify_tier2', 'escalate', 'refund_flow', 'concierge', 'support_chat'];
const BILLING = ['fetch_invoice', 'void_invoice', 'dunning_notice', 'dunning_flow', 'billing_agent', 'issue_refund', 'billing_chat'];
const FLOWS = ['dunning_flow', 'triage', 'escalate', 'check_eligibility', 'refund_flow'];
const TOOLS = ['fetch_invoice', 'void_invoice', 'lookup_ticket', 'update_ticket', 'notify_tier2', 'archive_stale_tickets', 'issue_refund'];
/** Ancestors of concierge (11), concierge excluded. */
const UP_OF_CONCIERGE = [
  'triage',
  'escalate',
  'refund_flow',
  'lookup_ticket',
  'classify_ticket',
  'update_ticket',
  'notify_tier2',
  'check_eligibility',
  'refund_decision',
  'issue_refund',
  'fetch_invoice',
];
const SUPPORT_NO_WRITES = ['lookup_ticket', 'triage', 'escalate', 'refund_flow', 'concierge', 'support_chat', 'billing_chat'];
const NIGHTLY = ['dunning_flow', 'archive_stale_tickets'];
const DEPLOYABLES = ['triage', 'escalate', 'check_eligibility', 'refund_flow', 'billing_agent', 'concierge', 'support_chat', 'billing_chat'];

interface RowOptions {
  /** --selector NAME */
  selector?: string;
  /** Drop `default: true` from the fixture's selectors. */
  withoutDefault?: boolean;
}
type Row = [description: string, select: string[], exclude: string[], expected: string[], options?: RowOptions];

const ROWS: Row[] = [
  // ── name (the default method): exact, or fnmatch globs ─────────────────────────────
  ['bare value is an exact name', ['triage'], [], ['triage']],
  ['name: explicitly', ['name:concierge'], [], ['concierge']],
  ['bare value is not a substring match', ['refund'], [], []],
  ['name glob *', ['refund_*'], [], ['refund_decision', 'refund_flow']],
  ['name glob * at the start (archive_stale_tickets ends in "tickets")', ['name:*_ticket'], [], ['lookup_ticket', 'update_ticket', 'classify_ticket']],
  ['name glob ?', ['triag?'], [], ['triage']],
  ['name glob [bc]*', ['[bc]*'], [], ['billing_agent', 'billing_chat', 'check_eligibility', 'classify_ticket', 'concierge']],
  ['name glob * alone is every node', ['*'], [], ALL],

  // ── tag ──────────────────────────────────────────────────────────────────────────
  ['tag', ['tag:nightly'], [], NIGHTLY],
  ['tag shared by five nodes', ['tag:tickets'], [], ['lookup_ticket', 'update_ticket', 'classify_ticket', 'triage', 'archive_stale_tickets']],
  ['tag glob', ['tag:tier*'], [], ['billing_agent', 'notify_tier2', 'escalate', 'concierge']],
  ['tag glob on a second tag', ['tag:inv*'], [], ['fetch_invoice', 'void_invoice']],
  ['tag glob ?', ['tag:nightl?'], [], NIGHTLY],
  ['tag:* skips the untagged node', ['tag:*'], [], allBut('refund_decision')],

  // ── kind ─────────────────────────────────────────────────────────────────────────
  ['kind:flow', ['kind:flow'], [], FLOWS],
  ['kind:reasoner', ['kind:reasoner'], [], ['dunning_notice', 'classify_ticket', 'refund_decision']],
  ['kind:session', ['kind:session'], [], ['support_chat', 'billing_chat']],

  // ── path ─────────────────────────────────────────────────────────────────────────
  ['path: a folder', ['path:src/refunds'], [], ['check_eligibility', 'issue_refund', 'refund_decision', 'refund_flow']],
  ['path: ./folder/ is normalised', ['path:./src/billing/'], [], ['fetch_invoice', 'void_invoice', 'dunning_notice', 'dunning_flow', 'billing_agent']],
  ['path: a file', ['path:src/tickets/escalate.ts'], [], ['notify_tier2', 'escalate']],
  ['path: glob * stays in one folder', ['path:src/*.ts'], [], ['concierge', 'support_chat', 'billing_chat']],
  ['path: glob ** crosses folders', ['path:src/**/*-*.ts'], [], ['billing_agent', 'refund_flow']],
  ['path: a folder prefix is not a folder', ['path:src/bill'], [], []],
  ['path: the source root is every node', ['path:src'], [], ALL],

  // ── file ─────────────────────────────────────────────────────────────────────────
  ['file: stem', ['file:invoices'], [], ['fetch_invoice', 'void_invoice']],
  ['file: name with extension', ['file:escalate.ts'], [], ['notify_tier2', 'escalate']],
  ['file: stem is whole (agents ≠ billing-agent)', ['file:agents'], [], ['concierge']],
  ['file: glob', ['file:*-*'], [], ['billing_agent', 'refund_flow']],

  // ── config.<key> ────────────────────────────────────────────────────────────────
  ['config string', ['config.effect:dangerous'], [], ['void_invoice', 'issue_refund']],
  ['config string (write)', ['config.effect:write'], [], ['update_ticket', 'notify_tier2', 'archive_stale_tickets']],
  ['config boolean true', ['config.idempotent:true'], [], ['fetch_invoice', 'lookup_ticket', 'archive_stale_tickets']],
  ['config boolean, any case', ['config.idempotent:FALSE'], [], ['void_invoice', 'update_ticket', 'notify_tier2', 'issue_refund']],
  ['config boolean, mixed case', ['config.idempotent:True'], [], ['fetch_invoice', 'lookup_ticket', 'archive_stale_tickets']],
  ['config list membership', ['config.regions:us'], [], ['fetch_invoice', 'void_invoice', 'lookup_ticket']],
  ['config list membership (one holder)', ['config.regions:apac'], [], ['lookup_ticket']],
  ['config nested key', ['config.budget.maxRounds:8'], [], ['concierge']],
  ['config nested key, decimal', ['config.budget.maxUsd:0.25'], [], ['billing_agent']],
  ['config number', ['config.temperature:0.2'], [], ['dunning_notice']],
  ['config value holding a colon', ['config.model:openai:gpt-4o-mini'], [], ['dunning_notice', 'classify_ticket', 'billing_agent']],

  // ── graph operators ─────────────────────────────────────────────────────────────
  ['+x: all ancestors', ['+refund_flow'], [], ['refund_flow', 'check_eligibility', 'refund_decision', 'issue_refund', 'lookup_ticket', 'fetch_invoice']],
  ['1+x: parents only', ['1+refund_flow'], [], ['refund_flow', 'check_eligibility', 'refund_decision', 'issue_refund']],
  ['+x over the diamond', ['+concierge'], [], ['concierge', ...UP_OF_CONCIERGE]],
  ['2+x stops before fetch_invoice (3 hops)', ['2+concierge'], [], ['concierge', ...UP_OF_CONCIERGE.filter((name) => name !== 'fetch_invoice')]],
  ['x+: all descendants', ['lookup_ticket+'], [], ['lookup_ticket', 'triage', 'check_eligibility', 'escalate', 'concierge', 'refund_flow', 'support_chat', 'billing_agent', 'billing_chat']],
  ['x+1', ['lookup_ticket+1'], [], ['lookup_ticket', 'triage', 'check_eligibility']],
  ['x+2: concierge is 2 hops via triage', ['lookup_ticket+2'], [], ['lookup_ticket', 'triage', 'check_eligibility', 'escalate', 'concierge', 'refund_flow']],
  ['x+3', ['lookup_ticket+3'], [], ['lookup_ticket', 'triage', 'check_eligibility', 'escalate', 'concierge', 'refund_flow', 'support_chat', 'billing_agent']],
  ['x+1 counts the shortest route (billing_agent is 1 and 3 hops away)', ['fetch_invoice+1'], [], ['fetch_invoice', 'dunning_flow', 'check_eligibility', 'billing_agent']],
  ['x+2 from fetch_invoice', ['fetch_invoice+2'], [], ['fetch_invoice', 'dunning_flow', 'check_eligibility', 'billing_agent', 'refund_flow', 'billing_chat']],
  ['+x+', ['+triage+'], [], ['triage', 'lookup_ticket', 'classify_ticket', 'update_ticket', 'escalate', 'concierge', 'support_chat']],
  ['N+x+N', ['1+escalate+1'], [], ['escalate', 'triage', 'notify_tier2', 'concierge']],
  ['+x+ on a node without parents', ['+dunning_notice+'], [], ['dunning_notice', 'dunning_flow']],
  ['@x adds the parents of descendants', ['@dunning_notice'], [], ['dunning_notice', 'dunning_flow', 'fetch_invoice', 'void_invoice']],
  ['@x through the diamond', ['@escalate'], [], ['escalate', 'support_chat', 'concierge', ...UP_OF_CONCIERGE]],
  ['@x on the isolated node', ['@archive_stale_tickets'], [], ['archive_stale_tickets']],
  ['+x+ on the isolated node', ['+archive_stale_tickets+'], [], ['archive_stale_tickets']],
  ['@ with a method', ['@tag:invoices'], [], allBut('archive_stale_tickets')],
  ['+ with a method', ['+kind:session'], [], allBut('void_invoice', 'dunning_notice', 'dunning_flow', 'archive_stale_tickets')],

  // ── intersection (comma) ────────────────────────────────────────────────────────
  ['intersection', ['tag:support,kind:flow'], [], ['triage', 'escalate', 'refund_flow']],
  ['operators apply before the intersection', ['+tag:tier2,kind:flow'], [], ['triage', 'escalate', 'check_eligibility', 'refund_flow']],
  ['children operator, then intersection', ['tag:invoices+1,kind:flow'], [], ['dunning_flow', 'check_eligibility']],
  ['three-way intersection', ['tag:billing,kind:tool,config.effect:dangerous'], [], ['void_invoice', 'issue_refund']],
  ['intersection of path and boolean config', ['path:src/tickets,config.idempotent:false'], [], ['update_ticket', 'notify_tier2']],
  ['intersection of list config and kind', ['config.regions:eu,kind:tool'], [], ['fetch_invoice', 'lookup_ticket', 'issue_refund']],
  ['empty intersection', ['tag:nightly,kind:agent'], [], []],

  // ── union (space, repeated flags) ───────────────────────────────────────────────
  ['space union', ['kind:agent kind:session'], [], ['billing_agent', 'concierge', 'support_chat', 'billing_chat']],
  ['repeated --select', ['kind:agent', 'kind:session'], [], ['billing_agent', 'concierge', 'support_chat', 'billing_chat']],
  ['extra whitespace', ['  tag:invoices   kind:session '], [], ['fetch_invoice', 'void_invoice', 'support_chat', 'billing_chat']],
  ['union of operator terms over two flags', ['triage+1 tag:invoices', 'issue_refund'], [], ['triage', 'escalate', 'concierge', 'fetch_invoice', 'void_invoice', 'issue_refund']],
  ['comma binds tighter than space', ['tag:nightly kind:reasoner,tag:tickets'], [], [...NIGHTLY, 'classify_ticket']],

  // ── --exclude ───────────────────────────────────────────────────────────────────
  ['exclude', ['tag:support'], ['kind:tool'], ['triage', 'escalate', 'refund_flow', 'concierge', 'support_chat']],
  ['exclude alone: every node but (no default selector)', [], ['tag:billing'], allBut(...BILLING)],
  ['exclude with x+', ['tag:support'], ['triage+'], ['lookup_ticket', 'update_ticket', 'notify_tier2', 'refund_flow']],
  ['exclude with +x', ['+refund_flow'], ['+check_eligibility'], ['refund_flow', 'refund_decision', 'issue_refund']],
  ['exclude with N+x', ['tag:tier2'], ['1+concierge'], ['billing_agent', 'notify_tier2']],
  ['exclude with x+N', ['path:src/refunds'], ['check_eligibility+1'], ['issue_refund', 'refund_decision']],
  ['exclude with @x', ['kind:flow'], ['@dunning_notice'], ['triage', 'escalate', 'check_eligibility', 'refund_flow']],
  ['@a b --exclude c+', ['@dunning_notice triage'], ['fetch_invoice+'], ['dunning_notice', 'void_invoice', 'triage']],
  ['exclude an intersection', ['kind:tool'], ['tag:billing,config.idempotent:false'], ['fetch_invoice', 'lookup_ticket', 'update_ticket', 'notify_tier2', 'archive_stale_tickets']],
  ['repeated --exclude', ['kind:tool'], ['tag:billing', 'tag:tickets'], ['notify_tier2']],
  ['exclude everything selected', ['tag:invoices'], ['path:src/billing'], []],
  ['exclude a named selector', ['tag:billing'], ['selector:nightly'], ['fetch_invoice', 'void_invoice', 'dunning_notice', 'billing_agent', 'issue_refund', 'billing_chat']],

  // ── selector: inside --select ───────────────────────────────────────────────────
  ['selector: the {tag: x} shorthand', ['selector:nightly'], [], NIGHTLY],
  ['selector: union with an exclude item', ['selector:support_no_writes'], [], SUPPORT_NO_WRITES],
  ['selector: that references selectors (exclude stays scoped)', ['selector:ci'], [], [...SUPPORT_NO_WRITES, ...NIGHTLY]],
  ['selector: in an intersection', ['selector:support_tools,config.effect:read'], [], ['lookup_ticket', 'fetch_invoice']],
  ['selector: with +', ['+selector:nightly'], [], [...NIGHTLY, 'fetch_invoice', 'void_invoice', 'dunning_notice']],

  // ── --selector NAME ─────────────────────────────────────────────────────────────
  ['--selector: CLI-style string', [], [], ['fetch_invoice', 'void_invoice', 'dunning_flow', 'check_eligibility', 'billing_agent', 'refund_decision'], { selector: 'invoice_touch' }],
  ['--selector: union with exclude', [], [], SUPPORT_NO_WRITES, { selector: 'support_no_writes' }],
  ['--selector: intersection with parents: true', [], [], ['lookup_ticket', 'update_ticket', 'notify_tier2', 'issue_refund', 'fetch_invoice'], { selector: 'support_tools' }],
  ['--selector: parents_depth and children_depth', [], [], ['refund_flow', 'check_eligibility', 'refund_decision', 'issue_refund', 'concierge', 'billing_agent'], { selector: 'refund_near' }],
  ['--selector: children with exclude', [], [], ['triage', 'escalate', 'concierge'], { selector: 'triage_downstream' }],
  ['--selector: childrens_parents', [], [], ['dunning_notice', 'dunning_flow', 'fetch_invoice', 'void_invoice'], { selector: 'dunning_context' }],
  ['--selector: {tag: nightly}', [], [], NIGHTLY, { selector: 'nightly' }],
  ['--selector: references other selectors', [], [], [...SUPPORT_NO_WRITES, ...NIGHTLY], { selector: 'ci' }],
  ['--selector: the default one, named', [], [], DEPLOYABLES, { selector: 'deployables' }],
  ['--selector with --exclude', [], ['kind:session'], ['lookup_ticket', 'triage', 'escalate', 'refund_flow', 'concierge', ...NIGHTLY], { selector: 'ci' }],

  // ── default selector ────────────────────────────────────────────────────────────
  ['no selection: the default selector', [], [], DEPLOYABLES],
  ['--select given: the default does not apply (dunning_flow is back)', ['tag:nightly'], [], NIGHTLY],
  ['no selection, no default: every node', [], [], ALL, { withoutDefault: true }],

  // ── state: (against the hand-made StateDiff) ────────────────────────────────────
  ['state:new', ['state:new'], [], ['archive_stale_tickets', 'notify_tier2']],
  ['state:old', ['state:old'], [], allBut('archive_stale_tickets', 'notify_tier2')],
  ['state:modified = new + body/config/code changes', ['state:modified'], [], MODIFIED],
  ['state:modified.body (and new)', ['state:modified.body'], [], ['archive_stale_tickets', 'notify_tier2', 'check_eligibility']],
  ['state:modified.config (and new)', ['state:modified.config'], [], ['archive_stale_tickets', 'notify_tier2', 'void_invoice']],
  ['state:modified.code (and new)', ['state:modified.code'], [], ['archive_stale_tickets', 'notify_tier2', 'classify_ticket', 'check_eligibility']],
  ['state:unmodified = old and not modified', ['state:unmodified'], [], allBut(...MODIFIED)],
  ['state:modified+', ['state:modified+'], [], MODIFIED_AND_DOWNSTREAM],
  ['+state:modified', ['+state:modified'], [], [...MODIFIED, 'lookup_ticket', 'fetch_invoice']],
  ['state:modified.body+1', ['state:modified.body+1'], [], ['archive_stale_tickets', 'notify_tier2', 'check_eligibility', 'escalate', 'refund_flow']],
  ['+state:modified.code', ['+state:modified.code'], [], ['archive_stale_tickets', 'notify_tier2', 'classify_ticket', 'check_eligibility', 'lookup_ticket', 'fetch_invoice']],
  ['@state:new', ['@state:new'], [], ['archive_stale_tickets', 'notify_tier2', 'escalate', 'concierge', 'support_chat', 'triage', 'refund_flow', 'lookup_ticket', 'classify_ticket', 'update_ticket', 'check_eligibility', 'refund_decision', 'issue_refund', 'fetch_invoice']],
  ['a parent\'s change does not modify its child (check_eligibility → refund_flow)', ['state:modified,refund_flow'], [], []],
  ['a parent\'s change does not modify its child (classify_ticket → triage)', ['state:modified,triage'], [], []],
  ['…the child is selected by state:modified+', ['state:modified+,refund_flow'], [], ['refund_flow']],
  ['state:modified,kind:flow', ['state:modified,kind:flow'], [], ['check_eligibility']],
  ['state:modified --exclude state:new', ['state:modified'], ['state:new'], ['check_eligibility', 'void_invoice', 'classify_ticket']],
  ['--selector using state (method: state, children: true)', [], [], MODIFIED_AND_DOWNSTREAM, { selector: 'changed' }],
];

describe('selection over fixtures/selection/graph', () => {
  let project: LoadedProject;
  beforeAll(async () => {
    project = await loadProject({ project: SELECTION_GRAPH, noCache: true });
  });

  it('the fixture is the graph drawn above', () => {
    expect(project.scan.diagnostics).toEqual([]);
    const parents = Object.fromEntries(project.scan.nodes.map((node) => [node.name, [...(project.graph.predecessors(node.name) ?? [])].sort()]));
    expect(parents).toEqual(PARENTS);
    // Hand-computed sets above lean on these; keep them honest.
    expect(project.scan.nodes.filter((n) => n.tags.includes('support')).map((n) => n.name).sort()).toEqual([...SUPPORT].sort());
    expect(project.scan.nodes.filter((n) => n.kind === 'tool').map((n) => n.name).sort()).toEqual([...TOOLS].sort());
  });

  it.each(ROWS)('%s', (_description, select, exclude, expected, options = {}) => {
    const selectors = options.withoutDefault
      ? project.config.selectors.map((selector) => ({ ...selector, default: false }))
      : project.config.selectors;
    const plan = planSelection({ select, exclude, ...(options.selector === undefined ? {} : { selector: options.selector }) }, selectors);
    const { selected } = runSelection(plan, project.graph, project.scan.nodes, STATE);
    expect([...selected].sort()).toEqual([...new Set(expected)].sort());
  });
});
