import { projectSecrets } from './project-secrets.js';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../config/project-config.js';
import { UserError, EXIT } from '../core/errors.js';
import type { Artifact } from '../core/deployment.js';
import { SEVERITY_RANK } from '../core/finding.js';
import { isDeployable } from '../core/node.js';
import type { Release } from '../core/release.js';
import type { DeployedRelease, DeployResult, PlanEntry } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { freezeArtifact } from '../deploy/freeze-artifact.js';
import { type DeployPlan, planDeploy } from '../deploy/plan-deploy.js';
import { createTarget } from '../deploy/targets/create-target.js';
import { allNodes, type CaGraph } from '../graph/build-graph.js';
import { ancestors } from '../graph/traverse.js';
import type { Ledger } from '../ledger/ledger.js';
import { runLint } from '../lint/run-lint.js';
import { readGitInfo } from '../state/git-info.js';
import { CA_VERSION } from './ca-version.js';
import type { ProjectOptions } from './load-project.js';
import { checkEnv, openLedgerForReading, openLedgerForWriting, withLedger } from './open-project-ledger.js';
import { isProcessAlive } from '../ledger/process-liveness.js';
import { publishArtifact } from './publish-artifact.js';
import { loadAndSelect } from './select-project.js';
import { currentRelease, recordRelease } from './env-release.js';
import { openRunStoreForReading, withRunStore } from './open-run-store.js';
import { liveRunsOfEnv, type LiveRun } from './release-runs.js';

export interface DeployOptions extends ProjectOptions {
  env: string;
  selection: SelectionRequest;
  dryRun?: boolean;
  force?: boolean;
  /** Skip the confirmation a protected env asks for. */
  yes?: boolean;
  /** Skip the lint gate. */
  noLint?: boolean;
  message?: string;
  /** Asks the person at the terminal (only given on a TTY); without it a protected env needs --yes. */
  confirm?: (plan: PlanEntry[]) => Promise<boolean>;
  /** Called with the plan before anything is published. */
  onPlan?: (result: DeployResult) => void;
  /** Called once when another deploy holds the env's lock and this one waits. */
  onWait?: (holder: { pid: number; host: string; since: string }) => void;
  onPublish?: (done: number, total: number, node: string) => void;
  /** A publish command's output, as it comes. */
  onOutput?: (chunk: string) => void;
}

