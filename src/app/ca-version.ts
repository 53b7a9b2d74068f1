import { readFileSync } from 'node:fs';

/** ca's own version, from its package.json (two levels above dist/app or src/app). */
export const CA_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
