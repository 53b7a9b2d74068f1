import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerLoaders } from './load-definition.js';

export type LoaderProbe = { ok: true; ms: number } | { ok: false; message: string };

// TypeScript-only syntax and the SDK import: what every definition file needs from the loader.
const PROBE = `import { flow } from 'composable-agents';
const kind: string = typeof flow;
export const probe = kind satisfies string;
`;

/**
 * Whether `ca run` can load a TypeScript definition in this project: a probe module written by ca
 * (never project code) into `.ca/doctor/`, where the project's package.json `type`, its tsconfig
 * and its node_modules apply as they do to its sources, imported through the same loaders `ca run`
 * registers (tsx and the SDK fallback). The probe file is removed afterwards.
 */
export async function probeTypeScriptLoader(root: string): Promise<LoaderProbe> {
  const dir = path.join(root, '.ca', 'doctor');
  const file = path.join(dir, `probe-${process.pid}.ts`);
  const started = performance.now();
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, PROBE);
    await registerLoaders(root);
    const loaded = (await import(pathToFileURL(file).href)) as { probe?: unknown };
    if (loaded.probe !== 'function') return { ok: false, message: `the probe module loaded, but composable-agents' flow is ${String(loaded.probe)}` };
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
