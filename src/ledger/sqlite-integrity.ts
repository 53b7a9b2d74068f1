import type Database from 'better-sqlite3';

/** SQLite's quick_check (the structure of every page and index, not the contents' hashes): what is wrong, or nothing. */
export function integrityProblems(db: Database.Database): string[] {
  return (db.pragma('quick_check') as { quick_check: string }[])
    .flatMap((row) => row.quick_check.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== 'ok' && line !== '' && !/^\*\*\* in database \w+ \*\*\*$/.test(line));
}
