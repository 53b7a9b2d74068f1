import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The SDK is the package's main export, loaded by every user module and by `ca run`. It must
// stay free of I/O and of the CLI's heavy dependencies (ts-morph, better-sqlite3 …), so it
// may only import its own files.
const sdkDir = fileURLToPath(new URL('../../src/sdk/', import.meta.url));

describe('src/sdk', () => {
  it('imports nothing but its own files', () => {
    const outside: string[] = [];
    for (const file of readdirSync(sdkDir).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(sdkDir + file, 'utf8');
      for (const match of source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)) {
        const specifier = match[1] ?? match[2] ?? '';
        if (!specifier.startsWith('./')) outside.push(`${file}: ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
