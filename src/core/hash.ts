import crypto from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// The package is CommonJS with an ESM-style declaration: under NodeNext its default import is the function itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

// One-shot hashing (Node 20.12+) is about three times faster than a Hash object for the many
// small texts discovery hashes; older Node 20 releases fall back to createHash.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

export function sha256(text: string): string {
  return oneShot ? oneShot('sha256', text) : crypto.createHash('sha256').update(text).digest('hex');
}

/** sha256 of the RFC 8785 canonical JSON of a value: key order and number formatting never matter. */
export function hashCanonical(value: unknown): string {
  return sha256(canonicalize(value) ?? 'null');
}
