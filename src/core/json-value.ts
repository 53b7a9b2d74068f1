/** A value JSON can carry, exactly. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What stands in for an object met again while it is still being converted (a cycle). */
export const CIRCULAR = '[circular]';

/**
 * The one conversion of a run's values to JSON (SPEC §7): what the model is sent, what `ca run`
 * prints, what the trace and the stores keep all start here, so they can never disagree about
 * what a value was. A plain JSON value comes out deep-equal to what went in (key order kept,
 * nothing cut, nothing redacted); what JSON cannot carry is converted the way `JSON.stringify`
 * would, plus the cases where it would throw or say nothing useful:
 *
 * | value | becomes |
 * | --- | --- |
 * | `undefined`, a function, a symbol | left out of an object, `null` in an array, nothing at the top |
 * | `NaN`, `Infinity`, `-Infinity` | `null` (as JSON) |
 * | a BigInt | its decimal digits, as a string (`"12345678901234567890"`) |
 * | a Date, or anything with `toJSON()` | what `toJSON()` returns (an ISO string for a Date; an invalid Date is `null`) |
 * | a Map | an object of its entries, keys as strings |
 * | a Set, a typed array | an array |
 * | an Error | `{ name, message }` plus its own enumerable fields (`code`, `status`) and `cause` |
 * | an object met again inside itself (a cycle) | the string `"[circular]"` |
 *
 * A value shared in two places (not a cycle) is written in both.
 */
export function toJsonValue(value: unknown): JsonValue | undefined {
  return convert(value, '', new Set());
}

function convert(value: unknown, key: string, open: Set<object>): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (open.has(object)) return CIRCULAR;
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let replaced: unknown;
    try {
      replaced = toJSON.call(object, key);
    } catch {
      // An invalid Date's toJSON returns null; one that throws is treated as having none.
      replaced = undefined;
    }
    if (replaced !== object) {
      open.add(object);
      try {
        return replaced === undefined ? undefined : convert(replaced, key, open);
      } finally {
        open.delete(object);
      }
    }
  }
  open.add(object);
  try {
    if (Array.isArray(object)) return object.map((item, index) => convert(item, String(index), open) ?? null);
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      return Array.from(object as unknown as ArrayLike<number | bigint>, (item) => convert(item, '', open) ?? null);
    }
    if (object instanceof Set) return [...object].map((item, index) => convert(item, String(index), open) ?? null);
    if (object instanceof Map) {
      const out: Record<string, JsonValue> = {};
      for (const [entryKey, inner] of object) assign(out, String(entryKey), convert(inner, String(entryKey), open));
      return out;
    }
    const out: Record<string, JsonValue> = {};
    if (object instanceof Error) {
      out['name'] = object.name;
      out['message'] = object.message;
    }
    for (const entryKey of Object.keys(object)) {
      let inner: unknown;
      try {
        inner = (object as Record<string, unknown>)[entryKey];
      } catch (error) {
        // A getter that throws: say so rather than lose the whole value.
        inner = `[unreadable: ${error instanceof Error ? error.message : String(error)}]`;
      }
      assign(out, entryKey, convert(inner, entryKey, open));
    }
    if (object instanceof Error && object.cause !== undefined && !('cause' in out)) assign(out, 'cause', convert(object.cause, 'cause', open));
    return out;
  } finally {
    open.delete(object);
  }
}

/** `__proto__` is an ordinary key in JSON; plain assignment would set the prototype instead. */
function assign(out: Record<string, JsonValue>, key: string, value: JsonValue | undefined): void {
  if (value === undefined) return;
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** How a result is printed: a string as it is, anything else as indented JSON. */
export function resultText(value: JsonValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
