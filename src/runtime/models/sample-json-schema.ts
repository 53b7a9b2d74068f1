type Schema = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  'date-time': '1970-01-01T00:00:00.000Z',
  date: '1970-01-01',
  time: '00:00:00',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  hostname: 'example.com',
};

/** Nesting beyond this stops following required recursive references (a tree that must have children). */
const MAX_DEPTH = 8;

/**
 * A deterministic value that satisfies a JSON Schema, for the `fake:` provider: `enum[0]` and
 * `const` first; strings named after their property (padded to `minLength`, or a sample of their
 * `format`); numbers 0, or the nearest bound; booleans false; arrays of `minItems` samples; objects
 * with their required properties. `anyOf`/`oneOf` take the first non-null branch, `allOf` merges.
 * `pattern` and `multipleOf` are not honoured.
 */
export function sampleJsonSchema(schema: unknown, name = 'value'): unknown {
  const root = isSchema(schema) ? schema : {};
  return sample(root, root, name, 0);
}

function sample(schema: Schema, root: Schema, name: string, depth: number): unknown {
  if (typeof schema['$ref'] === 'string') {
    const target = resolveRef(schema['$ref'], root);
    return depth > MAX_DEPTH || !target ? null : sample(target, root, name, depth + 1);
  }
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const branch = branches.find((b) => isSchema(b) && b['type'] !== 'null') ?? branches[0];
      return sample(isSchema(branch) ? branch : {}, root, name, depth + 1);
    }
  }
  if (Array.isArray(schema['allOf'])) {
    const { allOf, ...rest } = schema;
    const merged = (allOf as unknown[]).filter(isSchema).reduce<Schema>((acc, part) => mergeSchemas(acc, part), rest);
    return sample(merged, root, name, depth + 1);
  }
  const type = typeOf(schema);
  switch (type) {
    case 'string':
      return sampleString(schema, name);
    case 'integer':
    case 'number':
      return sampleNumber(schema, type === 'integer');
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const prefix = Array.isArray(schema['prefixItems']) ? (schema['prefixItems'] as unknown[]) : Array.isArray(schema['items']) ? (schema['items'] as unknown[]) : undefined;
      const items = isSchema(schema['items']) ? schema['items'] : {};
      const out: unknown[] = [];
      for (let i = 0; i < Math.max(count, prefix?.length ?? 0); i++) {
        const item = prefix?.[i];
        out.push(sample(isSchema(item) ? item : items, root, name, depth + 1));
      }
      return out;
    }
    case 'object': {
      const properties = isSchema(schema['properties']) ? schema['properties'] : {};
      const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
      const out: Record<string, unknown> = {};
      for (const key of required) {
        const property = properties[key];
        out[key] = sample(isSchema(property) ? property : {}, root, key, depth + 1);
      }
      return out;
    }
    default:
      // No type at all ({}): any value is valid; a string reads best in a trace.
      return name;
  }
}

function typeOf(schema: Schema): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => t !== 'null') ?? type[0]) as string | undefined;
  if (isSchema(schema['properties'])) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

function sampleString(schema: Schema, name: string): string {
  const format = typeof schema['format'] === 'string' ? FORMATS[schema['format']] : undefined;
  let value = format ?? name;
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  while (value.length < min) value += 'x';
  return value.length > max ? value.slice(0, max) : value;
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  // draft-04 spells exclusive bounds as booleans next to minimum/maximum.
  const exclusiveMin = num('exclusiveMinimum') ?? (schema['exclusiveMinimum'] === true ? num('minimum') : undefined);
  const exclusiveMax = num('exclusiveMaximum') ?? (schema['exclusiveMaximum'] === true ? num('maximum') : undefined);
  const min = exclusiveMin === undefined ? num('minimum') : undefined;
  const max = exclusiveMax === undefined ? num('maximum') : undefined;
  const step = integer ? 1 : 0.5;
  let value = 0;
  if (min !== undefined && value < min) value = integer ? Math.ceil(min) : min;
  if (exclusiveMin !== undefined && value <= exclusiveMin) value = integer ? Math.floor(exclusiveMin) + 1 : exclusiveMin + step;
  if (max !== undefined && value > max) value = integer ? Math.floor(max) : max;
  if (exclusiveMax !== undefined && value >= exclusiveMax) value = integer ? Math.ceil(exclusiveMax) - 1 : exclusiveMax - step;
  return value;
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    current = isSchema(current) ? current[key] : undefined;
  }
  return isSchema(current) ? current : undefined;
}

function mergeSchemas(a: Schema, b: Schema): Schema {
  const merged: Schema = { ...a, ...b };
  if (isSchema(a['properties']) && isSchema(b['properties'])) merged['properties'] = { ...a['properties'], ...b['properties'] };
  if (Array.isArray(a['required']) && Array.isArray(b['required'])) merged['required'] = [...new Set([...a['required'], ...b['required']])];
  return merged;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
