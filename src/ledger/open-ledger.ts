import type { SecretScrubber } from '../core/secret-scrubber.js';
import { EXIT, UserError } from '../core/errors.js';
import type { Ledger } from './ledger.js';
import { LEDGER_SCHEMA_VERSION } from './ledger.js';
import { assertNotTooNew, migrate, readSchemaVersion } from './migrations.js';
import { openSqliteFile, type SqliteFileKind } from './open-sqlite-file.js';
import { LEDGER } from './sqlite-errors.js';
import { SqliteLedger } from './sqlite-ledger.js';

export interface OpenLedgerOptions {
  /** Read only: never creates, migrates or writes (for status, history, show, verify). */
  readonly?: boolean;
  /** Create the folders and the file when missing. Default: true unless `readonly`. */
  create?: boolean;
  /** Removes known secret values from the messages written (a target's error may echo its token). */
  scrubber?: SecretScrubber;
}

const LEDGER_FILE: SqliteFileKind = {
  store: LEDGER,
  readVersion: readSchemaVersion,
  assertNotTooNew,
  missing: ledgerMissing,
  notCaHint: 'point `ledger:` in ca.yaml at another file; ca will not add its tables to this one',
};

/**
 * Opens (and when needed creates and migrates) the ledger at `file`. Every failure a user can act
 * on is a UserError: `ledger-missing` (no file and not creating: "nothing deployed yet"),
 * `ledger-corrupt`, `ledger-too-new`, `ledger-not-ca` (some other SQLite database), `ledger-outdated`
 * (read-only open of an older schema), `ledger-unwritable`. A file ca cannot read is never written.
 */
export function openLedger(file: string, options: OpenLedgerOptions = {}): Ledger {
  const readonly = options.readonly ?? false;
  const create = !readonly && (options.create ?? true);
  return openSqliteFile(file, { readonly, create }, LEDGER_FILE, (db, target, found) => {
    if (readonly) {
      if (found === 0) throw ledgerMissing(target);
      if (found < LEDGER_SCHEMA_VERSION) {
        throw new UserError('ledger-outdated', `the deploy ledger ${target} has schema version ${found}; this ca reads version ${LEDGER_SCHEMA_VERSION}`, {
          hint: 'run a command that writes the ledger (ca deploy) once to upgrade it in place',
          location: { file: target },
          exitCode: EXIT.usage,
        });
      }
      return new SqliteLedger(db, target, found, true);
    }
    // WAL: readers never block the writer; FULL: a committed deploy row survives a power cut.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return new SqliteLedger(db, target, migrate(db, target), false, options.scrubber);
  });
}

function ledgerMissing(file: string): UserError {
  return new UserError('ledger-missing', `no deploy ledger at ${file}: nothing has been deployed yet`, {
    hint: 'run ca deploy --env <env> to record a first deployment',
    location: { file },
    exitCode: EXIT.usage,
  });
}
