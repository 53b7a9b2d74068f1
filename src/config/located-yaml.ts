import { type Document, LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
import type { ErrorLocation } from '../core/errors.js';

/**
 * A YAML file parsed with positions, so a mistake found later (by a zod schema, by a check of our
 * own) points at its line and column. ca.yaml, `--mock` files and chat scripts all read this way.
 */
export interface LocatedYaml {
  document: Document;
  /** The file's value as plain data (`{}` for an empty file). */
  value: unknown;
  /** The first syntax error, with its place; the rest of the file is not to be trusted then. */
  syntaxError?: { message: string; location: ErrorLocation };
  /** Where an offset of the text is. */
  at(offset: number | undefined): ErrorLocation;
  /**
   * Where the value at `path` is written; for a missing one, the nearest enclosing node. With
   * `keyOf`, the key of that name in the map at `path` (an unknown or misspelt key).
   */
  locate(path: readonly PropertyKey[], keyOf?: unknown): ErrorLocation;
}

/** Bigger than any hand-written config, mock file or chat script: past it, a file is refused before parsing. */
export const MAX_YAML_BYTES = 1024 * 1024;

/**
 * YAML text → its document and value, with where each part of it was written. Everything a
 * document can get wrong comes back as `syntaxError` (one line and a place), never as an exception:
 * a syntax error, an alias to no anchor, an alias bomb (yaml's `maxAliasCount`), a file too big.
 */
export function parseLocatedYaml(text: string, shown: string): LocatedYaml {
  const lineCounter = new LineCounter();
  if (Buffer.byteLength(text, 'utf8') > MAX_YAML_BYTES) {
    const document = parseDocument('', { lineCounter });
    const at = (): ErrorLocation => ({ file: shown });
    return { document, value: undefined, at, locate: at, syntaxError: { message: `the file is larger than ${MAX_YAML_BYTES / 1024 / 1024} MB`, location: { file: shown } } };
  }
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined): ErrorLocation => {
    if (offset === undefined) return { file: shown };
    const { line, col } = lineCounter.linePos(offset);
    return { file: shown, line, column: col };
  };
  const locate = (path: readonly PropertyKey[], keyOf?: unknown): ErrorLocation => {
    let node: unknown;
    for (let depth = path.length; depth >= 0 && !isNode(node); depth--) {
      node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    }
    if (keyOf !== undefined) {
      const map = path.length ? document.getIn(path, true) : document.contents;
      if (isMap(map)) node = map.items.find((pair) => isScalar(pair.key) && pair.key.value === keyOf)?.key ?? node;
    }
    return at(isNode(node) ? node.range?.[0] : undefined);
  };
  const error = document.errors[0];
  if (error) return { document, value: undefined, at, locate, syntaxError: { message: error.message.split('\n')[0]!, location: at(error.pos[0]) } };
  try {
    // toJS resolves aliases: one to an anchor that is not there, or an alias bomb, throws here.
    return { document, value: document.toJS({ maxAliasCount: 100 }) ?? {}, at, locate };
  } catch (thrown) {
    return { document, value: undefined, at, locate, syntaxError: { message: (thrown as Error).message.split('\n')[0]!, location: at(undefined) } };
  }
}

/** `agents.concierge[1].tool`: a path as people read it in error messages. */
export function formatYamlPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : `${out ? '.' : ''}${String(segment)}`;
  return out;
}

/** The value at `path` in plain data, or undefined. */
export function valueAtPath(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) current = typeof current === 'object' && current !== null ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  return current;
}
