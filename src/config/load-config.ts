import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../core/errors.js';
import { configSchema } from './config-schema.js';
import { CONFIG_FILE_NAMES, DEFAULT_LEDGER, type ProjectConfig } from './project-config.js';

export interface LocateOptions {
  /** -p/--project, as typed. */
  project?: string;
  cwd?: string;
}

/**
 * Finds the project and loads its ca.yaml: `--project DIR` names the folder (its ca.yaml is
 * optional); otherwise the nearest ca.yaml walking up from the working directory, else the
 * working directory itself with defaults.
 */
export function loadProjectConfig(options: LocateOptions = {}): ProjectConfig {
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
    root = configFile ? path.dirname(configFile) : cwd;
  }
  const raw = configFile ? readConfigFile(configFile) : {};
  const list = (value: string | string[] | undefined, fallback: string[]): string[] =>
    value === undefined ? fallback : Array.isArray(value) ? value : [value];
  const config: ProjectConfig = {
    root,
    src: list(raw.src, ['.']).map((s) => s.replace(/\/+$/, '') || '.'),
    exclude: list(raw.exclude, []),
    ledger: path.resolve(root, raw.ledger ?? DEFAULT_LEDGER),
    lint: raw.lint ?? {},
    envs: raw.envs ?? {},
    selectors: raw.selectors ?? [],
  };
  if (configFile) config.configFile = configFile;
  if (raw.state !== undefined) config.state = raw.state;
  for (const src of config.src) {
    const absolute = path.resolve(root, src);
    if (!existsSync(absolute)) {
      throw new UserError('config-invalid', `src folder ${src} does not exist`, {
        location: { file: relativeTo(cwd, configFile ?? root) },
        hint: 'Fix `src:` in ca.yaml: folders relative to the project.',
      });
    }
  }
  return config;
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

function readConfigFile(file: string): z.infer<typeof configSchema> {
  const shown = relativeTo(process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError('config-unreadable', `cannot read ${shown}: ${(error as Error).message}`, { hint: 'Check the file permissions.' });
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { file: shown };
    const { line, col } = lineCounter.linePos(offset);
    return { file: shown, line, column: col };
  };
  const yamlError = document.errors[0];
  if (yamlError) {
    throw new UserError('config-invalid', `${shown} is not valid YAML: ${yamlError.message.split('\n')[0]}`, {
      location: at(yamlError.pos[0]),
      hint: 'Fix the YAML syntax (indentation, quotes, colons).',
    });
  }
  const value: unknown = document.toJS() ?? {};
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const issuePath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const node = document.getIn(issuePath, true);
  const keyPath = issuePath.join('.') || '(top level)';
  const detail =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message;
  throw new UserError('config-invalid', `${shown}: ${keyPath}: ${detail}`, {
    location: at(isNode(node) ? node.range?.[0] : undefined),
    hint: 'See docs/configuration.md for the keys ca.yaml accepts.',
  });
}
