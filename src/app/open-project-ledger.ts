import { projectSecrets } from './project-secrets.js';
import { existsSync } from 'node:fs';
import type { ProjectConfig } from '../config/project-config.js';
import { UserError } from '../core/errors.js';
import type { Ledger } from '../ledger/ledger.js';
import { openLedger } from '../ledger/open-ledger.js';

/** The env must be one of ca.yaml's `envs:`: a typo is a usage error, not an empty answer. */
export function checkEnv(config: ProjectConfig, env: string): void {
  if (env in config.envs) return;
  const known = Object.keys(config.envs);
  throw new UserError('unknown-env', `unknown env '${env}'`, {
    hint: known.length ? `Envs in ca.yaml: ${known.join(', ')}` : 'Define envs in ca.yaml (see docs/deploy.md).',
  });
}

/**
 * The project's ledger for reading: undefined when nothing was ever deployed (no file yet), so
 * read-only verbs answer "not deployed" instead of creating one.
 */
export function openLedgerForReading(config: ProjectConfig): Ledger | undefined {
  if (!existsSync(config.ledger)) return undefined;
  try {
    return openLedger(config.ledger, { readonly: true });
  } catch (error) {
    // A file another process is creating right now holds nothing yet.
    if (error instanceof UserError && error.code === 'ledger-missing') return undefined;
    throw error;
  }
}

/** The ledger for deploys and rollbacks; messages written through it lose the project's known secrets. */
export function openLedgerForWriting(config: ProjectConfig): Ledger {
  return openLedger(config.ledger, { create: true, scrubber: projectSecrets(config, process.env) });
}

export function withLedger<T>(ledger: Ledger | undefined, work: (ledger: Ledger | undefined) => T): T {
  try {
    return work(ledger);
  } finally {
    ledger?.close();
  }
}
