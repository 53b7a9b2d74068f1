import { Flags } from '@oclif/core';
import { copyLedger } from '../../app/copy-ledger.js';
import { CaCommand } from '../../cli/base-command.js';
import { EXIT } from '../../core/errors.js';
import type { LedgerCopyResult } from '../../core/results.js';

export default class LedgerCopy extends CaCommand<LedgerCopyResult> {
  static override summary = "Copy the project's deploy ledger to another file or PostgreSQL database (--to), or another one into it (--from), every chain intact.";
  static override description =
    'Rows are copied exactly as they were written, so `ca ledger verify` passes on the copy. The source must verify first. A target that already holds the same history (an earlier copy) gets only the newer rows; a target with a different history is refused, exit 2. LOCATION is a path (SQLite) or a postgres:// URL; the project ledger is CA_LEDGER_URL, else ledger: of ca.yaml.';
  static override examples = [
    '<%= config.bin %> ledger copy --to "$CA_TEAM_LEDGER_URL"',
    '<%= config.bin %> ledger copy --from postgres://ca@db.internal/ledger   # into .ca/ledger.db (with no CA_LEDGER_URL)',
    '<%= config.bin %> ledger copy --to backups/ledger-2026-12-07.db',
  ];

  static override flags = {
    to: Flags.string({ summary: 'Copy the project ledger into LOCATION (a file path or a postgres:// URL).', helpValue: 'LOCATION', exclusive: ['from'] }),
    from: Flags.string({ summary: 'Copy the ledger at LOCATION into the project ledger.', helpValue: 'LOCATION', exclusive: ['to'] }),
  };

  async run(): Promise<LedgerCopyResult> {
    const { flags } = await this.parse(LedgerCopy);
    if (flags.to === undefined && flags.from === undefined) this.error('pass --to LOCATION or --from LOCATION', { exit: EXIT.usage });
    const result = await copyLedger({ project: flags.project, ...(flags.to !== undefined ? { to: flags.to } : { from: flags.from! }) });
    if (this.jsonEnabled()) return result;
    const copied = result.envs.reduce((sum, env) => sum + env.copied, 0);
    const already = result.envs.reduce((sum, env) => sum + env.already, 0);
    this.log(`${this.out.green('✔')} copied ${copied} row${copied === 1 ? '' : 's'} in ${result.envs.length} env${result.envs.length === 1 ? '' : 's'} and ${result.artifacts} artifact${result.artifacts === 1 ? '' : 's'}${already ? ` (${already} already there)` : ''}`);
    this.log(this.out.dim(`  ${result.from} → ${result.to}; the copy verifies: ${result.verified ? 'yes' : 'no'}`));
    if (!result.verified) process.exitCode = EXIT.failed;
    return result;
  }
}
