import { UserError } from '../core/errors.js';

/**
 * Where a store lives: a file path (SQLite, the embedded default) or a `postgres://` URL (the team
 * backend). A URL is shown everywhere with its password masked: in errors, `ca doctor`, messages.
 */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location.trim());
}

/** The URL with its password (and any `password=` parameter) replaced by `****`; anything else as it is. */
export function maskUrl(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location.trim());
    if (url.password) url.password = '****';
    for (const key of [...url.searchParams.keys()]) if (/pass(word)?/i.test(key)) url.searchParams.set(key, '****');
    return url.toString();
  } catch {
    // Unparsable: show only the scheme and host-ish part, never what might be a password.
    return location.replace(/\/\/[^@/]*@/, '//****@');
  }
}

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
