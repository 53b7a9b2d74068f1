import { UserError } from '../core/errors.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';

/** The variable that overrides each store's ca.yaml key with a PostgreSQL URL. */
const OVERRIDES = {
  ledger: 'CA_LEDGER_URL',
  runs: 'CA_RUNS_URL',
} as const;

/**
 * Where one of ca's stores is: its variable when set (`CA_LEDGER_URL`, `CA_RUNS_URL`: a PostgreSQL
 * URL, so the password stays out of the repository), else `configured` (its ca.yaml key, a path or
 * a URL, defaulting to a file under `.ca/`).
 */
export function resolveStoreLocation(store: keyof typeof OVERRIDES, configured: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const variable = OVERRIDES[store];
  const fromEnv = env[variable]?.trim();
  if (!fromEnv) return configured;
  if (!isPostgresUrl(fromEnv)) {
    throw new UserError(`${store}-url-invalid`, `${variable} is not a PostgreSQL URL: ${maskUrl(fromEnv)}`, {
      hint: `set it to postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use ${store}: of ca.yaml`,
    });
  }
  return fromEnv;
}

/** Where the deploy ledger is (`CA_LEDGER_URL`, else `ledger:` of ca.yaml). */
export function resolveLedgerLocation(configured: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return resolveStoreLocation('ledger', configured, env);
}
