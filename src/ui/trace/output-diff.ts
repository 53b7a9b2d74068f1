/** A line of an output diff: the same in both (` `), only in the recorded output (`-`), only in the new one (`+`). */
export interface DiffLine {
  sign: ' ' | '-' | '+';
  text: string;
}

/** Beyond this many lines a side, the diff is the two texts whole: a table of this size is 40,000 cells. */
const MAX_LINES = 200;

/**
 * The recorded and the new output of a run, each as indented JSON, compared line by line (longest
 * common subsequence): what `ca replay --runs` shows and puts in a pull-request comment. `context`
 * unchanged lines are kept around each change; the rest of the unchanged lines are left out.
 */
export function outputDiff(recorded: unknown, now: unknown, context = 1): DiffLine[] {
  const before = jsonLines(recorded);
  const after = jsonLines(now);
  const lines = before.length > MAX_LINES || after.length > MAX_LINES ? wholeSides(before, after) : commonSubsequence(before, after);
  const near = (index: number) => lines.slice(Math.max(0, index - context), index + context + 1).some((line) => line.sign !== ' ');
  return lines.filter((line, index) => line.sign !== ' ' || near(index));
}

function jsonLines(value: unknown): string[] {
  return (JSON.stringify(value ?? null, null, 2) ?? 'undefined').split('\n');
}

function wholeSides(before: readonly string[], after: readonly string[]): DiffLine[] {
  return [...before.map((text) => ({ sign: '-' as const, text })), ...after.map((text) => ({ sign: '+' as const, text }))];
}

function commonSubsequence(before: readonly string[], after: readonly string[]): DiffLine[] {
  // lengths[i][j]: the longest common subsequence of before[i..] and after[j..].
  const lengths = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      lengths[i]![j] = before[i] === after[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    if (before[i] === after[j]) {
      lines.push({ sign: ' ', text: before[i]! });
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) lines.push({ sign: '-', text: before[i++]! });
    else lines.push({ sign: '+', text: after[j++]! });
  }
  while (i < before.length) lines.push({ sign: '-', text: before[i++]! });
  while (j < after.length) lines.push({ sign: '+', text: after[j++]! });
  return lines;
}
