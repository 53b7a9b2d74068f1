import { isDefinition } from './define.js';
import type { Kind } from './kind.js';
import { isStandardSchema } from './schema.js';

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const MODEL_PATTERN = /^[^:\s]+:\S+$/;

/** Thrown by a factory when a definition is malformed; the message names the definition and the field. */
export class DefinitionError extends TypeError {
  override readonly name = 'DefinitionError';
  /** Stable id for the runtime's error reporting. */
  readonly code = 'invalid-definition';

  constructor(
    /** The factory that refused the spec. */
    readonly kind: Kind,
    /** The definition's name, when it had a usable one. */
    readonly definition: string | undefined,
    /** The offending field, e.g. `effect` or `uses[1]`. */
    readonly field: string,
    problem: string,
  ) {
    super(`${definition === undefined ? `${kind}()` : `${kind} "${definition}"`}: ${problem}`);
  }
}

/** How a value reads inside an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (isDefinition(value)) return `the ${value.kind} "${value.name}"`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

interface NumberRule {
  readonly min: number;
  readonly integer?: boolean;
}

/**
 * Cheap, synchronous checks of a factory's spec, bound to the definition they report on.
 * Optional fields are checked only when present; nothing is called, awaited or imported.
 */
export class SpecCheck {
  private constructor(
    readonly kind: Kind,
    readonly spec: Readonly<Record<string, unknown>>,
    readonly name: string,
  ) {}

  /** Checks that `spec` is an object with a valid name, description and tags. */
  static of(kind: Kind, spec: unknown): SpecCheck {
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      throw new DefinitionError(kind, undefined, '', `expects one object with at least a name, got ${show(spec)}`);
    }
    const { name } = spec as { name?: unknown };
    if (typeof name !== 'string' || name === '') {
      throw new DefinitionError(kind, undefined, 'name', `name must be a non-empty string, got ${show(name)}`);
    }
    if (!NAME_PATTERN.test(name)) {
      throw new DefinitionError(
        kind,
        name,
        'name',
        'name must start with a letter or "_" and contain only letters, digits, "_", "." and "-"',
      );
    }
    const check = new SpecCheck(kind, spec as Record<string, unknown>, name);
    check.string('description');
    check.tags();
    return check;
  }

  fail(field: string, problem: string): never {
    throw new DefinitionError(this.kind, this.name, field, problem);
  }

  has(field: string): boolean {
    return this.spec[field] !== undefined;
  }

  private missing(field: string, required: boolean): boolean {
    if (this.has(field)) return false;
    if (required) this.fail(field, `${field} is required`);
    return true;
  }

  string(field: string, required = false): this {
    if (this.missing(field, required)) return this;
    const value = this.spec[field];
    if (typeof value !== 'string') this.fail(field, `${field} must be a string, got ${show(value)}`);
    return this;
  }

  boolean(field: string): this {
    if (this.missing(field, false)) return this;
    const value = this.spec[field];
    if (typeof value !== 'boolean') this.fail(field, `${field} must be true or false, got ${show(value)}`);
    return this;
  }

  function(field: string, required = true): this {
    if (this.missing(field, required)) return this;
    const value = this.spec[field];
    if (typeof value !== 'function') this.fail(field, `${field} must be a function, got ${show(value)}`);
    return this;
  }

  oneOf(field: string, allowed: readonly string[]): this {
    if (this.missing(field, false)) return this;
    const value = this.spec[field];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      const options = allowed.map((option) => JSON.stringify(option));
      const listed = `${options.slice(0, -1).join(', ')} or ${options.at(-1) ?? ''}`;
      this.fail(field, `${field} must be ${listed}, got ${show(value)}`);
    }
    return this;
  }

  schema(field: string): this {
    if (this.missing(field, false)) return this;
    const value = this.spec[field];
    if (!isStandardSchema(value)) {
      this.fail(field, `${field} must be a Standard Schema (zod, valibot, arktype …), got ${show(value)}`);
    }
    return this;
  }

  model(field = 'model'): this {
    if (this.missing(field, true)) return this;
    const value = this.spec[field];
    if (typeof value !== 'string' || !MODEL_PATTERN.test(value)) {
      this.fail(field, `${field} must be "provider:model", e.g. "openai:gpt-4o-mini", got ${show(value)}`);
    }
    return this;
  }

  number(field: string, rule: NumberRule, value: unknown = this.spec[field]): this {
    if (value === undefined) return this;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= rule.min &&
      (!rule.integer || Number.isInteger(value));
    if (!ok) {
      const what = rule.integer ? 'an integer' : 'a number';
      this.fail(field, `${field} must be ${what} >= ${rule.min}, got ${show(value)}`);
    }
    return this;
  }

  /** `uses` must hold definitions; an `undefined` entry is the usual sign of a circular import. */
  uses(): this {
    if (this.missing('uses', false)) return this;
    const value = this.spec['uses'];
    if (!Array.isArray(value)) this.fail('uses', `uses must be an array of definitions, got ${show(value)}`);
    value.forEach((entry: unknown, index: number) => {
      if (!isDefinition(entry)) {
        const hint = entry === undefined ? ' (an import that is still undefined usually means a circular import)' : '';
        this.fail(`uses[${index}]`, `uses[${index}] must be a definition, got ${show(entry)}${hint}`);
      }
    });
    return this;
  }

  budget(): this {
    if (this.missing('budget', false)) return this;
    const value = this.spec['budget'];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail('budget', `budget must be an object, got ${show(value)}`);
    }
    const limits = value as Record<string, unknown>;
    this.number('budget.maxRounds', { min: 1, integer: true }, limits['maxRounds']);
    this.number('budget.maxUsd', { min: 0 }, limits['maxUsd']);
    this.number('budget.maxTokens', { min: 1, integer: true }, limits['maxTokens']);
    return this;
  }

  private tags(): void {
    if (this.missing('tags', false)) return;
    const value = this.spec['tags'];
    if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string' && tag !== '')) {
      this.fail('tags', `tags must be an array of non-empty strings, got ${show(value)}`);
    }
  }
}
