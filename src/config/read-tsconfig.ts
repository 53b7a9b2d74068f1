import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseTsconfig, type TsConfigJsonResolved } from 'get-tsconfig';
import type { Diagnostic } from '../core/diagnostic.js';

/** A tsconfig.json that is there but cannot be used: why, and what to do. */
export interface TsconfigProblem {
  reason: string;
  hint: string;
}

/** One reading of a tsconfig.json, `extends` followed: its config, or why it could not be read. */
export type TsconfigReading = { path: string; config: TsConfigJsonResolved; problem?: undefined } | { path: string; config?: undefined; problem: TsconfigProblem };

/** The nearest tsconfig.json at or above `from`, as TypeScript finds it; undefined when there is none. */
export function findTsconfig(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (isFile(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Reads a tsconfig.json the way tsc would accept it (comments and trailing commas allowed) and
 * follows its `extends`. get-tsconfig alone reads broken JSON leniently, taking whatever comes
 * before the mistake as the whole file; tsc refuses it, and so does this.
 */
export function readTsconfig(file: string): TsconfigReading {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { path: file, problem: { reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message, hint: 'check its permissions' } };
  }
  const syntax = jsoncError(text);
  if (syntax) return { path: file, problem: { reason: `not valid JSON: ${syntax}`, hint: 'fix its JSON syntax' } };
  try {
    return { path: file, config: parseTsconfig(file) };
  } catch (error) {
    const reason = ((error as Error).message || String(error)).split('\n')[0]!;
    return { path: file, problem: { reason, hint: 'fix its "extends" (the file it names must exist) or remove it' } };
  }
}

/** The one warning a tsconfig.json that does not read gets; `consequence` says what ca does without it. */
export function tsconfigDiagnostic(problem: TsconfigProblem, consequence: string, hint = problem.hint): Diagnostic {
  return {
    code: 'tsconfig-invalid',
    severity: 'warn',
    message: `tsconfig.json could not be read (${problem.reason}): ${consequence}`,
    hint,
    file: 'tsconfig.json',
  };
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The first syntax error of JSON with comments and trailing commas (what tsc reads), or undefined.
 * Comments and trailing commas become spaces, so the positions JSON.parse reports stay true.
 */
export function jsoncError(text: string): string | undefined {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') return undefined;
  const blank = (part: string) => part.replace(/[^\n]/g, ' ');
  // Pass 1: comments out, strings kept as they are.
  let plain = '';
  for (let i = 0; i < source.length; ) {
    const rest = source.slice(i, i + 2);
    let end: number;
    if (source[i] === '"') {
      end = i + 1;
      while (end < source.length && source[end] !== '"' && source[end] !== '\n') end += source[end] === '\\' ? 2 : 1;
      end = Math.min(end + 1, source.length);
      plain += source.slice(i, end);
    } else if (rest === '//') {
      end = source.indexOf('\n', i);
      if (end < 0) end = source.length;
      plain += blank(source.slice(i, end));
    } else if (rest === '/*') {
      const close = source.indexOf('*/', i + 2);
      end = close < 0 ? source.length : close + 2;
      plain += blank(source.slice(i, end));
    } else {
      end = i + 1;
      plain += source[i];
    }
    i = end;
  }
  // Pass 2: a comma that only whitespace separates from } or ] is a trailing comma.
  const closes = /\s*[}\]]/y;
  let json = '';
  for (let i = 0; i < plain.length; i++) {
    const char = plain[i]!;
    if (char === '"') {
      let end = i + 1;
      while (end < plain.length && plain[end] !== '"' && plain[end] !== '\n') end += plain[end] === '\\' ? 2 : 1;
      json += plain.slice(i, end + 1);
      i = end;
    } else if (char === ',' && ((closes.lastIndex = i + 1), closes.test(plain))) {
      json += ' ';
    } else {
      json += char;
    }
  }
  try {
    JSON.parse(json);
    return undefined;
  } catch (error) {
    // Node says where as an offset (and, from 22, a line and column too): say it as a line and column.
    const message = (error as Error).message.replace(/ \(line \d+ column \d+\)$/, '');
    return message.replace(/ in JSON at position (\d+)/, (_all, offset: string) => {
      const before = source.slice(0, Number(offset)).split('\n');
      return ` at line ${before.length}, column ${before.at(-1)!.length + 1}`;
    });
  }
}
