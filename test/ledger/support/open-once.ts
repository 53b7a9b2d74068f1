/**
 * Opens one of ca's SQLite files for writing, as a separate process, and says how it went:
 *
 *   node --import tsx open-once.ts ledger|runs FILE
 *
 * stdout: `ok`, or `error <code> <message>`.
 */
import { openSqliteLedger } from '../../../src/ledger/open-ledger.js';
import { openRunStore } from '../../../src/ledger/open-run-store.js';

const [kind, file] = process.argv.slice(2) as [string, string];
try {
  if (kind === 'ledger') await openSqliteLedger(file, { create: true }).close();
  else openRunStore(file).close();
  console.log('ok');
} catch (error) {
  console.log(`error ${(error as { code?: string }).code ?? '?'} ${(error as Error).message}`);
}
