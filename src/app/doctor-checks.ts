import path from 'node:path';
import { providerEnv } from '../runtime/models/resolve-language-model.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { DoctorCheck } from '../core/doctor-result.js';
import { isUserError } from '../core/errors.js';
import { MODEL_PROVIDERS } from '../core/model-providers.js';
import { type CaNode, NODE_KINDS } from '../core/node.js';
import type { ProjectScan } from '../core/project-scan.js';
import type { ModuleFormat, SdkResolution } from '../runtime/module-format.js';
import type { LoaderProbe } from '../runtime/probe-loader.js';
import type { GitPresence } from '../state/git-presence.js';
import { isPostgresUrl } from '../core/store-location.js';

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
  const { from, include, exclude } = config.sources;
  // Where the sources came from matters when ca.yaml does not say: it is why a file was scanned or not.
  const sources = from === 'ca.yaml src' ? '' : ` · sources: ${describeSources(config)}`;
  return {
    id: 'config',
    title: 'ca.yaml',
    status: 'ok',
    summary: config.configFile ? `${shown(config.configFile)} (${extra})${sources}` : `none: defaults${sources}`,
    details: { file: config.configFile ?? null, envs, selectors, sources: from, include, exclude },
  };
}

function describeSources(config: ProjectConfig): string {
  const from = config.sources.from;
  const where =
    from === 'tsconfig.json include' ? `tsconfig.json include (${config.src.join(', ')})`
    : from === 'src folder' ? 'src/ (no tsconfig.json include)'
    : from === 'workspace packages' ? `the ${workspacePackages(config)} of the ${config.layout.workspace?.from === 'pnpm-workspace.yaml' ? 'pnpm workspace' : config.layout.workspace?.from === 'tsconfig.json' ? 'tsconfig.json references' : 'workspace'}, each by its tsconfig.json include, else its src/ (${config.src.join(', ')})`
    : 'the project folder (no tsconfig.json include, no src/)';
  return `${where}, minus tests and build outputs`;
}

function workspacePackages(config: ProjectConfig): string {
  const count = config.layout.packages.filter((pkg) => pkg.folder !== '.').length;
  return `${count} package${count === 1 ? '' : 's'}`;
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
  // A file path relative to here; a PostgreSQL URL (its password already masked) as it is.
  const shown = isPostgresUrl(file) ? file : path.relative(cwd, file) || file;
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

/** What the run store said when opened read-only: nothing run yet, a schema version and its latest run, or the error. */
export type RunStoreProbe = { state: 'none' } | { state: 'open'; schemaVersion: number; latest?: { id: string; at: number } } | { state: 'error'; error: unknown };

/** The run store (SPEC §7, §10): a file, or a PostgreSQL database shared by the team's workers. */
export function checkRunStore(probe: RunStoreProbe, shown: string): DoctorCheck {
  const title = 'run store';
  if (probe.state === 'none') return { id: 'runs', title, status: 'ok', summary: `no runs yet: ${shown}`, details: { location: shown, schemaVersion: null } };
  if (probe.state === 'open') {
    const latest = probe.latest ? `latest run ${probe.latest.id} at ${new Date(probe.latest.at).toISOString()}` : 'no runs';
    return { id: 'runs', title, status: 'ok', summary: `${shown}: schema v${probe.schemaVersion}, ${latest}`, details: { location: shown, schemaVersion: probe.schemaVersion } };
  }
  const error = probe.error;
  const outdated = isUserError(error) && error.code === 'runs-outdated';
  return {
    id: 'runs',
    title,
    status: outdated ? 'warn' : 'fail',
    summary: error instanceof Error ? error.message : String(error),
    hint: (isUserError(error) && error.hint) || 'See docs/runs.md.',
    details: { location: shown, code: isUserError(error) ? error.code : 'internal' },
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

/** A definition file and how Node will load it. */
export interface FileFormat {
  file: string;
  format: ModuleFormat;
}

/** `ca run` imports definition files as ES modules; a `.ts` file in a package without `"type": "module"` loads as CommonJS and fails. */
export function checkModuleFormat(files: readonly FileFormat[], root: string): DoctorCheck {
  const base = { id: 'module-format', title: 'module format' };
  const commonjs = files.filter((entry) => entry.format.format === 'commonjs');
  if (files.length === 0) return { ...base, status: 'skip', summary: 'not checked: no definition files' };
  if (commonjs.length === 0) return { ...base, status: 'ok', summary: `${files.length} definition file${files.length === 1 ? ' loads' : 's load'} as ES modules`, details: { files: files.length, commonjs: 0 } };
  const [first] = commonjs;
  const packageJson = first!.format.packageJson;
  const shown = commonjs.slice(0, 3).map((entry) => entry.file).join(', ') + (commonjs.length > 3 ? `, and ${commonjs.length - 3} more` : '');
  const explicit = commonjs.every((entry) => /\.c[tj]s$/.test(entry.file));
  return {
    ...base,
    status: 'fail',
    summary: `${commonjs.length} definition file${commonjs.length === 1 ? '' : 's'} would load as CommonJS (${shown}), which \`ca run\` cannot import`,
    hint: explicit
      ? 'Rename .cts files that define nodes to .ts (in a "type": "module" package) or .mts: composable-agents is an ES module.'
      : packageJson
        ? `Add "type": "module" to ${path.relative(root, packageJson) || 'package.json'} (or name the files .mts).`
        : 'Add a package.json with "type": "module" to the project (npm init -y, then set "type"), or name the files .mts.',
    details: { files: files.length, commonjs: commonjs.length, packageJson },
  };
}

/** The project's own `composable-agents`: what its imports and its type-check use. */
export function checkSdk(sdk: SdkResolution, caVersion: string, root: string): DoctorCheck {
  const base = { id: 'sdk', title: 'composable-agents' };
  if (!sdk.installed) {
    return {
      ...base,
      status: 'warn',
      summary: `not installed in the project: \`ca run\` lends it the SDK of this ca (${caVersion}), and tsc cannot type-check the definitions`,
      hint: 'Run `npm install` (package.json should list composable-agents; `ca init` writes a dependency that resolves).',
      details: { installed: false, caVersion },
    };
  }
  const where = path.relative(root, sdk.dir) || sdk.dir;
  if (sdk.version !== caVersion) {
    return {
      ...base,
      status: 'warn',
      summary: `the project has ${sdk.version} (${where}); this ca is ${caVersion}`,
      hint: 'Run the project\'s own ca (`npx ca …`), or install the same version of both.',
      details: { installed: true, version: sdk.version, caVersion },
    };
  }
  return { ...base, status: 'ok', summary: `${sdk.version} (${where})`, details: { installed: true, version: sdk.version, caVersion } };
}

/** The TypeScript loader of `ca run` (tsx, with the project's tsconfig), tried on a probe module. */
export function checkLoader(probe: LoaderProbe, moduleFormat: DoctorCheck): DoctorCheck {
  const base = { id: 'loader', title: 'TypeScript loader' };
  if (probe.ok) return { ...base, status: 'ok', summary: `tsx loads a TypeScript definition here (${probe.ms} ms)`, details: { ms: probe.ms } };
  return {
    ...base,
    status: 'fail',
    summary: `a TypeScript probe module did not load: ${probe.message}`,
    hint: moduleFormat.status === 'fail' ? (moduleFormat.hint ?? '') : 'Check tsconfig.json (run `npx tsc --noEmit`) and that `npm install` finished.',
    details: { message: probe.message },
  };
}

export function skipped(id: string, title: string, because: string): DoctorCheck {
  return { id, title, status: 'skip', summary: `not checked: ${because}` };
}