/** lint gate → plan → (confirm) → freeze → publish → record; deploys to one env serialise on the env's lock. */
export async function deployProject(options: DeployOptions): Promise<DeployResult> {
  const { config, scan, graph, selection } = await loadAndSelect({ ...options, checkConfig: (c) => checkEnv(c, options.env) });
  const env = config.envs[options.env]!;
  const deployables = allNodes(graph).filter((node) => selection.selected.has(node.name) && isDeployable(node));
  const target = createTarget(env.target, config.root);

  const lint = { errors: 0, warnings: 0, skipped: options.noLint ?? false };
  if (!options.noLint) {
    // The gate covers what the artifacts carry: the selection and everything it uses.
    const carried = new Set(deployables.map((node) => node.name));
    for (const name of ancestors(graph, carried)) carried.add(name);
    for (const name of selection.selected) carried.add(name);
    const findings = runLint({
      nodes: allNodes(graph).filter((node) => carried.has(node.name)),
      graph,
      diagnostics: scan.diagnostics,
      directives: scan.lintDirectives,
      severities: config.lint.rules ?? {},
      providers: Object.keys(config.providers),
    }).findings;
    lint.errors = findings.filter((f) => f.severity === 'error').length;
    lint.warnings = findings.filter((f) => f.severity === 'warn').length;
    const failSeverity = config.lint.failSeverity ?? 'error';
    const blocking = findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failSeverity]).length;
    if (blocking > 0) {
      const what = failSeverity === 'error' ? `lint error${blocking === 1 ? '' : 's'}` : `lint finding${blocking === 1 ? '' : 's'} at or above ${failSeverity}`;
      throw new UserError('deploy-lint-failed', `deploy to ${options.env} blocked: ${blocking} ${what} in the selection and what it uses`, {
        exitCode: EXIT.failed,
        hint: 'See them with `ca lint` (the same selection with a leading +), fix them, or pass --no-lint.',
      });
    }
  }

  if (env.target.type === 'http' && env.target.tokenEnv !== undefined && !process.env[env.target.tokenEnv]) {
    throw new UserError('deploy-token-missing', `env ${options.env} takes its bearer token from $${env.target.tokenEnv}, which is not set`, {
      hint: `Set ${env.target.tokenEnv} in the environment (a CI secret), never in ca.yaml.`,
    });
  }

  const git = await readGitInfo(config.root);
  if (env.requireClean && !options.dryRun && (git.commit === null || git.dirty)) {
    throw new UserError(
      'deploy-dirty',
      git.commit === null
        ? `env ${options.env} requires a clean git tree, and ${config.root} is not in a git repository with a commit`
        : `env ${options.env} requires a clean git tree, and ${config.root} has uncommitted changes`,
      { exitCode: EXIT.failed, hint: 'Commit or stash them first: a deploy records the commit it came from.' },
    );
  }

  const artifacts = freezeAll(config, graph, deployables.map((node) => node.name));
  const result: DeployResult = {
    env: options.env,
    target: target.describe(),
    plan: [],
    dryRun: options.dryRun ?? false,
    published: [],
    failed: null,
    skipped: [],
    lint,
    warnings: selection.warnings,
  };

  const worker = env.target.type === 'worker';
  let runsOfPlan: LiveRun[] = [];
  const planned = await withLedger(await openLedgerForReading(config), async (ledger) => {
    const planned = await plan(ledger, options.env, artifacts, options.force);
    if (worker) runsOfPlan = await stayingRuns(config, options.env, ledger, result.warnings);
    return planned;
  });
  result.plan = withRuns(planEntries(planned), runsOfPlan);
  options.onPlan?.(result);
  const toPublish = result.plan.filter((entry) => entry.action !== 'unchanged');
  if (options.dryRun) return result;
  if (toPublish.length === 0) {
    // Nothing to publish, but a worker env's release is on record all the same (an env switched to workers, say).
    if (worker) result.release = await withLedger(await openLedgerForWriting(config), async (ledger) => releaseAfterDeploy(ledger!, options.env, await currentRelease(ledger!, options.env)));
    return result;
  }
  if (env.protected && !options.yes) await confirmProtected(options.env, options.confirm, result.plan, 'deploy');

  const ledger = await openLedgerForWriting(config);
  const secrets = projectSecrets(config, process.env);
  try {
    await ledger.assertAppendable(options.env);
    const lockOptions: Parameters<typeof ledger.withEnvLock>[2] = {};
    if (options.onWait) lockOptions.onWait = options.onWait;
    await ledger.withEnvLock(
      options.env,
      async () => {
        // Another deploy may have finished while this one waited for the lock: plan again.
        const fresh = await plan(ledger, options.env, artifacts, options.force, true);
        result.plan = withRuns(planEntries(fresh), runsOfPlan);
        const before = worker ? await currentRelease(ledger, options.env) : undefined;
        const names = fresh.publish;
        const actor = actorName();
        for (const [index, name] of names.entries()) {
          const artifact = artifacts.get(name)!;
          if (result.failed) {
            result.skipped.push(name);
            continue;
          }
          options.onPublish?.(index, names.length, name);
          const input: Parameters<typeof publishArtifact>[2] = { env: options.env, artifact, git, actor, root: config.root };
          if (options.message !== undefined) input.message = options.message;
          if (options.onOutput) input.onOutput = options.onOutput;
          const outcome = await publishArtifact(ledger, target, input);
          if (outcome.error !== undefined) result.failed = { node: name, version: outcome.pending.version, message: secrets.text(outcome.error) };
          else result.published.push({ node: name, version: outcome.pending.version, artifactHash: artifact.hash, location: shownLocation(config.root, outcome.location!) });
        }
        options.onPublish?.(names.length, names.length, '');
        if (worker) result.release = await releaseAfterDeploy(ledger, options.env, before);
      },
      lockOptions,
    );
    return result;
  } finally {
    await ledger.close();
  }
}

/** Records the env's release as its rows now say (SPEC §14); `before` was current when the deploy began. */
async function releaseAfterDeploy(ledger: Ledger, env: string, before: Release | undefined): Promise<DeployedRelease | undefined> {
  const release = await currentRelease(ledger, env);
  if (!release) return undefined;
  await recordRelease(ledger, release);
  return { id: release.id, previous: before?.id ?? null, nodes: Object.keys(release.manifest.nodes).length };
}

/**
 * The runs of a worker env that a deploy leaves on their release. The run store out of reach is a
 * warning: the plan still stands, it only cannot name the runs.
 */
