import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import type { EvalStanding } from '../core/eval-standing.js';
import type { EvalResult } from '../core/results.js';
import { EVAL_GLOB, parseEvalFile } from './eval-file.js';
import { evalsFolder } from './eval-history.js';

/** Kept evaluations looked at, newest first, to find each node's latest outcome. */
const LOOK_BACK = 50;

/**
 * Each node's eval files and latest outcome, read statically (no case runs). An eval file that
 * does not parse is left out here (`ca eval` reports it); a kept evaluation that does not parse too.
 * Nodes are named by what the files say (`flow:`), which is what `ca eval` resolves them to.
 */
export function readEvalStanding(root: string): Map<string, EvalStanding> {
  const standing = new Map<string, EvalStanding>();
  for (const file of globSync(EVAL_GLOB, { cwd: root, ignore: ['**/node_modules/**'] }).sort()) {
    try {
      const target = parseEvalFile(readFileSync(path.join(root, file), 'utf8'), file).target;
      const entry = standing.get(target) ?? { files: [] };
      entry.files.push(file);
      standing.set(target, entry);
    } catch {
      // Reported by ca eval, with its line.
    }
  }
  const folder = evalsFolder(root);
  if (!existsSync(folder)) return standing;
  const kept = readdirSync(folder).filter((name) => /^ev_[0-9a-z]+\.json$/.test(name)).sort().reverse().slice(0, LOOK_BACK);
  const settled = new Set<string>();
  for (const name of kept) {
    let result: EvalResult;
    try {
      result = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as EvalResult;
    } catch {
      continue;
    }
    const outcome = new Map<string, boolean>();
    for (const file of result.files ?? []) {
      if (typeof file.target !== 'string' || !Array.isArray(file.cases)) continue;
      outcome.set(file.target, (outcome.get(file.target) ?? true) && file.cases.every((c) => c.passed === true));
    }
    for (const [target, passed] of outcome) {
      if (settled.has(target)) continue;
      settled.add(target);
      const entry = standing.get(target) ?? { files: [] };
      entry.latest = passed ? 'passed' : 'failed';
      entry.evalId = result.evalId;
      standing.set(target, entry);
    }
  }
  return standing;
}
