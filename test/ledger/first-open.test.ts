import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/temp-project.js';

const SCRIPT = path.join(import.meta.dirname, 'support', 'open-once.ts');

/** `processes` processes opening the same new file at once, `rounds` times over; what each said. */
async function firstOpens(kind: 'ledger' | 'runs', rounds: number, processes: number): Promise<string[]> {
  const said: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const file = path.join(tempDir('ca-first-open-'), '.ca', kind === 'ledger' ? 'ledger.db' : 'runs.db');
    const runs = await Promise.all(Array.from({ length: processes }, () => execa(process.execPath, ['--import', 'tsx', SCRIPT, kind, file], { cwd: REPO_ROOT, reject: false })));
    said.push(...runs.map((run) => String(run.stdout).trim() || String(run.stderr).trim()));
  }
  return said;
}

describe('many processes opening a new ca file at once', () => {
  // One of them creates the schema; the others must see either an empty file or the finished
  // schema, never its tables without its version ("not a ca deploy ledger", seen once in 15
  // rounds of 8 before the version and the tables were read in one snapshot).
  // The ledger and the run store share the opener (open-sqlite-file.ts): one of them is enough.
  it('every process opens a new ledger; none takes it for another program’s database', async () => {
    const said = await firstOpens('ledger', 4, 6);
    expect(said.filter((line) => line !== 'ok')).toEqual([]);
  }, 120_000);
});
