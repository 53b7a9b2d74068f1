import type { Diagnostic, Severity } from './diagnostic.js';
import type { Finding, RuleSummary } from './finding.js';
import type { DeploymentRecord, NodeStatus } from './deployment.js';
import type { Manifest } from './manifest.js';
import type { StateDiff } from './state-diff.js';
import type { McpToolContract } from './mcp-contract.js';
import type { CaNode, EdgeKind, FrameworkId, McpLockState, NodeKind, NodePackage } from './node.js';
import type { RunEndedEvent, RunStatus, TokenUsage, TraceError, TraceEvent } from './trace.js';
import type { TimedRunRecord, TimedRunSummary } from './run-timing.js';
import type { JournalEntry } from './journal.js';
import type { ToolCallNote, TurnReport } from './session.js';

/**
 * What each verb returns: plain, serialisable data. `--json` prints it as is; reporters in ui/
 * render it for people. Nothing here holds a live object.
 */

/** Problems found on the way, shared by every verb that scans the project. */
export interface ScanNotes {
  diagnostics: Diagnostic[];
  /** Selection warnings (a criterion that matched nothing). */
  warnings: string[];
}

export interface ListResult extends ScanNotes {
  nodes: CaNode[];
  /** Nodes in the project, before selection. */
  total: number;
}

export interface ShowResult {
  node: CaNode;
  /** The definition's source lines, as they are on disk now. */
  source: string;
  usedBy: string[];
  /** Diagnostics about this node. */
  diagnostics: Diagnostic[];
  /** The latest ledger row of this node per env of ca.yaml (none where it never went). */
  deployments: { env: string; version: number; outcome: string; artifactHash: string; time: string; actor: string }[];
  /** An MCP tool (`mcpTool`): its server and what ca.mcp.lock holds of it. */
  mcpTool?: McpToolShown;
  /** An mcp_server: how it is reached, what ca.mcp.lock says it is, and its tool nodes. */
  mcpServer?: McpServerShown;
  /** The eval files that run this node (under evals/), and how its cases did in the latest ca eval that ran them. */
  evals?: { files: string[]; latest?: 'passed' | 'failed'; evalId?: string };
}

/** What ca.mcp.lock, read statically (no server is started), says of one MCP tool. */
export interface McpToolShown {
  /** The mcp_server node; absent when the `server` written is not one. */
  server?: string;
  /** The tool's name on the server. */
  tool: string;
  lock: McpLockState;
  /** Why ca.mcp.lock could not be read (`lock: 'unreadable'`). */
  lockProblem?: string;
  /** The contract as locked (also when `stale`: what the server said then), with what the server said it is. */
  locked?: McpToolContract & { server: { name: string; version: string } };
}

/** One mcp_server as `ca show` tells it. Environment and header values are never carried, only their names. */
export interface McpServerShown {
  transport: 'stdio' | 'http';
  /** A stdio server's program and arguments, as written (`${NAME}` unexpanded). */
  command?: string;
  args?: string[];
  /** Where a stdio server runs, from the project folder (absent: the project folder). */
  cwd?: string;
  /** An HTTP server's endpoint, as written. */
  url?: string;
  /** The names of the variables `env` gives a stdio server, and of the headers sent to an HTTP one. */
  env: string[];
  headers: string[];
  /** The environment variables the definition refers to as `${NAME}`. */
  variables: string[];
  /** `locked`: ca.mcp.lock has the server as it is written; `stale`: its command, args, cwd, env, url or headers changed since; `missing`: not in the lock. */
  lock: McpLockState;
  lockProblem?: string;
  /** What the server said it is when it was locked. */
  server?: { name: string; version: string };
  /** The tool nodes of this server: node id, the tool's name on the server, where its lock stands. */
  tools: { node: string; tool: string; lock: McpLockState }[];
  /** Tools ca.mcp.lock holds for the server that no mcpTool of the project uses. */
  undeclared: string[];
}

