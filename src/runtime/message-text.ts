import { toJsonValue } from '../core/json-value.js';

/** A value as the text of a user message: a string as it is, anything else as the one JSON conversion, indented. */
export function messageText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(toJsonValue(value) ?? null, null, 2);
}
