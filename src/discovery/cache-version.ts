import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../core/hash.js';

let cached: string | undefined;

/**
 * A hash of discovery's own code. Caches made by another version of the extractor or the linker
 * are ignored instead of misread, without anyone having to remember to bump a number.
 */
export function discoveryCodeVersion(): string {
  if (cached !== undefined) return cached;
  const folder = fileURLToPath(new URL('.', import.meta.url));
  // The framework adapters (a subfolder) are part of it. Two flat listings: a recursive one costs
  // milliseconds on Node 20, on the warm path.
  const sources = [...readdirSync(folder), ...readdirSync(`${folder}/frameworks`).map((name) => `frameworks/${name}`)]
    .filter((name) => /\.(c|m)?(j|t)s$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.map'))
    .sort()
    .map((name) => `${name}\n${readFileSync(`${folder}/${name}`, 'utf8')}`);
  cached = sha256(sources.join('\n'));
  return cached;
}
