import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
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
 * nearest package.json's folder, else the working directory itself, with defaults.
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
    // Without a ca.yaml the project is the package the working directory belongs to, so that
    // `ca ls` in a subfolder (or far from any ca.yaml) still means the whole package, not just here.
    root = configFile ? path.dirname(configFile) : (packageRootAbove(cwd) ?? cwd);
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
    throw new UserError('config-invalid', `not valid YAML: ${yamlError.message.split('\n')[0]}`, {
      location: at(yamlError.pos[0]),
      hint: 'Fix the YAML syntax (indentation, quotes, colons).',
    });
  }
  const value: unknown = document.toJS() ?? {};
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const issuePath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const keyPath = issuePath.join('.');
  // A missing key has no node of its own: point at the nearest enclosing one.
  let node: unknown;
  for (let depth = issuePath.length; depth >= 0 && !isNode(node); depth--) {
    node = depth === 0 ? document.contents : document.getIn(issuePath.slice(0, depth), true);
  }
  // Record keys and list items carry the real message one level down.
  const nested = (issue as { issues?: { message: string }[] }).issues?.[0];
  let detail = nested?.message ?? issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) detail = 'is required';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    // Point at the unknown key itself, and suggest the key that was probably meant.
    const map = issuePath.length ? document.getIn(issuePath, true) : document.contents;
    if (isMap(map)) node = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.key ?? node;
    const known = keysAt(configSchema, issuePath);
    const suggestion = known.length ? closest(key, known) : undefined;
    const near = suggestion !== undefined && distance(key, suggestion) <= 3;
    detail = `unknown key "${key}"${near ? ` (did you mean "${suggestion}"?)` : ''}`;
  }
  throw new UserError('config-invalid', `${keyPath ? `${keyPath}: ` : ''}${detail}`, {
    location: at(isNode(node) ? node.range?.[0] : undefined),
    hint: 'See docs/configuration.md for the keys ca.yaml accepts.',
  });
}

/** The keys a strict object of the schema accepts at a path (records and arrays stepped through). */
function keysAt(schema: z.ZodType, at: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const segment of at) {
    current = unwrapOptional(current);
    const d = (current as { def: { type: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown } }).def;
    if (d.type === 'object' && d.shape) current = d.shape[String(segment)];
    else if (d.type === 'record') current = d.valueType;
    else if (d.type === 'array') current = d.element;
    else return [];
    if (current === undefined) return [];
  }
  const d = (unwrapOptional(current) as { def: { type: string; shape?: Record<string, unknown> } }).def;
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

function unwrapOptional(schema: unknown): unknown {
  let current = schema as { def: { type: string; innerType?: unknown } };
  while (current.def.type === 'optional') current = current.def.innerType as typeof current;
  return current;
}
