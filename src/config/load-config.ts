import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { sha256 } from '../core/hash.js';
import { UserError } from '../core/errors.js';
import type { RawConfig } from './config-schema.js';
import { readCachedConfig, writeCachedConfig } from './config-cache.js';
import { CONFIG_FILE_NAMES, DEFAULT_LEDGER, DEFAULT_RUNS, type ProjectConfig } from './project-config.js';
import { configuredSources, defaultSources } from './source-rule.js';
import { readProjectLayout } from './read-project-layout.js';
import { isPostgresUrl } from '../core/store-location.js';

export interface LocateOptions {
  /** -p/--project, as typed. */
  project?: string;
  cwd?: string;
}

/**
 * Finds the project and loads its ca.yaml: `--project DIR` names the folder (its ca.yaml is
 * optional); otherwise the nearest ca.yaml walking up from the working directory, else the
 * nearest package.json's folder, else the working directory itself, with defaults.
 */
export async function loadProjectConfig(options: LocateOptions = {}): Promise<ProjectConfig> {
  const cwd = options.cwd ?? process.cwd();
  let root: string;
  let configFile: string | undefined;
  if (options.project !== undefined) {
    root = path.resolve(cwd, options.project);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new UserError('project-not-found', `project folder ${options.project} does not exist`, {
        hint: 'Pass -p/--project a folder that holds your agents (and optionally a ca.yaml).',
      });
    }
    configFile = configIn(root);
  } else {
    for (let dir = cwd; ; dir = path.dirname(dir)) {
      configFile = configIn(dir);
      if (configFile || path.dirname(dir) === dir) break;
    }
    // Without a ca.yaml the project is the package the working directory belongs to, so that
    // `ca ls` in a subfolder (or far from any ca.yaml) still means the whole package, not just here.
    root = configFile ? path.dirname(configFile) : (packageRootAbove(cwd) ?? cwd);
  }
  const raw = configFile ? await readConfigFile(configFile, root) : {};
  const list = (value: string | string[] | undefined, fallback: string[]): string[] =>
    value === undefined ? fallback : Array.isArray(value) ? value : [value];
  const exclude = list(raw.exclude, []);
  // With `src:` in ca.yaml it decides; without, the project's own layout does (tsconfig include, src/, or the folder).
  const configured = raw.src === undefined ? undefined : list(raw.src, []).map((s) => s.replace(/\/+$/, '') || '.');
  const layout = await readProjectLayout(root);
  const { src, sources } = configured ? { src: configured, sources: configuredSources(configured, exclude) } : await defaultSources(root, exclude, layout);
  const config: ProjectConfig = {
    root,
    src,
    exclude,
    sources,
    layout,
    // A PostgreSQL URL is kept as written (CA_LEDGER_URL, read where the ledger is opened, overrides it).
    ledger: raw.ledger !== undefined && isPostgresUrl(raw.ledger) ? raw.ledger : path.resolve(root, raw.ledger ?? DEFAULT_LEDGER),
    runs: raw.runs !== undefined && isPostgresUrl(raw.runs) ? raw.runs : path.resolve(root, raw.runs ?? DEFAULT_RUNS),
    lint: raw.lint ?? {},
    envs: raw.envs ?? {},
    selectors: raw.selectors ?? [],
    providers: raw.providers ?? {},
    prices: raw.prices ?? {},
    models: raw.models ?? {},
    telemetry: raw.telemetry ?? {},
  };
  if (configFile) config.configFile = configFile;
  if (raw.state !== undefined) config.state = raw.state;
  // A folder must be there, and a glob (`packages/*/src`) must match one: either names where the sources are.
  for (const src of configured ?? []) {
    const glob = /[*?[\]{}]/.test(src);
    const found = glob ? globSync(src, { cwd: root, onlyDirectories: true, expandDirectories: false, ignore: ['**/node_modules/**'] }).length > 0 : existsSync(path.resolve(root, src));
    if (!found) {
      throw new UserError('config-invalid', glob ? `src glob ${src} matches no folder` : `src folder ${src} does not exist`, {
        location: { file: relativeTo(cwd, configFile ?? root) },
        hint: 'Fix `src:` in ca.yaml: folders (or globs of folders, as in packages/*/src) relative to the project.',
      });
    }
  }
  return config;
}

function packageRootAbove(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function configIn(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function relativeTo(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative || '.';
}

async function readConfigFile(file: string, root: string): Promise<RawConfig> {
  const shown = relativeTo(process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError('config-unreadable', `cannot read ${shown}: ${(error as Error).message}`, { hint: 'Check the file permissions.' });
  }
  const hash = sha256(text);
  const cached = readCachedConfig(root, hash);
  if (cached) return cached;
  const { parseConfigText } = await import('./parse-config-text.js');
  const raw = parseConfigText(text, shown);
  writeCachedConfig(root, hash, raw);
  return raw;
}
