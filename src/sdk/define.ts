import type { Definition } from './definition.js';
import { KINDS, type Kind } from './kind.js';

// Symbol.for, not Symbol(): the CLI and the user's project can load two copies of this package
// (a global `ca` and a local dependency), and the runtime must recognise definitions made by either.
const BRAND = Symbol.for('composable-agents.definition');

// Arrays and the budget are copied before freezing so that freezing the definition never
// freezes (or later reflects edits to) an array the author still holds. Schemas and functions
// are kept as given: they belong to their libraries.
const COPIED_LISTS = ['tags', 'uses'] as const;

/**
 * Builds the definition object: the spec's own fields plus `kind`, frozen, and branded so that
 * `isDefinition` can tell it from a look-alike literal. Callers have validated `spec`.
 */
export function seal<D extends Definition>(kind: Kind, spec: object): D {
  // `kind` first for readable logs, and again last so a spec cannot override it.
  const def: Record<string, unknown> = { kind, ...spec };
  def['kind'] = kind;
  for (const key of COPIED_LISTS) {
    const value = def[key];
    if (Array.isArray(value)) def[key] = Object.freeze([...value]);
  }
  const budget = def['budget'];
  if (typeof budget === 'object' && budget !== null) def['budget'] = Object.freeze({ ...budget });
  // Not enumerable: a spread copy of a definition (`{ ...triage, name: 'x' }`) must not pass as one.
  Object.defineProperty(def, BRAND, { value: true });
  return Object.freeze(def) as D;
}

/** True for an object made by `tool`, `reasoner`, `flow`, `agent` or `session`. */
export function isDefinition(value: unknown): value is Definition {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { [BRAND]?: unknown; kind?: unknown };
  return candidate[BRAND] === true && (KINDS as readonly unknown[]).includes(candidate.kind);
}
