import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { UserError } from '../core/errors.js';
import { parseLocatedYaml } from './located-yaml.js';
import { configSchema, type RawConfig } from './config-schema.js';

/**
 * ca.yaml text → validated config, or a UserError that points at the line. Loaded only when the
 * file changed since the last validated read (yaml and zod cost start-up time on every verb).
 */
export function parseConfigText(text: string, shown: string): RawConfig {
  const yaml = parseLocatedYaml(text, shown);
  if (yaml.syntaxError) {
    throw new UserError('config-invalid', `not valid YAML: ${yaml.syntaxError.message}`, {
      location: yaml.syntaxError.location,
      hint: 'Fix the YAML syntax (indentation, quotes, colons).',
    });
  }
  const parsed = configSchema.safeParse(yaml.value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const issuePath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const keyPath = issuePath.join('.');
  // A missing key has no node of its own: locate() points at the nearest enclosing one.
  let location = yaml.locate(issuePath);
  // Record keys and list items carry the real message one level down.
  const nested = (issue as { issues?: { message: string }[] }).issues?.[0];
  let detail = nested?.message ?? issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) detail = 'is required';
  // A bad name in a record (a provider or an env): point at the name, not at its value.
  if (issue.code === 'invalid_key') location = yaml.locate(issuePath.slice(0, -1), issuePath.at(-1));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    // Point at the unknown key itself, and suggest the key that was probably meant.
    location = yaml.locate(issuePath, key);
    const known = keysAt(configSchema, issuePath);
    const suggestion = known.length ? closest(key, known) : undefined;
    const near = suggestion !== undefined && distance(key, suggestion) <= 3;
    detail = `unknown key "${key}"${near ? ` (did you mean "${suggestion}"?)` : ''}`;
  }
  throw new UserError('config-invalid', `${keyPath ? `${keyPath}: ` : ''}${detail}`, {
    location,
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
