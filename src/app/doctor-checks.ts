import path from 'node:path';
import { providerEnv } from '../runtime/models/resolve-language-model.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { DoctorCheck } from '../core/doctor-result.js';
import { isUserError } from '../core/errors.js';
import { MODEL_PROVIDERS } from '../core/model-providers.js';
import { type CaNode, NODE_KINDS } from '../core/node.js';
import type { ProjectScan } from '../core/project-scan.js';
import type { GitPresence } from '../state/git-presence.js';

/** package.json `engines.node`. */
export const MIN_NODE_MAJOR = 20;

/** Each check on its own, from what was found: pure, so the rules are testable without the machine. */

export function checkNode(version: string): DoctorCheck {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  const ok = Number.isInteger(major) && major >= MIN_NODE_MAJOR;
  return {
    id: 'node',
    title: 'Node.js',
    status: ok ? 'ok' : 'fail',
    summary: `${version.startsWith('v') ? version : `v${version}`}${ok ? '' : `: ca needs Node.js ${MIN_NODE_MAJOR} or later`}`,
    ...(ok ? {} : { hint: `Install Node.js ${MIN_NODE_MAJOR} or later (https://nodejs.org), e.g. with nvm or fnm.` }),
    details: { version, required: `>=${MIN_NODE_MAJOR}` },
  };
}

export function checkConfig(config: ProjectConfig | undefined, error: unknown, cwd: string): DoctorCheck {
  if (!config) {
    const message = error instanceof Error ? error.message : String(error);
    const where = isUserError(error) && error.location?.file ? `${error.location.file}: ` : '';
    return { id: 'config', title: 'ca.yaml', status: 'fail', summary: `${where}${message}`, hint: (isUserError(error) && error.hint) || 'Fix ca.yaml (see docs/configuration.md).' };
  }
  const shown = (file: string) => path.relative(cwd, file) || '.';
  const envs = Object.keys(config.envs).length;
  const selectors = config.selectors.length;
  const extra = `${envs} env${envs === 1 ? '' : 's'}, ${selectors} named selector${selectors === 1 ? '' : 's'}`;
  return {
    id: 'config',
    title: 'ca.yaml',
    status: 'ok',
    summary: config.configFile ? `${shown(config.configFile)} (${extra})` : `none: defaults, every source file under ${shown(config.root)}`,
    details: { file: config.configFile ?? null, envs, selectors },
  };
}

export function checkDiscovery(scan: ProjectScan): DoctorCheck {
  const counts = Object.fromEntries(NODE_KINDS.map((kind) => [kind, scan.nodes.filter((node) => node.kind === kind).length]));
  const errors = scan.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = scan.diagnostics.filter((d) => d.severity === 'warn').length;
  const kinds = NODE_KINDS.filter((kind) => counts[kind]! > 0).map((kind) => `${counts[kind]} ${kind}${counts[kind] === 1 ? '' : 's'}`);
  const problems = errors + warnings === 0 ? 'no diagnostics' : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const details = { files: scan.stats.files, nodes: scan.nodes.length, kinds: counts, errors, warnings };
  if (scan.nodes.length === 0) {
    return {
      id: 'discovery',
      title: 'discovery',
      status: 'warn',
      summary: `no definitions in ${scan.stats.files} source file${scan.stats.files === 1 ? '' : 's'} · ${problems}`,
      hint: 'Point `src:` in ca.yaml at the folders that define tools, flows and agents with composable-agents.',
      details,
    };
  }
  return {
    id: 'discovery',
    title: 'discovery',
    status: errors + warnings > 0 ? 'warn' : 'ok',
    summary: `${scan.nodes.length} node${scan.nodes.length === 1 ? '' : 's'} (${kinds.join(', ')}) in ${scan.stats.files} files · ${problems}`,
    ...(errors + warnings > 0 ? { hint: 'Run `ca ls` to see each diagnostic with its place, or `ca lint`.' } : {}),
    details,
  };
}

/** What the ledger said when opened read-only: nothing yet, a schema version and its envs, or the error. */
export type LedgerProbe = { state: 'none' } | { state: 'open'; schemaVersion: number; envs: string[] } | { state: 'error'; error: unknown };

