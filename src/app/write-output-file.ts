import { existsSync, mkdirSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';

/**
 * Writes a file the user named (-o), creating missing folders, atomically (temp file + rename).
 * Folders are created one level at a time: Node's recursive mkdir never returns for some paths
 * (under /proc, for one), and a CLI must fail rather than hang. A link is written through (the
 * file it points at is replaced, the link stays), and what is not a regular file (/dev/null, a
 * pipe) is written to as it is: a rename would replace the device itself.
 */
export function writeOutputFile(requested: string, text: string, shownAs = requested): void {
  try {
    const existing = statSync(requested, { throwIfNoEntry: false });
    if (existing && !existing.isFile() && !existing.isDirectory()) {
      writeFileSync(requested, text);
      return;
    }
    const target = existing ? realpathSync(requested) : requested;
    const missing: string[] = [];
    for (let dir = path.dirname(target); !existsSync(dir); dir = path.dirname(dir)) {
      missing.unshift(dir);
      if (path.dirname(dir) === dir) break;
    }
    for (const dir of missing) mkdirSync(dir);
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    throw new UserError('output-unwritable', `cannot write ${shownAs}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'Pass -o a writable path (or - for stdout where the verb allows it).',
    });
  }
}
