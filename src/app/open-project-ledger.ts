import { projectSecrets } from './project-secrets.js';
import { existsSync } from 'node:fs';
import type { ProjectConfig } from '../config/project-config.js';
import { UserError } from '../core/errors.js';
import type { Ledger } from '../ledger/ledger.js';
import { resolveLedgerLocation } from '../ledger/ledger-location.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';
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
 * Where the project's ledger is: `CA_LEDGER_URL` when set (a PostgreSQL URL, so the password stays
 * out of the repository), else `ledger:` of ca.yaml (a path, or a URL), else `.ca/ledger.db`.
 */
export function ledgerLocation(config: ProjectConfig, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return resolveLedgerLocation(config.ledger, env);
}

/** The ledger's location as messages show it: a path, or the URL with its password masked. */
export function shownLedgerLocation(config: ProjectConfig): string {
  return maskUrl(ledgerLocation(config));
}

/**
 * The project's ledger for reading: undefined when nothing was ever deployed (no file yet, or a
 * database without ca's schema), so read-only verbs answer "not deployed" instead of creating one.
 */
export async function openLedgerForReading(config: ProjectConfig): Promise<Ledger | undefined> {
  const location = ledgerLocation(config);
  if (!isPostgresUrl(location) && !existsSync(location)) return undefined;
  try {
    return await openLedger(location, { readonly: true });
  } catch (error) {
    // A file another process is creating right now holds nothing yet; a database without ca's schema neither.
    if (error instanceof UserError && error.code === 'ledger-missing') return undefined;
    throw error;
  }
}

/** The ledger for deploys and rollbacks; messages written through it lose the project's known secrets. */
export function openLedgerForWriting(config: ProjectConfig): Promise<Ledger> {
  return openLedger(ledgerLocation(config), { create: true, scrubber: projectSecrets(config, process.env) });
}

/** Runs `work` with the ledger (or undefined) and closes it afterwards, whatever happens. */
export async function withLedger<T>(ledger: Ledger | undefined, work: (ledger: Ledger | undefined) => Promise<T> | T): Promise<T> {
  try {
    return await work(ledger);
  } finally {
    await ledger?.close();
  }
}
