import { closest, distance } from 'fastest-levenshtein';
import { LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../core/errors.js';
import { configSchema, type RawConfig } from './config-schema.js';

/**
 * ca.yaml text → validated config, or a UserError that points at the line. Loaded only when the
 * file changed since the last validated read (yaml and zod cost start-up time on every verb).
 */
export function parseConfigText(text: string, shown: string): RawConfig {
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
  if (issue.code === 'invalid_key') {
    // A bad name in a record (a provider or an env): point at the name, not at its value.
    const parent = issuePath.length > 1 ? document.getIn(issuePath.slice(0, -1), true) : document.contents;
    if (isMap(parent)) node = parent.items.find((pair) => isScalar(pair.key) && pair.key.value === issuePath.at(-1))?.key ?? node;
  }
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
