import { quoted } from './visible-text.js';

/**
 * What the runtime accepts as a node name (the SDK's factories check the same pattern, see
 * `sdk/validate.ts`; test/lint/rules/invalid-name.test.ts keeps the two equal): a letter or
 * underscore, then letters, digits, `_`, `.` and `-`. Selectors, step keys, ledger rows and
 * artifact paths all rely on it.
 */
export const NODE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function isValidNodeName(name: string): boolean {
  return NODE_NAME_PATTERN.test(name);
}

/**
 * The package part of a package-qualified id (SPEC §2): an npm package name without its scope
 * (`support`), or with it and without the `@` (`acme/support`) when two packages share the
 * unscoped name, in the characters npm allows in a name.
 */
const PACKAGE_QUALIFIER_PATTERN = /^([a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9_~-][a-z0-9._~-]*$/;

/**
 * A node's global id: a valid name, or a valid name qualified by its package (`support/triage`,
 * `acme/support/triage`) when packages of one workspace define the same name.
 */
export function isValidNodeId(id: string): boolean {
  if (isValidNodeName(id)) return true;
  const slash = id.lastIndexOf('/');
  return slash > 0 && PACKAGE_QUALIFIER_PATTERN.test(id.slice(0, slash)) && isValidNodeName(id.slice(slash + 1));
}

/**
 * A node id as human output shows it: a valid id as it is, anything else in double quotes with
 * its control characters escaped, so a hostile name can neither start a line nor hide what it is.
 */
export function displayName(name: string): string {
  return isValidNodeId(name) ? name : quoted(name);
}

/**
 * A stable id for a framework's display name that is not a valid node name ("FAQ Agent" →
 * `faq_agent`): lower case, every run of other characters one `_`, trimmed; `_` first when it
 * would start with a digit.
 */
export function slugNodeName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '');
  if (slug === '') return '_';
  return /^[a-z_]/.test(slug) ? slug : `_${slug}`;
}