async function stayingRuns(config: ProjectConfig, env: string, ledger: Ledger | undefined, warnings: string[]): Promise<LiveRun[]> {
  try {
    return await withRunStore(await openRunStoreForReading(config), async (store) => (store ? liveRunsOfEnv(store, env, ledger) : []));
  } catch (error) {
    warnings.push(`the runs of ${env} could not be read, so the plan cannot name the ones it leaves on their release: ${(error as Error).message.split('\n')[0]}`);
    return [];
  }
}

/** Each changed node's plan entry names the live runs that use it. */
function withRuns(entries: PlanEntry[], runs: readonly LiveRun[]): PlanEntry[] {
  if (runs.length === 0) return entries;
  return entries.map((entry) => {
    if (entry.action === 'new' || entry.action === 'unchanged') return entry;
    const using = runs.filter((run) => run.name === entry.node || run.reaches.includes(entry.node));
    return using.length === 0 ? entry : { ...entry, runs: using.map(({ runId, name, status, step, release }) => ({ runId, name, status, step, release })) };
  });
}

/**
 * A protected env asks the person at the terminal; without one, --yes is the confirmation.
 * Shared by deploy and rollback.
 */
export async function confirmProtected(
  env: string,
  confirm: ((plan: PlanEntry[]) => Promise<boolean>) | undefined,
  plan: PlanEntry[],
  verb = 'deploy',
): Promise<void> {
  if (!confirm) {
    throw new UserError('deploy-needs-confirmation', `env ${env} is protected and there is no terminal to confirm on`, {
      hint: `Pass --yes to ${verb} without confirmation (in CI, after reviewing the plan).`,
    });
  }
  if (!(await confirm(plan))) throw new UserError('deploy-cancelled', 'cancelled: nothing was published', { exitCode: EXIT.failed });
}

function freezeAll(config: ProjectConfig, graph: CaGraph, names: readonly string[]): Map<string, Artifact> {
  const files = new Map<string, string>();
  const readFile = (file: string): string => {
    let text = files.get(file);
    if (text === undefined) {
      text = readFileSync(path.join(config.root, file), 'utf8');
      files.set(file, text);
    }
    return text;
  };
  const project = projectLabel(config.root);
  const artifacts = new Map<string, Artifact>();
  for (const name of names) {
    const options: Parameters<typeof freezeArtifact>[3] = { caVersion: CA_VERSION };
    if (project) options.project = project;
    artifacts.set(name, freezeArtifact(graph.node(name), graph, readFile, options));
  }
  return artifacts;
}

/**
 * The plan against the ledger. Whether a pending row's deploy still runs: where the ledger knows
 * (PostgreSQL: a session holds the env's lock) that answer, and once this deploy holds the lock
 * itself every other pending row is dead; otherwise judged by the row's process and host.
 */
async function plan(ledger: Ledger | undefined, env: string, artifacts: Map<string, Artifact>, force?: boolean, holdingLock = false): Promise<DeployPlan> {
  const running = ledger ? await ledger.deployInProgress(env) : undefined;
  return planDeploy({
    artifacts: [...artifacts.values()],
    latestSucceeded: ledger ? await ledger.latestSucceeded(env) : [],
    latest: ledger ? await ledger.latest(env) : [],
    isAlive: running === undefined ? isProcessAlive : () => running && !holdingLock,
    force: force ?? false,
  });
}

function planEntries(plan: DeployPlan): PlanEntry[] {
  return plan.nodes.map((node) => ({
    node: node.node,
    kind: node.kind,
    action: node.forced && node.action === 'unchanged' ? 'forced' : node.action,
    changes: node.changes,
    artifactHash: node.artifactHash,
    deployedVersion: node.interrupted?.version ?? node.deployed?.version ?? null,
  }));
}

/** A file inside the project is shown relative to it; anything else (a URL, a command) as it is. */
export function shownLocation(root: string, location: string): string {
  if (!path.isAbsolute(location)) return location;
  const relative = path.relative(root, location);
  return relative.startsWith('..') ? location : relative;
}

function projectLabel(root: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
    return pkg.name ? `${pkg.name}@${pkg.version ?? '0.0.0'}` : undefined;
  } catch {
    return undefined;
  }
}

/** Who deployed: CA_ACTOR, else the CI's actor, else the OS user. */
export function actorName(): string {
  if (process.env.CA_ACTOR) return process.env.CA_ACTOR;
  if (process.env.GITHUB_ACTOR) return `${process.env.GITHUB_ACTOR} (github actions)`;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
