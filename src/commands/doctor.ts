import { runDoctor } from '../app/doctor.js';
import { CaCommand } from '../cli/base-command.js';
import type { DoctorResult } from '../core/doctor-result.js';
import { EXIT } from '../core/errors.js';
import { renderDoctor } from '../ui/doctor-report.js';

export default class Doctor extends CaCommand<DoctorResult> {
  static override summary = 'Check the set-up: Node.js, ca.yaml, discovery, the deploy ledger, model keys and git (never runs project code).';
  static override description = 'Exit 1 when something ca needs is broken (Node.js too old, ca.yaml invalid, an unreadable ledger). A missing model key is a warning: runs can use --mock. Key values are never printed, only variable names.';
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor -p fixtures/support-desk --json'];

  async run(): Promise<DoctorResult> {
    const { flags } = await this.parse(Doctor);
    const result = await runDoctor({ project: flags.project });
    if (!this.jsonEnabled()) this.log(renderDoctor(result, this.out));
    if (!result.ok) process.exitCode = EXIT.failed;
    return result;
  }
}
