import type { EvalCaseRef, EvalResult } from '../core/results.js';

/**
 * Each case of `now` against the same case (file and name) of an earlier evaluation: a regression
 * passed before and fails now, a known failure failed both times, a fix failed before and passes now.
 * Marks every case's `baseline` and returns the lists.
 */
export function compareWithBaseline(now: EvalResult, before: EvalResult, from: string): NonNullable<EvalResult['baseline']> {
  const earlier = new Map<string, boolean>();
  for (const file of before.files) for (const c of file.cases) earlier.set(key(file.file, c.name), c.passed);
  const result: NonNullable<EvalResult['baseline']> = { from, regressions: [], knownFailures: [], fixed: [], new: [] };
  for (const file of now.files) {
    for (const c of file.cases) {
      const ref: EvalCaseRef = { file: file.file, case: c.name };
      const was = earlier.get(key(file.file, c.name));
      c.baseline = was === undefined ? 'new' : was ? 'passed' : 'failed';
      if (was === undefined) result.new.push(ref);
      else if (was && !c.passed) result.regressions.push(ref);
      else if (!was && !c.passed) result.knownFailures.push(ref);
      else if (!was && c.passed) result.fixed.push(ref);
    }
  }
  return result;
}

function key(file: string, name: string): string {
  return `${file}\0${name}`;
}
