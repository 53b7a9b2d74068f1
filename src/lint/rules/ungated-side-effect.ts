import type { CaNode } from '../../core/node.js';
import { docsUrl, type Rule, type RuleContext } from '../rule.js';

/** From a node down to a dangerous tool, every hop ungated: `[agent, flow, tool]`. */
type Path = readonly string[];

/**
 * Two places can gate a dangerous tool. In code (a flow, or a session's `turn`), a `ctx.approve`
 * earlier in the body than the call: source order stands in for execution order, which is
 * what a reviewer reads too. In an agent, whose model picks the calls, its `approval` policy:
 * 'dangerous' or 'always' gate, 'never' or no policy at all do not (the runtime defaults to
 * 'dangerous', but a policy that guards money or data should be written down, not assumed).
 *
 * Each body reports its own ungated calls, so a flow calling an ungated sub-flow is not
 * reported again: the sub-flow is. An agent is reported when a dangerous tool is within its
 * reach through `uses`, directly or through flows and agents that leave the path ungated.
 */
export const ungatedSideEffectRule: Rule = {
  meta: {
    id: 'ungated-side-effect',
    defaultSeverity: 'error',
    description: 'A dangerous tool reachable from a flow or agent with no approval before the call.',
    docsUrl: docsUrl('ungated-side-effect'),
    sdkOnly: true,
    messages: {
      ungatedCall: '{{kind}} {{caller}} calls the dangerous tool {{tool}} with no ctx.approve before the call',
      approveAfterCall: '{{kind}} {{caller}} calls the dangerous tool {{tool}} before any ctx.approve: the first one, on line {{approveLine}}, comes too late to stop this call',
      agentWithoutApproval: 'agent {{agent}} can reach the dangerous {{tools}} and sets no approval policy',
      agentNeverApproves: "agent {{agent}} can reach the dangerous {{tools}} with approval: 'never': the model may call it with nobody asked",
    },
  },
  check(context) {
    const reach = new Reach(context);
    for (const node of context.nodes) {
      if (hasBody(node)) checkBody(node, context);
      else if (node.kind === 'agent' && !agentGates(node)) checkAgent(node, reach, context);
    }
  },
};

function checkBody(node: CaNode, context: RuleContext): void {
  let approved = false;
  node.calls.forEach((call, index) => {
    if (call.method === 'approve') approved = true;
    if (approved || call.method !== 'call' || call.target === undefined) return;
    const target = context.node(call.target);
    if (!target || !isDangerousTool(target)) return;
    const approveLater = node.calls.slice(index + 1).find((later) => later.method === 'approve');
    const reference = call.targetText ?? target.name;
    const data = { kind: node.kind, caller: node.name, tool: target.name };
    const place = {
      node,
      at: { file: node.file, line: call.line, column: call.column },
      hint: `Ask first: \`if (!(await ctx.approve('…'))) return …;\` right before ctx.call(${reference}, …).`,
    };
    if (approveLater) context.report({ messageId: 'approveAfterCall', data: { ...data, approveLine: approveLater.line }, ...place });
    else context.report({ messageId: 'ungatedCall', data, ...place });
  });
}

function checkAgent(node: CaNode, reach: Reach, context: RuleContext): void {
  const paths = reach.fromUses(node);
  if (paths.length === 0) return;
  const tools = paths.map((path) => {
    const through = path.slice(0, -1);
    const tool = path[path.length - 1] ?? '';
    return through.length > 0 ? `${tool} (through ${through.join(' → ')})` : tool;
  });
  const data = { agent: node.name, tools: `${paths.length === 1 ? 'tool' : 'tools'} ${tools.join(', ')}` };
  if (node.config['approval'] === 'never') {
    context.report({
      messageId: 'agentNeverApproves',
      data,
      node,
      hint: "Set approval: 'dangerous' so a person approves each dangerous call the model chooses, or gate the call with ctx.approve in a flow and offer the flow instead.",
    });
  } else {
    context.report({
      messageId: 'agentWithoutApproval',
      data,
      node,
      hint: "Add approval: 'dangerous' so a person approves each dangerous call the model chooses (the runtime's default, written down where reviewers see it).",
    });
  }
}

/** Flows and `turn` sessions run code that calls through `ctx`; the others have no body. */
function hasBody(node: CaNode): boolean {
  return node.kind === 'flow' || (node.kind === 'session' && !node.properties.includes('agent'));
}

function isDangerousTool(node: CaNode): boolean {
  return node.kind === 'tool' && node.config['effect'] === 'dangerous';
}

/**
 * Whether an agent's approval policy gates the dangerous calls its model chooses. A policy ca
 * cannot read (written, but not as a literal) is given the benefit of the doubt.
 */
function agentGates(node: CaNode): boolean {
  const approval = node.config['approval'];
  if (approval === undefined) return node.properties.includes('approval');
  return approval !== 'never';
}

/** Ungated paths to dangerous tools, memoised per node; a cycle (a diagnostic of its own) ends a path. */
class Reach {
  private readonly memo = new Map<string, Path[]>();
  private readonly visiting = new Set<string>();

  constructor(private readonly context: RuleContext) {}

  /** What an agent's model can reach through its uses: one path per dangerous tool, the first found. */
  fromUses(agent: CaNode): Path[] {
    return firstPerTool(agent.uses.flatMap((name) => this.from(name)));
  }

  private from(name: string): Path[] {
    const cached = this.memo.get(name);
    if (cached) return cached;
    const node = this.context.node(name);
    if (!node || this.visiting.has(name)) return [];
    this.visiting.add(name);
    const below = this.below(node);
    this.visiting.delete(name);
    const paths = firstPerTool(below.map((path) => [name, ...path]));
    this.memo.set(name, paths);
    return paths;
  }

  /** Paths from a node's children; the node itself is prepended by `from`. */
  private below(node: CaNode): Path[] {
    if (isDangerousTool(node)) return [[]];
    if (node.kind === 'agent') return agentGates(node) ? [] : node.uses.flatMap((name) => this.from(name));
    if (!hasBody(node)) return [];
    const paths: Path[] = [];
    for (const call of node.calls) {
      if (call.method === 'approve') break;
      if (call.method === 'call' && call.target !== undefined) paths.push(...this.from(call.target));
    }
    return paths;
  }
}

function firstPerTool(paths: readonly Path[]): Path[] {
  const byTool = new Map<string, Path>();
  for (const path of paths) {
    const tool = path[path.length - 1];
    if (tool !== undefined && !byTool.has(tool)) byTool.set(tool, path);
  }
  return [...byTool.values()];
}
