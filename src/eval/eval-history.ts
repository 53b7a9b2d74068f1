import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { EvalResult } from '../core/results.js';

/** Where each `ca eval` is kept, as its --json result: the baselines of later ones. */
export function evalsFolder(root: string): string {
  return path.join(root, '.ca', 'evals');
}

/** `ev_` + time + random, sortable by time like run ids. */
export function newEvalId(now = Date.now()): string {
  const random = crypto.randomBytes(4).readUInt32BE(0) % 36 ** 6;
  return `ev_${now.toString(36).padStart(8, '0')}${random.toString(36).padStart(6, '0')}`;
}

export function saveEval(root: string, result: EvalResult): void {
  const folder = evalsFolder(root);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${result.evalId}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * The evaluation `--baseline` names: `last` (the latest kept), an id (`ev_…`, or a unique prefix),
 * or a file written by `ca eval --json`. Anything else is a usage error saying what exists.
 */
export function loadBaseline(root: string, ref: string, cwd: string): { result: EvalResult; from: string } {
  const kept = existsSync(evalsFolder(root)) ? readdirSync(evalsFolder(root)).filter((name) => /^ev_[0-9a-z]+\.json$/.test(name)).sort() : [];
  let file: string | undefined;
  let from = ref;
  if (ref.trim() === '') throw new UserError('no-baseline', '--baseline was given an empty value', { hint: 'pass last, an id from .ca/evals/ (ev_…), or a file written by ca eval --json' });
  if (ref === 'last') {
    if (kept.length === 0) throw new UserError('no-baseline', 'no earlier ca eval to compare with', { hint: 'run ca eval once (it keeps each evaluation in .ca/evals/), or pass --baseline FILE from ca eval --json' });
    file = path.join(evalsFolder(root), kept.at(-1)!);
    from = kept.at(-1)!.replace(/\.json$/, '');
  } else if (/^ev_[0-9a-z]+$/.test(ref)) {
    const matches = kept.filter((name) => name.startsWith(ref));
    if (matches.length !== 1) {
      throw new UserError('no-baseline', matches.length === 0 ? `no evaluation ${ref} in .ca/evals/` : `${ref} matches ${matches.length} evaluations`, { hint: kept.length ? `kept: ${kept.slice(-5).map((name) => name.replace(/\.json$/, '')).join(', ')}` : 'run ca eval first' });
    }
    file = path.join(evalsFolder(root), matches[0]!);
    from = matches[0]!.replace(/\.json$/, '');
  } else {
    file = path.resolve(cwd, ref);
    if (!existsSync(file)) throw new UserError('no-baseline', `--baseline ${ref}: no such file, and not last or an evaluation id (ev_…)`, { hint: 'pass last, an id from .ca/evals/, or a file written by ca eval --json' });
    if (statSync(file).isDirectory()) throw new UserError('no-baseline', `--baseline ${ref} is a folder`, { hint: 'pass a file written by ca eval --json, last, or an id from .ca/evals/' });
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError('no-baseline', `--baseline ${ref}: ${path.basename(file)} is not JSON: ${(error as Error).message}`, { hint: 'pass a file written by ca eval --json' });
  }
  const files = (data as { files?: unknown }).files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'object' && f !== null && typeof f.file === 'string' && Array.isArray(f.cases))) {
    throw new UserError('no-baseline', `--baseline ${ref}: ${path.basename(file)} is not the result of ca eval --json`, { hint: 'pass a file written by ca eval --json' });
  }
  return { result: data as EvalResult, from };
}
