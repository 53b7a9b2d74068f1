import type { JsonValue } from '../../core/node.js';
import { visible } from '../../core/visible-text.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Deeper objects are `{…}`: a line is for reading at a glance; `--json` has the whole schema. */
const MAX_DEPTH = 2;
const MAX_ENUM = 6;

/**
 * A JSON Schema (an MCP tool's input or output, as locked) on one line, in TypeScript's terms:
 * `{ city: string, days?: integer }`: property names with their types, `?` on the ones not required.
 */
export function compactSchema(schema: JsonValue): string {
  return visible(shape(schema, 0));
}

function shape(schema: JsonValue | undefined, depth: number): string {
  if (typeof schema === 'boolean') return schema ? 'any' : 'never';
  if (!isObject(schema)) return 'any';
  if (Array.isArray(schema['enum'])) {
    const values = schema['enum'];
    const shown = values.slice(0, MAX_ENUM).map((value) => JSON.stringify(value));
    return values.length > MAX_ENUM ? `${shown.join(' | ')} | …` : shown.join(' | ');
  }
  if (schema['const'] !== undefined) return JSON.stringify(schema['const']);
  for (const [key, join] of [['anyOf', ' | '], ['oneOf', ' | '], ['allOf', ' & ']] as const) {
    const parts = schema[key];
    if (Array.isArray(parts) && parts.length > 0) return parts.map((part) => shape(part, depth)).join(join);
  }
  const type = schema['type'];
  if (Array.isArray(type)) return type.map((one) => shape({ ...schema, type: one }, depth)).join(' | ');
  if (type === 'array' || (type === undefined && schema['items'] !== undefined)) {
    const item = shape(schema['items'], depth);
    return /[ |&]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
  }
  if (type === 'object' || (type === undefined && schema['properties'] !== undefined)) return objectShape(schema, depth);
  return typeof type === 'string' ? type : 'any';
}

function objectShape(schema: Record<string, JsonValue>, depth: number): string {
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const names = Object.keys(properties);
  const extra = schema['additionalProperties'];
  if (names.length === 0) return isObject(extra) ? `{ [key: string]: ${shape(extra, depth + 1)} }` : '{}';
  if (depth >= MAX_DEPTH) return '{…}';
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((name) => typeof name === 'string') : []);
  const fields = names.map((name) => `${IDENTIFIER.test(name) ? name : JSON.stringify(name)}${required.has(name) ? '' : '?'}: ${shape(properties[name], depth + 1)}`);
  return `{ ${fields.join(', ')} }`;
}

function isObject(value: JsonValue | undefined): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
