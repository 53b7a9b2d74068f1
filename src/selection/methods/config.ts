import { effectiveConfig } from '../../core/node-defaults.js';
import type { JsonValue } from '../../core/node.js';
import type { SelectorMethod } from './selector-method.js';

/** A config value equals the selector value when their text forms match; booleans ignore case. */
function equals(actual: JsonValue, wanted: string): boolean {
  if (typeof actual === 'boolean') return String(actual) === wanted.toLowerCase();
  if (typeof actual === 'string' || typeof actual === 'number') return String(actual) === wanted;
  if (actual === null) return wanted === 'null';
  return false;
}

function lookup(config: Record<string, JsonValue>, keys: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = config;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

export const configMethod: SelectorMethod = {
  name: 'config',
  summary: 'Nodes whose literal config (defaults filled in) has this value at a key (`config.effect:dangerous`), or lists it.',
  takesArgs: true,
  select(value, args, { nodes }) {
    return new Set(
      nodes
        .filter((node) => {
          const actual = lookup(effectiveConfig(node), args);
          if (actual === undefined) return false;
          return Array.isArray(actual) ? actual.some((item) => equals(item, value)) : equals(actual, value);
        })
        .map((node) => node.name),
    );
  },
};
