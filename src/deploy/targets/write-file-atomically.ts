import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Creates the missing folders above `file` one level at a time, then writes it through a temp file
 * in the same folder and a rename, so a reader sees the old file or the new one, never half of one.
 * Not `mkdirSync(..., { recursive: true })`: it never returns for some paths (under /proc, for one),
 * and a deploy must fail rather than hang (as src/app/write-output-file.ts does).
 */
export function writeFileAtomically(file: string, text: string): void {
  ensureFolder(path.dirname(file));
  // pid + random: two publishes in one process (or two processes) never share a temp file.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function ensureFolder(folder: string): void {
  const missing: string[] = [];
  for (let dir = path.resolve(folder); !existsSync(dir); dir = path.dirname(dir)) {
    missing.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      // Another publish created it in between: fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Node names are any string literal: one safe path segment each (no `/`, `..`, or characters Windows refuses). */
export function pathSegment(name: string): string {
  const encoded = Array.from(name, (char) =>
    /^[A-Za-z0-9_.-]$/.test(char) ? char : [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  ).join('');
  return encoded === '' || encoded === '.' || encoded === '..' ? encoded.replaceAll('.', '%2E') || '%00' : encoded;
}
