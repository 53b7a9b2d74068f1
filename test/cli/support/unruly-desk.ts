import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TraceEvent } from '../../../src/core/trace.js';
import { REPO_ROOT, copyFixture } from '../../helpers/temp-project.js';

/** The key the desk's `local:` provider reads (ca.yaml `apiKeyEnv: LLM_AUTH`): a name no heuristic would call secret. */
export const DESK_KEY = 'desk-key-5Zq8wR';

/**
 * A copy of fixtures/runtime/unruly-desk that can run, its `local:` provider pointed at `baseURL`
 * (a scripted server) and its `models:` defaults replaced when given.
 */
export function unrulyDesk(options: { baseURL?: string; models?: string } = {}): string {
  const dir = copyFixture('runtime/unruly-desk');
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const file = path.join(dir, 'ca.yaml');
  let config = readFileSync(file, 'utf8');
  if (options.baseURL) config = config.replace('http://127.0.0.1:9/v1', options.baseURL);
  if (options.models) config = config.replace(/^models: .*$/m, `models: ${options.models}`);
  writeFileSync(file, config);
  return dir;
}

export function ndjson(stdout: string): TraceEvent[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TraceEvent);
}
