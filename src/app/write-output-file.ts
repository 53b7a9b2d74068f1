import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';

/**
 * Writes a file the user named (-o), creating missing folders, atomically (temp file + rename).
 * Folders are created one level at a time: Node's recursive mkdir never returns for some paths
 * (under /proc, for one), and a CLI must fail rather than hang.
 */
export function writeOutputFile(target: string, text: string, shownAs = target): void {
  try {
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
