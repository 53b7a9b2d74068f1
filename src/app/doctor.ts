import type { ProjectConfig } from '../config/project-config.js';
import type { DoctorCheck, DoctorResult } from '../core/doctor-result.js';
import { isUserError } from '../core/errors.js';
import { readGitPresence } from '../state/git-presence.js';
import { CA_VERSION } from './ca-version.js';
import { checkConfig, checkDiscovery, checkGit, checkLedger, checkNode, checkProviders, type LedgerProbe, skipped } from './doctor-checks.js';
import { openProject, type ProjectOptions, scanProject } from './load-project.js';
import { openLedgerForReading } from './open-project-ledger.js';

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
      checks.push(checkDiscovery(scan), checkLedger(probeLedger(config), config.ledger, cwd), ...checkProviders(scan.nodes, config, options.env ?? process.env));
    } catch (error) {
      checks.push(
        { id: 'discovery', title: 'discovery', status: 'fail', summary: error instanceof Error ? error.message : String(error) },
        checkLedger(probeLedger(config), config.ledger, cwd),
        skipped('providers', 'model keys', 'discovery failed'),
      );
    }
  } else {
    checks.push(skipped('discovery', 'discovery', 'ca.yaml is not valid'), skipped('ledger', 'deploy ledger', 'ca.yaml is not valid'), skipped('providers', 'model keys', 'ca.yaml is not valid'));
  }

  checks.push(...checkGit(await readGitPresence(config?.root ?? cwd), config?.root ?? null, cwd));
  return { schemaVersion: 1, caVersion: CA_VERSION, root: config?.root ?? null, checks, ok: !checks.some((check) => check.status === 'fail') };
}

function probeLedger(config: ProjectConfig): LedgerProbe {
  try {
    const ledger = openLedgerForReading(config);
    if (!ledger) return { state: 'none' };
    try {
      return { state: 'open', schemaVersion: ledger.schemaVersion, envs: ledger.envs() };
    } finally {
      ledger.close();
    }
  } catch (error) {
    return { state: 'error', error };
  }
}
