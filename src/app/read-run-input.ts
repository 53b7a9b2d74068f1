import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { UserError } from '../core/errors.js';

/**
 * `--input` as given: JSON text, `@file.json`, or `-` for stdin. Bad JSON is a usage error that
 * says where it broke and how to quote a string, before any project code is loaded.
 */
export async function readRunInput(raw: string | undefined, options: { cwd: string; stdin?: NodeJS.ReadableStream; flag?: string }): Promise<unknown> {
  if (raw === undefined) return undefined;
  const flag = options.flag ?? '--input';
  const what = flag === '--input' ? 'the input' : `the value of ${flag}`;
  let source = flag;
  let json = raw;
  if (raw === '-') {
    source = 'stdin';
    json = await text(options.stdin ?? process.stdin);
  } else if (raw.startsWith('@')) {
    const file = path.resolve(options.cwd, raw.slice(1));
    source = path.relative(options.cwd, file) || file;
    try {
      json = await readFile(file, 'utf8');
    } catch (error) {
      throw new UserError('input-unreadable', `cannot read the file ${source} given to ${flag}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
        location: { file },
        hint: `pass ${flag} @path/to/value.json relative to the working directory`,
      });
    }
  }
  try {
    return JSON.parse(json);
  } catch (error) {
    const detail = (error as Error).message.replace(/^JSON\.parse: /, '');
    throw new UserError('bad-input', `${what} from ${source} is not valid JSON: ${detail}`, {
      hint: `a string needs JSON quotes inside the shell's: ${flag} '"TICKET-42"'`,
    });
  }
}
