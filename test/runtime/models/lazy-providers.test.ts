import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/temp-project.js';

/** Every package a module loads at import time, following its static relative imports (types excluded). */
function staticPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\sfrom\s+'([^']+)';/gms)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

describe('provider packages load lazily', () => {
  it('creating a model client (and so a --mock run) loads neither the AI SDK nor a provider package', () => {
    const packages = [...staticPackages(path.join(REPO_ROOT, 'src/runtime/models/create-model-client.ts'))];
    expect(packages.filter((name) => name === 'ai' || name.startsWith('@ai-sdk/'))).toEqual([]);
    // The walk does see packages: yaml and zod for the mock file.
    expect(packages).toEqual(expect.arrayContaining(['yaml', 'zod']));
  });
});
