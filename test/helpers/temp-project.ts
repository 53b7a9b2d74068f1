import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');

const created: string[] = [];

/** A fresh temporary folder, removed after the test (test/helpers/after-each-file.ts). */
export function tempDir(prefix = 'ca-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A project of the given files (relative path → text) in a fresh temporary folder. */
export function projectWithFiles(files: Record<string, string>, prefix = 'ca-project-'): string {
  const root = tempDir(prefix);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** A copy of fixtures/<name> in a temporary folder, so a test may edit it freely. */
export function copyFixture(name: string): string {
  const dir = tempDir(`ca-${path.basename(name)}-`);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true, filter: (source) => !source.includes(`${path.sep}.ca`) });
  return dir;
}

/** A copy of a fixture that can run: its imports (zod) resolve through the repo's node_modules. */
export function runnableFixture(name: string): string {
  const dir = copyFixture(name);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Removes the folders tempDir() made since the last call. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
