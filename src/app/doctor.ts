import type { ProjectConfig } from '../config/project-config.js';
import type { DoctorCheck, DoctorResult } from '../core/doctor-result.js';
import { isUserError } from '../core/errors.js';
import { readGitPresence } from '../state/git-presence.js';
import { CA_VERSION } from './ca-version.js';
import path from 'node:path';
import type { CaNode } from '../core/node.js';
import { moduleFormatOf, resolveProjectSdk } from '../runtime/module-format.js';
import { probeTypeScriptLoader } from '../runtime/probe-loader.js';
import { checkConfig, checkDiscovery, checkGit, checkLedger, checkLoader, checkModuleFormat, checkNode, checkProviders, checkRunStore, checkSdk, type LedgerProbe, skipped } from './doctor-checks.js';
import { checkMcpLock } from './doctor-mcp-lock.js';
import { openRunStoreForReading, shownRunStore } from './open-run-store.js';
import { openProject, type ProjectOptions, scanProject } from './load-project.js';
import { openLedgerForReading, shownLedgerLocation } from './open-project-ledger.js';

export interface DoctorOptions extends ProjectOptions {
  /** Where keys are looked up (default process.env); only names are ever reported. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The Node.js version to judge (default the running one). */
  nodeVersion?: string;
}

/**
 * `ca doctor`: Node, ca.yaml, discovery, the deploy ledger, model keys, git. Each problem is a
 * check, not an exception: the report shows everything at once. Nothing in the project runs.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorResult> {
  const cwd = options.cwd ?? process.cwd();
  const checks: DoctorCheck[] = [checkNode(options.nodeVersion ?? process.versions.node)];

  let config: ProjectConfig | undefined;
  let configError: unknown;
  try {
    config = await openProject(options);
  } catch (error) {
    // A -p folder that does not exist is a mistake on the command line, not a finding.
    if (isUserError(error) && error.code === 'project-not-found') throw error;
    configError = error;
  }
  checks.push(checkConfig(config, configError, cwd));

  if (config) {
    try {
      const { scan } = await scanProject(config, options);
      checks.push(checkDiscovery(scan), ...[checkMcpLock(scan)].filter((check) => check !== undefined), ...(await runtimeChecks(config, scan.nodes)), checkLedger(await probeLedger(config), shownLedgerLocation(config), cwd), await runStoreCheck(config, cwd), ...checkProviders(scan.nodes, config, options.env ?? process.env));
    } catch (error) {
      checks.push(
        { id: 'discovery', title: 'discovery', status: 'fail', summary: error instanceof Error ? error.message : String(error) },
        skipped('module-format', 'module format', 'discovery failed'),
        checkSdk(resolveProjectSdk(config.root), CA_VERSION, config.root),
        skipped('loader', 'TypeScript loader', 'discovery failed'),
        checkLedger(await probeLedger(config), shownLedgerLocation(config), cwd),
        await runStoreCheck(config, cwd),
        skipped('providers', 'model keys', 'discovery failed'),
      );
    }
  } else {
    checks.push(skipped('discovery', 'discovery', 'ca.yaml is not valid'), skipped('module-format', 'module format', 'ca.yaml is not valid'), skipped('sdk', 'composable-agents', 'ca.yaml is not valid'), skipped('loader', 'TypeScript loader', 'ca.yaml is not valid'), skipped('ledger', 'deploy ledger', 'ca.yaml is not valid'), skipped('runs', 'run store', 'ca.yaml is not valid'), skipped('providers', 'model keys', 'ca.yaml is not valid'));
  }

  checks.push(...checkGit(await readGitPresence(config?.root ?? cwd), config?.root ?? null, cwd));
  return { schemaVersion: 1, caVersion: CA_VERSION, root: config?.root ?? null, checks, ok: !checks.some((check) => check.status === 'fail') };
}

/**
 * What `ca run` needs to load the definitions: ES module files, the SDK, a TypeScript loader that
 * works with the project's tsconfig. The loader is tried on a probe ca writes; no project file is imported.
 */
async function runtimeChecks(config: ProjectConfig, nodes: readonly CaNode[]): Promise<DoctorCheck[]> {
  const files = [...new Set(nodes.map((node) => node.file))].sort();
  const moduleFormat = checkModuleFormat(
    files.map((file) => ({ file, format: moduleFormatOf(path.join(config.root, file)) })),
    config.root,
  );
  const sdk = checkSdk(resolveProjectSdk(config.root), CA_VERSION, config.root);
  if (files.length === 0) return [moduleFormat, sdk, skipped('loader', 'TypeScript loader', 'no definitions to load')];
  return [moduleFormat, sdk, checkLoader(await probeTypeScriptLoader(config.root), moduleFormat)];
}

async function runStoreCheck(config: ProjectConfig, cwd: string): Promise<DoctorCheck> {
  let shown: string;
  try {
    shown = shownRunStore(config, cwd);
  } catch (error) {
    return checkRunStore({ state: 'error', error }, 'CA_RUNS_URL');
  }
  try {
    const store = await openRunStoreForReading(config);
    if (!store) return checkRunStore({ state: 'none' }, shown);
    try {
      const [latest] = await store.listRuns({ limit: 1 });
      return checkRunStore({ state: 'open', schemaVersion: store.schemaVersion, ...(latest ? { latest: { id: latest.id, at: latest.startedAt } } : {}) }, shown);
    } finally {
      await store.close();
    }
  } catch (error) {
    return checkRunStore({ state: 'error', error }, shown);
  }
}

async function probeLedger(config: ProjectConfig): Promise<LedgerProbe> {
  try {
    const ledger = await openLedgerForReading(config);
    if (!ledger) return { state: 'none' };
    try {
      return { state: 'open', schemaVersion: ledger.schemaVersion, envs: await ledger.envs() };
    } finally {
      await ledger.close();
    }
  } catch (error) {
    return { state: 'error', error };
  }
}
