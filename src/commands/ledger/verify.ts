import path from 'node:path';
import { verifyLedger } from '../../app/verify-ledger.js';
import { CaCommand } from '../../cli/base-command.js';
import { EXIT } from '../../core/errors.js';
import type { LedgerVerifyResult } from '../../core/results.js';
import { isPostgresUrl } from '../../core/store-location.js';

export default class LedgerVerify extends CaCommand<LedgerVerifyResult> {
  static override summary = "Check the deploy ledger's file and hash chains: exit 1 naming what is damaged and the first bad row of each env.";
  static override examples = ['<%= config.bin %> ledger verify'];

  async run(): Promise<LedgerVerifyResult> {
    const { flags } = await this.parse(LedgerVerify);
    const result = await verifyLedger({ project: flags.project });
    if (result.ok) {
      const rows = result.envs.reduce((sum, env) => sum + env.rows, 0);
      // A file relative to here; a PostgreSQL URL (password masked already) as it is.
      const relative = path.relative(process.cwd(), result.path);
      const shown = isPostgresUrl(result.path) || relative.startsWith('..') || path.isAbsolute(relative) ? result.path : relative;
      this.log(`${this.out.green('✔')} ledger intact: ${rows} row${rows === 1 ? '' : 's'} in ${result.envs.length} env${result.envs.length === 1 ? '' : 's'} (${shown})`);
    } else {
      for (const problem of result.damage) this.log(`${this.out.red('✖')} file: ${problem}`);
      for (const bad of result.breaks) this.log(`${this.out.red('✖')} ${bad.env}: row ${bad.id} ${bad.reason}`);
      if (result.damage.length > 0) this.note(this.err.dim('the file is damaged: restore it from a copy (deploys and rollbacks refuse it until then)'));
      process.exitCode = EXIT.failed;
    }
    return result;
  }
}
