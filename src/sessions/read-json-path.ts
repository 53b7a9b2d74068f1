/** One step of a path: an object key, or an array index (negative counts from the end). */
export type PathSegment = string | number;

/** A path that cannot be read, with the offset of the mistake in the path text. */
export class JsonPathError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonPathError';
  }
}

const NAME = /[A-Za-z0-9_$-]/;

/**
 * The small, exact subset of JSONPath that chat scripts need: `$`, `$.a.b[0].c`, `$['key with
 * spaces']`, `items[-1]` (from the end), and the same without the leading `$` (`a.b`). Wildcards,
 * recursive descent, slices and filters are refused rather than half-supported: an expectation
 * names one value.
 */
export function parseJsonPath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  if (text.trim() === '') throw new JsonPathError('is empty (use $ for the whole value)', 0);
  if (text[0] === '$') i = 1;
  else if (text[0] !== '[') i = readName(text, 0, segments);
  while (i < text.length) {
    const char = text[i]!;
    if (char === '.') {
      if (text[i + 1] === '.') throw new JsonPathError('recursive descent (..) is not supported: name each step, like $.a.b', i);
      i = readName(text, i + 1, segments);
    } else if (char === '[') {
      i = readBracket(text, i, segments);
    } else {
      throw new JsonPathError(`unexpected "${char}" (a step is .name, [index] or ['key'])`, i);
    }
  }
  return segments;
}

function readName(text: string, start: number, segments: PathSegment[]): number {
  let end = start;
  while (end < text.length && NAME.test(text[end]!)) end++;
  if (end === start) {
    const found = text[start];
    if (found === '*') throw new JsonPathError('wildcards (*) are not supported: an expectation names one value', start);
    throw new JsonPathError(found === undefined ? 'ends with "." (a name must follow)' : `expected a name at "${found}" (quote other keys: ['my key'])`, start);
  }
  segments.push(text.slice(start, end));
  return end;
}

function readBracket(text: string, open: number, segments: PathSegment[]): number {
  let i = open + 1;
  const quote = text[i];
  if (quote === "'" || quote === '"') {
    let key = '';
    i++;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      key += text[i];
      i++;
    }
    if (i >= text.length) throw new JsonPathError(`unterminated ${quote}`, open);
    if (text[i + 1] !== ']') throw new JsonPathError('expected "]" after the quoted key', i + 1);
    segments.push(key);
    return i + 2;
  }
  const close = text.indexOf(']', i);
  if (close === -1) throw new JsonPathError('unterminated "["', open);
  const inside = text.slice(i, close).trim();
  if (!/^-?\d+$/.test(inside)) {
    const what = inside === '*' ? 'wildcards ([*])' : inside.includes(':') ? 'slices' : inside.startsWith('?') ? 'filters' : undefined;
    throw new JsonPathError(what ? `${what} are not supported: an expectation names one value` : `"[${inside}]" is not an index (use [0], [-1] or ['key'])`, i);
  }
  segments.push(Number(inside));
  return close + 1;
}

/** The value at `path`, or where the path stopped finding one. */
export function readJsonPath(root: unknown, path: readonly PathSegment[]): { found: true; value: unknown } | { found: false; missing: string } {
  let current = root;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    const here = formatJsonPath(path.slice(0, depth + 1));
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : undefined;
      if (index === undefined) return { found: false, missing: `${here}: ${formatJsonPath(path.slice(0, depth))} is a list` };
      const at = index < 0 ? current.length + index : index;
      if (at < 0 || at >= current.length) return { found: false, missing: `${here}: the list has ${current.length} item${current.length === 1 ? '' : 's'}` };
      current = current[at];
    } else if (typeof current === 'object' && current !== null) {
      const key = String(segment);
      if (!Object.hasOwn(current, key)) return { found: false, missing: here };
      current = (current as Record<string, unknown>)[key];
    } else {
      return { found: false, missing: `${here}: ${formatJsonPath(path.slice(0, depth))} is ${current === null ? 'null' : typeof current}` };
    }
  }
  return { found: true, value: current };
}

/** `$.a.b[0]['key with spaces']`. */
export function formatJsonPath(path: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment)) out += `.${segment}`;
    else out += `['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return out;
}
