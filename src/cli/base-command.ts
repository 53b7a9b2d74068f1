import { Command, Errors, Flags } from '@oclif/core';
import type { Diagnostic } from '../core/diagnostic.js';
import { EXIT, UserError, isUserError } from '../core/errors.js';
import { type Colors, colorsFor } from '../ui/colors.js';
import { formatDiagnostic, summarizeDiagnostics } from '../ui/format-diagnostic.js';
import { formatUserError } from '../ui/format-error.js';
import { scrubErrorLine } from '../app/project-secrets.js';
import { visible } from '../core/visible-text.js';

/**
 * What every ca verb shares: --json (oclif prints the value run() returns), -p/--project,
 * --debug, colour decisions per stream, and the one-line error contract with exit codes.
 */
export abstract class CaCommand<T> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    project: Flags.string({
      char: 'p',
      summary: 'Project folder (default: the nearest ca.yaml above the working directory).',
      helpGroup: 'GLOBAL',
    }),
    debug: Flags.boolean({ summary: 'Show stack traces for errors.', helpGroup: 'GLOBAL' }),
  };

  protected readonly out: Colors = colorsFor(process.stdout);
  protected readonly err: Colors = colorsFor(process.stderr);

  /** A line on stderr: diagnostics and warnings never mix with the result on stdout. */
  protected note(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  protected warnings(warnings: readonly string[]): void {
    for (const warning of warnings) this.note(`${this.err.yellow('warning')}: ${visible(warning)}`);
  }

  /** Diagnostics on stderr: each one in full, or just a count when `brief` (they are in --json either way). */
  protected diagnostics(diagnostics: readonly Diagnostic[], brief = false): void {
    if (diagnostics.length === 0) return;
    if (brief) {
      this.note(this.err.dim(`${summarizeDiagnostics(diagnostics)} in the project (run \`ca ls\` to see them)`));
      return;
    }
    for (const d of diagnostics) this.note(formatDiagnostic(d, this.err));
  }

  /**
   * oclif colours JSON by tokenizing the whole text (slow for megabytes of it); off a terminal, or
   * under NO_COLOR, there is nothing to colour, so the same text is written directly.
   */
  override logJson(json: unknown): void {
    if (process.stdout.isTTY && !process.env.NO_COLOR) {
      super.logJson(json);
      return;
    }
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    const debug = process.argv.includes('--debug');
    // A failed parse is reported below; without this oclif adds a "did not parse" warning outside production.
    this.parsed = true;
    if (isUserError(error)) {
      this.reportError(error);
      return;
    }
    if (error instanceof Errors.CLIError || error.oclif?.exit !== undefined) {
      // oclif's own usage errors: unknown flag, missing argument, bad option value.
      const message = error.message.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('See more help'));
      this.reportError(new UserError('usage', message.join(' ').replace(/\s+/g, ' ').trim(), { hint: `see \`ca ${this.id ?? ''} --help\``.replace('  ', ' ') }));
      return;
    }
    if (error.oclif?.exit === 0 || (error as { code?: string }).code === 'EEXIT') throw error;
    process.exitCode = EXIT.failed;
    this.note(scrubErrorLine(`${this.err.red('internal error')}: ${visible(error.message)}${debug ? '' : this.err.dim(' (run again with --debug for the stack trace, and please report it)')}`));
    if (debug && error.stack) this.note(scrubErrorLine(error.stack));
  }

  private reportError(error: UserError): void {
    process.exitCode = error.exitCode;
    // Error lines are written data too: a key in an error's text (a module that threw it, a server that echoed it) is removed.
    this.note(scrubErrorLine(formatUserError(error, this.err)));
    if (process.argv.includes('--debug') && error.stack) this.note(scrubErrorLine(error.stack));
    if (this.jsonEnabled()) {
      const location = error.location ?? null;
      this.logJson({ error: { code: error.code, message: scrubErrorLine(error.message), hint: error.hint ?? null, location, exitCode: error.exitCode } });
    }
  }
}
