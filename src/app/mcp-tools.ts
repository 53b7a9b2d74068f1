import * as z from 'zod';
import { GRAPH_FORMATS } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { lintProject } from './lint-project.js';
import { listNodes } from './list-nodes.js';
import type { ProjectOptions } from './load-project.js';
import { renderGraph } from './render-graph.js';
import { runNode } from './run-node.js';
import { showHistory } from './show-history.js';
import { showNode } from './show-node.js';
import { statusProject } from './status-project.js';
import { writeManifest } from './write-manifest.js';

/** The project a tool call works on: under --watch, the latest scan (`loaded`), and `run` loads that scan's code (`freshCode`). */
export interface McpCallProject extends ProjectOptions {
  freshCode?: boolean;
}

/**
 * The tools of `ca mcp serve`: each one's input is a verb's flags, and its result is the typed
 * result that verb prints with --json, from the same app function. None runs project code.
 */
export interface McpToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  description: string;
  input: Shape;
  call(project: McpCallProject, input: z.infer<z.ZodObject<Shape>>): Promise<object>;
}

/** One string is the same as a one-element list, as `-s 'a b'` is the same as `-s a -s b`. */
const selectors = z.union([z.string(), z.array(z.string())]).optional();

const selectionInput = {
  select: selectors.describe('Nodes to include, in the selector grammar: tag:support, +triage, state:modified+, a,b … (like -s).'),
  exclude: selectors.describe('Nodes to leave out, same grammar (like --exclude).'),
  selector: z.string().optional().describe('A named selector from ca.yaml.'),
  state: z.string().optional().describe('Baseline for state: — git:<ref>, a manifest file or folder, or env:<name>.'),
  strict: z.boolean().optional().describe('Fail when a selection criterion matches nothing.'),
};

type SelectionInput = z.infer<z.ZodObject<typeof selectionInput>>;

/** The same request `selectionRequest` builds from the CLI's flags. */
function selectionOf(input: SelectionInput): SelectionRequest {
  const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : value);
  const request: SelectionRequest = { select: list(input.select), exclude: list(input.exclude), strict: input.strict ?? false };
  if (input.selector !== undefined) request.selector = input.selector;
  if (input.state !== undefined) request.state = input.state;
  return request;
}

/** A tool of the list, its input type erased: the SDK validates the input against `input` before `call` sees it. */
export type McpTool = McpToolDefinition<z.ZodRawShape>;

function tool<Shape extends z.ZodRawShape>(definition: McpToolDefinition<Shape>): McpTool {
  return definition as unknown as McpTool;
}

export const MCP_TOOLS: readonly McpTool[] = [
  tool({
    name: 'ls',
    description: 'List the nodes of the project (like `ca ls --json`): name, kind, tags, file and line of each selected node.',
    input: selectionInput,
    call: (project, input) => listNodes({ ...project, selection: selectionOf(input) }),
  }),
  tool({
    name: 'show',
    description: "One node in full (like `ca show NAME --json`): its definition, edges, source and deployments.",
    input: { name: z.string().describe('The node name.') },
    call: (project, input) => showNode({ ...project, name: input.name }),
  }),
  tool({
    name: 'graph',
    description: 'The nodes and edges of a selection (like `ca graph --json`), with the graph rendered as json, dot or mermaid text.',
    input: { ...selectionInput, format: z.enum(GRAPH_FORMATS).optional().describe('How `text` is rendered (default json).') },
    call: (project, input) => renderGraph({ ...project, selection: selectionOf(input), format: input.format ?? 'json' }),
  }),
  tool({
    name: 'lint',
    description: 'Lint the selected nodes (like `ca lint --json`): findings with rule, severity, node and location.',
    input: selectionInput,
    call: (project, input) => lintProject({ ...project, selection: selectionOf(input) }),
  }),
  tool({
    name: 'status',
    description: 'What is deployed to an env versus the code, node by node (like `ca status --env ENV --json`).',
    input: { env: z.string().describe('The env, a key of envs: in ca.yaml.'), ...selectionInput },
    call: (project, input) => statusProject({ ...project, env: input.env, selection: selectionOf(input) }),
  }),
  tool({
    name: 'history',
    description: "The deploy ledger's history of an env, oldest first (like `ca history --env ENV [NODE] --json`).",
    input: { env: z.string().describe('The env, a key of envs: in ca.yaml.'), node: z.string().optional().describe('Only this node.') },
    call: (project, input) => showHistory({ ...project, env: input.env, ...(input.node === undefined ? {} : { node: input.node }) }),
  }),
  tool({
    name: 'manifest',
    description: 'The manifest of the selected nodes (like `ca manifest -o - --json`); nothing is written.',
    input: selectionInput,
    // out '-': the manifest is returned, never written into the project.
    call: (project, input) => writeManifest({ ...project, selection: selectionOf(input), out: '-' }),
  }),
];

/**
 * `run`, only with `ca mcp serve --allow-run`: runs a flow, agent, tool or reasoner as `ca run NAME
 * --json` does and returns its result (status, output, run id: `ca trace RUN` shows it). A step that
 * asks for approval parks the run (`ca approve` lets a person decide); an agent never approves.
 */
export const RUN_TOOL: McpTool = tool({
  name: 'run',
  description:
    'Run a flow, agent, tool or reasoner of the project (like `ca run NAME --json`; this executes project code). Approvals park the run until a person runs `ca approve`. With `mock`, model calls are answered from that file (no key, nothing leaves the machine).',
  input: {
    name: z.string().describe('The node to run.'),
    input: z.unknown().optional().describe('Its input, any JSON value (a string for a flow that takes one).'),
    mock: z.string().optional().describe('A mock file of model answers (YAML or JSON), relative to the working directory of the server.'),
  },
  call: (project, input) =>
    runNode({ ...project, name: input.name, input: input.input, ...(input.mock === undefined ? {} : { mock: input.mock }), approve: async () => 'park' }),
});
