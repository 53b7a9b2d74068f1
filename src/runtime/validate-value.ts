import type { StandardSchemaV1 } from '@standard-schema/spec';
import { RunError } from './run-errors.js';

/** `items[2].amount` from a Standard Schema issue path. */
export function formatIssuePath(path: StandardSchemaV1.Issue['path']): string {
  let out = '';
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Validates `value` with the definition's schema (zod, valibot, arktype… anything Standard Schema)
 * and returns the parsed value. A failure names the node, which side (input/output) and the bad
 * field's path, so the trace says exactly what to fix.
 */
export async function validateValue(
  schema: StandardSchemaV1 | undefined,
  value: unknown,
  where: { node: string; side: 'input' | 'output' },
): Promise<unknown> {
  if (schema === undefined) return value;
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return result.value;
  const [first] = result.issues;
  const path = first ? formatIssuePath(first.path) : '';
  const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more)` : '';
  const at = path === '' ? '' : ` at ${path}`;
  return Promise.reject(
    new RunError('schema', `${where.side} of ${where.node} is invalid${at}: ${first?.message ?? 'does not match the schema'}${more}`, {
      ...(path === '' ? {} : { path }),
      hint: where.side === 'input' ? `check the value passed to ${where.node}` : `${where.node} returned a value its output schema rejects`,
    }),
  );
}