export function checkLedger(probe: LedgerProbe, file: string, cwd: string): DoctorCheck {
  const shown = path.relative(cwd, file) || file;
  if (probe.state === 'none') return { id: 'ledger', title: 'deploy ledger', status: 'ok', summary: `no ledger yet (nothing deployed): ${shown}`, details: { file, schemaVersion: null } };
  if (probe.state === 'open') {
    const envs = probe.envs.length === 0 ? 'no deployments' : `deployments in ${probe.envs.join(', ')}`;
    return { id: 'ledger', title: 'deploy ledger', status: 'ok', summary: `${shown}: schema v${probe.schemaVersion}, ${envs}`, details: { file, schemaVersion: probe.schemaVersion } };
  }
  const error = probe.error;
  const message = error instanceof Error ? error.message : String(error);
  // An older schema is upgraded in place by the next deploy: a warning, not a broken ledger.
  const outdated = isUserError(error) && error.code === 'ledger-outdated';
  return {
    id: 'ledger',
    title: 'deploy ledger',
    status: outdated ? 'warn' : 'fail',
    summary: message,
    hint: (isUserError(error) && error.hint) || 'See docs/deploy.md (the ledger).',
    details: { file, code: isUserError(error) ? error.code : 'internal' },
  };
}

/** One check per model provider the project's reasoners and agents name; only variable names, never values. */
export function checkProviders(nodes: readonly CaNode[], config: ProjectConfig, env: Readonly<Record<string, string | undefined>>): DoctorCheck[] {
  const users = new Map<string, string[]>();
  for (const node of nodes) {
    const model = node.config.model;
    if (typeof model !== 'string' || !model.includes(':')) continue;
    const provider = model.slice(0, model.indexOf(':'));
    users.set(provider, [...(users.get(provider) ?? []), node.name]);
  }
  if (users.size === 0) return [{ id: 'providers', title: 'model keys', status: 'ok', summary: 'no reasoner or agent names a model' }];
  return [...users.keys()].sort().map((provider): DoctorCheck => {
    const names = users.get(provider)!;
    const used = `used by ${names.length} node${names.length === 1 ? '' : 's'}`;
    const base = { id: `provider:${provider}`, title: provider };
    const needs = providerEnv(provider, config.providers[provider]);
    const key = { env: needs?.required, optional: needs?.optional, note: needs?.note };
    if (!needs) {
      return { ...base, status: 'warn', summary: `unknown provider (${used})`, hint: `Declare it under providers: in ca.yaml, or use one of ${MODEL_PROVIDERS.join(', ')}.`, details: { nodes: names.length } };
    }
    if (!key.env) return { ...base, status: 'ok', summary: `${key.note} (${used})`, details: { nodes: names.length, variable: null } };
    const present = Boolean(env[key.env]);
    return {
      ...base,
      status: present ? 'ok' : 'warn',
      summary: `${key.env} ${present ? 'is set' : 'is not set'} (${used})`,
      ...(present ? {} : { hint: `Export ${key.env} to run them against ${provider}, or run with --mock FILE (canned outputs, no key).` }),
      details: { nodes: names.length, variable: key.env, set: present, ...(key.optional ? { optional: key.optional } : {}) },
    };
  });
}

export function checkGit(git: GitPresence, root: string | null, cwd: string): DoctorCheck[] {
  if (!git.version) {
    return [
      { id: 'git', title: 'git', status: 'warn', summary: 'git is not on the PATH', hint: 'Install git: `--state git:<ref>` baselines and the commit recorded with each deploy need it.' },
      { id: 'repository', title: 'repository', status: 'skip', summary: 'not checked: no git' },
    ];
  }
  const repo: DoctorCheck = git.repoRoot
    ? { id: 'repository', title: 'repository', status: 'ok', summary: `a git work tree (${path.relative(cwd, git.repoRoot) || '.'})`, details: { root: git.repoRoot } }
    : {
        id: 'repository',
        title: 'repository',
        status: 'warn',
        summary: `${root ? path.relative(cwd, root) || '.' : 'the project'} is not in a git repository`,
        hint: '`git init`: state:git baselines and deploy records of the commit need a repository.',
        details: { root: null },
      };
  return [{ id: 'git', title: 'git', status: 'ok', summary: `git ${git.version}`, details: { version: git.version } }, repo];
}

export function skipped(id: string, title: string, because: string): DoctorCheck {
  return { id, title, status: 'skip', summary: `not checked: ${because}` };
}
