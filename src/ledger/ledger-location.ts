import { UserError } from '../core/errors.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';


/**
 * Where the deploy ledger is: `CA_LEDGER_URL` when set (a PostgreSQL URL, so the password stays out
 * of the repository), else `configured` (ledger: of ca.yaml, a path or a URL; `.ca/ledger.db` by default).
 */
export function resolveLedgerLocation(configured: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env.CA_LEDGER_URL?.trim();
  if (!fromEnv) return configured;
  if (!isPostgresUrl(fromEnv)) {
    throw new UserError('ledger-url-invalid', `CA_LEDGER_URL is not a PostgreSQL URL: ${maskUrl(fromEnv)}`, {
      hint: 'set it to postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use ledger: of ca.yaml',
    });
  }
  return fromEnv;
}