/** The selected part of the graph. */
export interface GraphView {
  nodes: {
    name: string;
    kind: NodeKind;
    tags: string[];
    file: string;
    line: number;
    framework?: FrameworkId;
    displayName?: string;
    /** The package the node is defined in (renderers group by it when there is more than one). */
    package?: NodePackage;
  }[];
  /** `from` is used by `to` (from is upstream); `handoff`: `to` hands the conversation off to `from`. */
  edges: { from: string; to: string; kind: EdgeKind }[];
}

export const GRAPH_FORMATS = ['dot', 'mermaid', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphResult extends GraphView, ScanNotes {
  /** A text format, or `html`: the interactive page (GraphPageData inside). */
  format: GraphFormat | 'html';
  /** The rendered text (DOT, Mermaid, JSON or the HTML page). */
  text: string;
  /** Where `ca graph --serve` served the page. */
  url?: string;
}

/** What the interactive graph page (`ca graph --format html`, `--serve`) holds: drawn, never fetched. */
export interface GraphPageData {
  schemaVersion: 1;
  caVersion: string;
  /** The project folder's name, for the title. */
  project: string;
  generatedAt: string;
  /** The command-line selection that chose the drawn nodes ('' when every node is drawn). */
  selection: string;
  /** Nodes in the project; `nodes` holds the drawn ones. */
  total: number;
  /** The drawn nodes, whole and sorted by name: the page's selector box evaluates over them. */
  nodes: CaNode[];
  edges: GraphView['edges'];
  /** Positions computed with dagre when the page was generated: the browser only draws. */
  layout: GraphPageLayout;
  /** Each drawn node's users in the whole project, drawn or not. */
  usedBy: Record<string, string[]>;
  /** Envs of ca.yaml; `deployments` lists, per node, the envs it was deployed to (empty without a ledger). */
  envs: string[];
  deployments: Record<string, PageDeployment[]>;
  /** Named selectors of ca.yaml as written (SelectorConfig), for `selector:` in the box. */
  selectors: unknown[];
  /** The --state comparison, when the page was generated with one; without it `state:` is refused in the page. */
  state: StateDiff | null;
  /** For `result:` in the page: each node's latest run status when the page was made, or why there is none. */
  results: { latest: Record<string, RunStatus>; warning: string | null };
  diagnostics: Diagnostic[];
  /** Served with --watch: the page reloads its data when the project changes. */
  live: boolean;
}

export interface GraphPageLayout {
  width: number;
  height: number;
  /** Parallel to GraphPageData.nodes: centre and size. */
  nodes: { x: number; y: number; width: number; height: number }[];
  /** Parallel to GraphPageData.edges: the polyline as x0, y0, x1, y1, … */
  edges: number[][];
  /** The frame around each package's nodes, when the nodes come from more than one package. */
  packages?: PackageFrame[];
}

/** A labelled box around the nodes of one package on the graph page: top-left corner and size. */
export interface PackageFrame {
  name: string;
  /** What the frame says: the package name, a registry dependency's with version and `(registry)`. */
  label: string;
  external?: true;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's latest deployment in one env, compared with the code as `ca status` does. */
export interface PageDeployment {
  env: string;
  version: number;
  status: NodeStatus;
  /** What drifted: body, config, code, upstream:<name>. */
  changes: string[];
  artifactHash: string;
  time: string;
  actor: string;
}

/** The page's selector box: the selected names, or the parser's error with its caret lines. */
export type PageSelection =
  | { ok: true; selected: string[]; warnings: string[]; /** Nothing typed: nothing highlighted. */ empty: boolean }
  | { ok: false; message: string; detail: string[]; hint: string | null };

export interface ManifestResult extends ScanNotes {
  /** Where it was written (absolute), or '-' for stdout. */
  path: string;
  manifest: Manifest;
}

export const LINT_FORMATS = ['pretty', 'json', 'github', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface LintResult extends ScanNotes {
  /** Bumped when this shape changes incompatibly. */
  schemaVersion: 1;
  caVersion: string;
  /** Absolute project folder (SARIF's %SRCROOT%). */
  root: string;
  /** Sorted by file, line, column. */
  findings: Finding[];
  /** Findings silenced by `// ca-lint-disable-next-line` comments. */
  suppressed: number;
  /** Every rule with its effective severity. */
  rules: RuleSummary[];
  /** Nodes checked (the selection). */
  linted: number;
  failSeverity: Severity;
  /** Whether any finding is at or above failSeverity: the exit code is 1 when true. */
  failed: boolean;
  counts: Record<Severity, number>;
}

/** One node in a deploy plan. */
export interface PlanEntry {
  node: string;
  kind: NodeKind;
  action: 'new' | 'changed' | 'unchanged' | 'interrupted' | 'forced';
  /** What changed since the deployed version: body, config, code, upstream:<name>. */
  changes: string[];
  artifactHash: string;
  /** The version deployed now, if any. */
  deployedVersion: number | null;
  /**
   * A worker env (SPEC §14): the runs not over yet that use this node. They stay on their release
   * after the deploy, so the plan names them before anything changes.
   */
  runs?: PlanRun[];
}

/** A run a deploy leaves on its release: queued, in flight at a step, parked at an approval, or interrupted. */
export interface PlanRun {
  runId: string;
  name: string;
  status: 'queued' | 'running' | 'waiting' | 'interrupted';
  /** The step it waits at or is in (its key); null when queued. */
  step: string | null;
  release: string | null;
}

/** A worker env's release after a deploy (SPEC §14). */
export interface DeployedRelease {
  id: string;
  /** The release before this deploy; null for the env's first. */
  previous: string | null;
  /** How many nodes it holds. */
  nodes: number;
}

export interface DeployResult {
  env: string;
  target: string;
  plan: PlanEntry[];
  dryRun: boolean;
  /** What was published, in order. */
  published: { node: string; version: number; artifactHash: string; location: string }[];
  /** The publish that failed (the deploy stops there), if any. */
  failed: { node: string; version: number; message: string } | null;
  /** Nodes not attempted because an earlier publish failed. */
  skipped: string[];
  lint: { errors: number; warnings: number; skipped: boolean };
  warnings: string[];
  /** A worker env: the release recorded once the deploy ended (absent on a dry run). */
  release?: DeployedRelease;
}

export interface StatusRow {
  node: string;
  kind: NodeKind | null;
  env: string;
  status: NodeStatus;
  changes: string[];
  version: number | null;
  artifactHash: string | null;
  time: string | null;
  actor: string | null;
}

export interface StatusResult {
  envs: string[];
  rows: StatusRow[];
  /** Any row drifted, orphaned or interrupted: the exit code is 3. */
  drift: boolean;
  warnings: string[];
  /** `--env E` of a worker env (SPEC §14): its runs that are not over, per release they are pinned to. */
  releases?: ReleaseRunCounts[];
}

/** One release of a worker env and its runs that are not over. */
export interface ReleaseRunCounts {
  /** null: runs queued before the env had a release. */
  release: string | null;
  current: boolean;
  queued: number;
  running: number;
  waiting: number;
  interrupted: number;
  /** Live workers serving it; null when the run store cannot tell (not on PostgreSQL). */
  workers: number | null;
}

export interface HistoryResult {
  env: string;
  node: string | null;
  records: DeploymentRecord[];
}

export interface RollbackResult {
  env: string;
  node: string;
  /** The version whose artifact was republished. */
  from: number;
  /** The new version recorded. */
  version: number;
  artifactHash: string;
  location: string;
}

export interface LedgerVerifyResult {
  path: string;
  ok: boolean;
  envs: { env: string; rows: number }[];
  breaks: { env: string; id: number; reason: string }[];
  /** What SQLite's integrity check found wrong with the file's pages and indexes (none: empty). */
  damage: string[];
}

/** `ca ledger copy`: what moved from one ledger to the other (locations as shown: passwords masked). */
export interface LedgerCopyResult {
  from: string;
  to: string;
  /** Per env of the source: rows the target had already (the same history), rows appended now. */
  envs: { env: string; already: number; copied: number }[];
  /** Artifacts stored in the target now (the others were there already). */
  artifacts: number;
  /** `ca ledger verify` of the target after the copy. */
  verified: boolean;
}

/** `ca runs`: stored runs, newest first. */
export interface RunsResult {
  /** The run store read (absolute), whether or not it exists yet. */
  path: string;
  /** Newest first; `durationMs` is always a number, `durationKind` says how to read it. */
  runs: TimedRunSummary[];
  /**
   * Releases that listed runs are queued for and that no live worker serves (SPEC §14): why those
   * runs wait. Only a run store on PostgreSQL knows its workers.
   */
  unserved?: { env: string; release: string; queued: number }[];
}

/** `ca replay RUN`: the current code against a recorded run's journal. */
export interface ReplayResult {
  /** The recorded run replayed. */
  runId: string;
  name: string;
  /** Steps in its journal (the run itself not counted). */
  steps: number;
  /** `identical`: same steps, same order, same inputs, same output. */
  verdict: 'identical' | 'diverged';
  /** The first difference: the step's key and what differs; for a different output, both outputs. */
  divergence?: ReplayDivergence;
}

/** Where a replay first differs from its run, and how. */
export interface ReplayDivergence {
  /** The step's key (the run's node name when the outcome differs). */
  step: string;
  message: string;
  /** The run's final output and the code's, when every step matched but the output differs. */
  recorded?: unknown;
  now?: unknown;
  /** At a step: what the run did there (with its recorded outcome) and what the code does now. */
  at?: { recorded?: ReplayStepSide; now?: ReplayStepSide };
}

/** One side of a divergent step. */
export interface ReplayStepSide {
  key: string;
  name: string;
  kind: string;
  /** The recorded outcome (the run's side only). */
  output?: unknown;
  error?: TraceError;
}

/** `ca replay -s SELECTION`: the latest succeeded run of each selected node, replayed. */
export interface ReplaySelectionResult {
  /** Nodes the selection matched. */
  selected: number;
  replays: ReplayResult[];
  /** Selected runnable nodes not replayed, and why (no succeeded run, no journal). */
  skipped: { name: string; reason: string }[];
  warnings: string[];
}

/**
 * How one recorded run of an env fares against the working tree (`ca replay --runs env:E`, SPEC §14):
 * `identical` and `diverged` were replayed; `not-affected` runs were not (they went through no
 * selected node, or nothing they went through changed since they were recorded); `not-comparable`
 * ones could not be (no journal, not finished, a session turn).
 */
export type EnvReplayVerdict = 'identical' | 'diverged' | 'not-affected' | 'not-comparable';

export interface EnvRunReplay {
  runId: string;
  /** The run's node. */
  name: string;
  /** How the run ended, as recorded. */
  status: RunStatus;
  startedAt: number;
  release?: string;
  verdict: EnvReplayVerdict;
  /** Selected nodes the run went through: its own node, and every node its journal has a step of. */
  through: string[];
  /** Nodes the run went through whose fingerprint is not the one it was recorded with (removed nodes too). */
  changed: string[];
  /** Replayed runs: steps in the journal (the run itself not counted). */
  steps?: number;
  divergence?: ReplayDivergence;
  /** Why a run was not replayed; for a replayed one, anything that qualifies the verdict. */
  reason?: string;
}

/** `ca replay -s SELECTION --runs env:E`: an env's recorded runs, replayed against the working tree. */
export interface ReplayRunsResult {
  env: string;
  /** The run store read: a path, or a URL with its password masked. */
  store: string;
  /** `--since`, ms since the epoch. */
  since?: number;
  /** Nodes the selection matched. */
  selected: number;
  counts: { identical: number; diverged: number; notAffected: number; notComparable: number };
  /** Newest first. */
  runs: EnvRunReplay[];
  warnings: string[];
}

/** `ca runs pull --env E`: recorded runs copied from the run store in use into a local SQLite file. */
export interface RunsPullResult {
  env: string;
  /** The store read: a path, or a URL with its password masked. */
  from: string;
  /** The SQLite file written. */
  into: string;
  since?: number;
  /** Runs of the env that the query found (within --since and --limit). */
  found: number;
  /** Copied now, newest first. */
  copied: string[];
  /** Already in the local file (an earlier pull): left as they are. */
  already: number;
  /** Not finished (queued, running, waiting, interrupted): left for a later pull. */
  unfinished: number;
  /** With -s: runs that went through no selected node. */
  unselected: number;
  warnings: string[];
}

/** `ca trace RUN`: one stored run and its events in order. */
export interface TraceResult {
  run: TimedRunRecord;
  events: TraceEvent[];
  /** The run's journal (SPEC §9): every step, its key, status, attempts and exact output. */
  steps: JournalEntry[];
}

/** `ca trace RUN --export otlp`: a stored run sent to an OTLP collector (SPEC §13). */
export interface TraceExportResult {
  runId: string;
  /** The trace id it has there: derived from the run id, the same a live export of the run used. */
  traceId: string;
  /** Spans sent (and accepted). */
  spans: number;
  /** Where they went, a password in the URL masked. */
  endpoint: string;
  protocol: 'http/protobuf' | 'http/json';
  /** Inputs and outputs were included (ca.yaml telemetry.content). */
  content: boolean;
}

/** `ca run NAME`: how the run ended (its `run.ended` event). The events themselves are streamed and stored, not repeated here. */
export interface RunResult extends Omit<RunEndedEvent, 'type' | 'seq' | 'at'> {
  name: string;
  kind: NodeKind;
  /** The run store the events went to, relative to the working directory. */
  store: string;
  /** `--resume`: the segment this process ran, and how the run stood before. */
  resumed?: { segment: number; from: string };
  /** `--fork`: the run and step this run started from. */
  forkOf?: { runId: string; step: string };
  /** Resume or fork after the code changed: the nodes whose fingerprint differs from when the run started. */
  changedNodes?: { name: string; then?: string; now?: string }[];
}

/** `ca run NAME --queue [Q]`: the run recorded `queued` and put on the queue. */
export interface EnqueueResult {
  runId: string;
  name: string;
  queue: string;
  /** The run store (its URL, password masked). */
  store: string;
  /** Workers serving the queue (with a release: that release) when it was queued (0: the run waits until one starts). */
  workers: number;
  /** A worker env's run (SPEC §14): the env and the release it is pinned to. */
  env?: string;
  release?: string;
}

/** `ca run --resume RUN --upgrade` (SPEC §14): a run of a worker env moved to the env's current release. */
export interface UpgradeResult {
  runId: string;
  name: string;
  env: string;
  from: string;
  to: string;
  /** False when it was on the current release already. */
  moved: boolean;
  /** Nodes it had executed whose code differs in the new release (only with --from-divergence). */
  changed: { name: string; then?: string; now?: string }[];
  /** Queued again for a worker of the new release (a queued or interrupted run). */
  requeued: boolean;
}

/** `ca worker`, when it stops: what it did. */
export interface WorkerSummary {
  executorId: string;
  queue: string;
  /** Runs this worker ended, by status. */
  runs: Record<string, number>;
  /** Runs a stop left before their next step, queued again for the next worker. */
  requeued: number;
  /** Workers found dead whose runs this worker handed back to their queues. */
  recovered: number;
  /** A worker of a worker env (SPEC §14): the release it served, and why that one. */
  release?: { env: string; id: string; how: 'current' | 'older' | 'own' };
}

/** `ca approve RUN`: the answer written into the parked run's journal. */
export interface ApproveResult {
  runId: string;
  /** The run's node. */
  name: string;
  /** The approval step answered, and its question. */
  step: string;
  prompt: string;
  approved: boolean;
  /** Who answered ($CA_ACTOR, $GITHUB_ACTOR or the OS user) and when (ISO 8601). */
  by: string;
  at: string;
  note?: string;
  /** What to run next. */
  next: string;
}

/** `ca approvals`: the approvals parked runs wait on (SPEC §14), oldest first. */
export interface ApprovalsResult extends ScanNotes {
  /** The run store read (a path, or a URL with its password masked). */
  path: string;
  approvals: ParkedApproval[];
  /** How many succeeded runs of the same node each cost estimate reads at most. */
  costSample: number;
}

/** One approval a waiting run's journal holds open. */
export interface ParkedApproval {
  runId: string;
  /** The run's node. */
  name: string;
  /** The approval's step key (what `ca approve RUN --step KEY` takes) and its question. */
  step: string;
  prompt: string;
  /** When the step started (ms since the epoch), and how long it has waited at the time of reading. */
  since: number;
  ageMs: number;
  /** The worker env the run was queued for and the release it is pinned to, when it has them. */
  env?: string;
  release?: string;
  /**
   * The nodes the run can still execute: every node its node reaches through `uses` whose step has
   * not succeeded in its journal, breadth-first from the run's node in `uses` order. Empty when
   * the run's node is no longer in the code (`inCode` false).
   */
  next: NextNode[];
  inCode: boolean;
  /** Succeeded runs of the same node the costs were read from (0: no earlier run). */
  earlierRuns: number;
  /** The sum of the next nodes' mean costs, in USD; null when there is no earlier run. */
  costUsd: number | null;
}

/** A node a parked run goes on to execute, with what it cost in earlier runs of the same node. */
export interface NextNode {
  name: string;
  kind: NodeKind;
  /** Earlier runs in which it ran (of `earlierRuns`). */
  ranIn: number;
  /**
   * Its mean cost per run in those runs, in USD: its own model calls, not those of the nodes it
   * calls (they are listed themselves); null when it ran in none of them.
   */
  costUsd: number | null;
}

/** `ca approve -s SELECTION`: the approvals listed, and what became of each. */
export interface BulkApproveResult {
  /** The decision asked for. */
  approved: boolean;
  /** Every approval listed, one entry each, in the listing's order. */
  decisions: BulkDecision[];
  /** How many were decided, and how many were skipped (someone else answered, the run moved on). */
  decided: number;
  skipped: number;
  warnings: string[];
}

export type BulkDecision =
  | ({ outcome: 'approved' | 'denied' } & ApproveResult)
  | { outcome: 'skipped'; runId: string; name: string; step: string; prompt: string; reason: string };

/** `ca chat NAME` without a script: how the conversation went (the replies were printed as they came). */
export interface ChatResult {
  sessionId: string;
  /** The session or agent talked to. */
  name: string;
  /** Turns taken by this process, and how many of them failed or were cancelled. */
  turns: number;
  failed: number;
  cancelled: number;
  /** stdin was not a terminal: one turn per line, and exit 1 when a turn did not succeed. */
  piped: boolean;
  /** Ended by Ctrl-C rather than by the end of input or /exit. */
  interrupted: boolean;
}

export const CHAT_SCRIPT_FORMATS = ['pretty', 'json', 'junit'] as const;
export type ChatScriptFormat = (typeof CHAT_SCRIPT_FORMATS)[number];

/** What a scripted turn can expect (docs/sessions.md). */
export type ChatCheckKind = 'contains' | 'matches' | 'equals' | 'state' | 'tool' | 'error' | 'no-error';

/** One expectation of a scripted turn, checked. */
export interface ChatCheck {
  kind: ChatCheckKind;
  /** The expectation in words: `reply contains "How much"`, `state $.stage equals "confirm"`. */
  expected: string;
  /** What the turn gave: the reply, the value at the path, the calls made, the error. */
  actual: string;
  passed: boolean;
  /** The expectation's line in the script. */
  line?: number;
}

/** One turn of a chat script: the message, what came back (the turn's report), and each expectation checked. */
export interface ChatScriptTurn extends Omit<TurnReport, 'sessionId' | 'turn'> {
  /** Position in the script, from 1. */
  index: number;
  user: string;
  /** The turn's line in the script. */
  line: number;
  /** Every check passed. */
  passed: boolean;
  checks: ChatCheck[];
}

/** `ca chat NAME --script FILE`: a scripted conversation in a new session, checked turn by turn. */
export interface ChatScriptResult {
  schemaVersion: 1;
  /** The script, relative to the working directory. */
  script: string;
  /** The session or agent it talked to. */
  name: string;
  /** The new session the script ran in. */
  sessionId: string;
  /** The mock file that answered the model calls, relative to the working directory. */
  mock?: string;
  passed: boolean;
  turns: ChatScriptTurn[];
  durationMs: number;
}

/** `ca test`: every chat script of the selected sessions and agents. */
export interface SessionTestResult {
  schemaVersion: 1;
  /** Every script passed (true when there were none). */
  passed: boolean;
  scripts: ChatScriptResult[];
  /** Selected sessions and agents that have no script. */
  untested: string[];
  warnings: string[];
}

/** `ca init`: the project written. */
export interface InitResult {
  /** Absolute folder. */
  dir: string;
  template: string;
  /** The package name written into package.json. */
  name: string;
  /** Files written, relative to `dir`. */
  files: string[];
  /**
   * The `composable-agents` dependency written into package.json: `file:vendor/composable-agents-X.tgz`
   * (the running ca, packed) or a registry range `^X`.
   */
  caDependency: string;
  /** Things the user should know (the tarball could not be packed, so a registry range was written). */
  warnings: string[];
}

/** One server of `ca mcp lock`: what was found, against what ca.mcp.lock held. */
export interface McpLockServer {
  name: string;
  /** `locked`: written with changes; `unchanged`: the same contracts as before; `failed`: the server could not be asked (its old entry is kept); `removed`: no longer in the project. */
  status: 'locked' | 'unchanged' | 'failed' | 'removed';
  /** What the server says it is. */
  server?: { name: string; version: string };
  tools: number;
  /** Tools the lock did not have, tools it had that the server no longer lists, and tools whose contract changed. */
  added: string[];
  removed: string[];
  changed: string[];
  error?: { code: string; message: string; hint?: string };
}

/** `ca mcp lock`: every selected server started once, its tools listed; ca.mcp.lock written when something changed (never under --check). */
export interface McpLockResult {
  /** The lock file, relative to the working directory. */
  lockFile: string;
  servers: McpLockServer[];
  /** True when the file was written. */
  written: boolean;
  /** --check: nothing is written; a difference or a failure is exit 1. */
  check: boolean;
}

/** One expectation of an eval case, judged: `expected` and `actual` are short texts for people. */
export interface ExpectationVerdict {
  scorer: string;
  /** The path into the output it looked at. */
  path?: string;
  passed: boolean;
  expected: string;
  actual: string;
  /** Where the expectation is written in its eval file. */
  line: number;
}

/** How a case stood in the baseline `--baseline` named. */
export type EvalBaselineStatus = 'passed' | 'failed' | 'new';

export interface EvalCaseResult {
  name: string;
  /** Where the case is written in its eval file. */
  line: number;
  passed: boolean;
  /** The stored run of the case (`ca trace RUN`). */
  runId: string;
  /** How the run ended. */
  runStatus: string;
  error?: TraceError;
  durationMs: number;
  costUsd: number;
  tokens: TokenUsage;
  expectations: ExpectationVerdict[];
  baseline?: EvalBaselineStatus;
}

export interface EvalFileResult {
  /** Project-relative. */
  file: string;
  /** The node the cases ran. */
  target: string;
  cases: EvalCaseResult[];
  passed: number;
  failed: number;
  /** passed / cases. */
  passRate: number;
  /** The file's `threshold:` (default 1). */
  threshold: number;
  /** passRate ≥ threshold. */
  ok: boolean;
}

/** A case named by its file, for baseline comparisons. */
export interface EvalCaseRef {
  file: string;
  case: string;
}

/** `ca eval`: every selected eval file's cases run and scored; exit 0 when every file is ok. */
export interface EvalResult {
  /** This evaluation, kept in .ca/evals/ (`--baseline ev_…` or `last` compares with it later). */
  evalId: string;
  files: EvalFileResult[];
  totals: { files: number; cases: number; passed: number; failed: number };
  ok: boolean;
  durationMs: number;
  warnings: string[];
  /** With --baseline: which failing cases passed before (regressions), failed before too, or pass now and failed before. */
  baseline?: { from: string; regressions: EvalCaseRef[]; knownFailures: EvalCaseRef[]; fixed: EvalCaseRef[]; new: EvalCaseRef[] };
}
