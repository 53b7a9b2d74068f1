import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../core/hash.js';
import type { RawConfig } from './config-schema.js';

let schemaVersion: string | undefined;

/** A hash of the schema's source: a cached result never outlives the rules it passed. */
function currentSchemaVersion(): string {
  if (schemaVersion === undefined) {
    const extension = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
    schemaVersion = sha256(readFileSync(new URL(`./config-schema${extension}`, import.meta.url), 'utf8'));
  }
  return schemaVersion;
}

function cacheFile(root: string): string {
  return path.join(root, '.ca', 'cache', 'config.json');
}

/**
 * The last ca.yaml that passed validation, keyed by its content hash: an unchanged file skips
 * YAML parsing and schema validation (about 90 ms of every start-up). Errors are never cached.
 */
export function readCachedConfig(root: string, hash: string): RawConfig | undefined {
  try {
    const data = JSON.parse(readFileSync(cacheFile(root), 'utf8')) as { version: string; hash: string; config: RawConfig };
    return data.version === currentSchemaVersion() && data.hash === hash ? data.config : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedConfig(root: string, hash: string, config: RawConfig): void {
  try {
    const file = cacheFile(root);
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: currentSchemaVersion(), hash, config }));
    renameSync(temporary, file);
  } catch {
    // Best effort, like every cache under .ca/.
  }
}
