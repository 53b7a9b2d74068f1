/**
 * Where one of ca's stores lives: a file path (SQLite, the embedded default) or a `postgres://`
 * URL (the team backend). Pure text rules, shared by config, the stores and the reporters.
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
