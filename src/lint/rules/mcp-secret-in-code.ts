import type { JsonValue } from '../../core/node.js';
import { docsUrl, type Rule } from '../rule.js';

/**
 * Environment variables and headers named like a secret. `auth` but not `author` (GIT_AUTHOR_NAME),
 * though `authorization` and `authorisation` are.
 */
const SECRET_NAME = /key|token|secret|passw(?:or)?d|auth(?!or(?!i[sz]))|credential|cookie|session/i;

/** `${NAME}` references (an empty fallback at most) after an optional scheme word: read from the environment. */
const FROM_ENVIRONMENT = /^(?:[A-Za-z]+\s+)?(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?::-)?\})+$/;
const FALLBACK = /\$\{([A-Za-z_][A-Za-z0-9_]*):-[^}]*\}/g;

/**
 * Values that are not secrets though their names look like one: numbers and switches
 * (MAX_TOKENS: '4096', AUTH_ENABLED: 'true'), and file paths (GOOGLE_APPLICATION_CREDENTIALS:
 * './service-account.json'). An absolute path counts only with a file extension or under a
 * system folder: a base64 secret may start with a slash too. URLs are checked as URLs (their
 * password and query parameters).
 */
const SETTING = /^(?:\d+|true|false|(?:\.{1,2}\/|~\/|[A-Za-z]:\\|\/(?:etc|home|mnt|opt|run|srv|tmp|usr|var|Users)\/).*|\/(?:[\w.-]+\/)*[\w-]+\.[A-Za-z]{2,5})$/i;

/** Credential formats, found wherever they are written: few, and each with a prefix no ordinary value has. */
const CREDENTIALS: readonly { what: string; pattern: RegExp }[] = [
  { what: 'an API key (sk-…)', pattern: /\bsk-[A-Za-z0-9_-]{20,}/ },
  { what: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { what: 'a Slack token', pattern: /\bxox[abeprs]-[A-Za-z0-9-]{10,}/ },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
];

/** Authorization schemes a hint may repeat: words, never part of the secret. */
const SCHEME = /^(Bearer|Basic|Token|Bot|Digest|ApiKey)\s/i;

/** One string of a server's connection and where it is (`headers.Authorization`, `args[2]`). */
interface Place {
  property: string;
  value: string;
  /** The env variable or header name, for those two. */
  name?: string;
}

/** What the rule found in one place: which message, and the secret's text (to keep out of excerpts). */
interface Problem {
  messageId: 'written' | 'fallback' | 'credential';
  /** The place as messages name it, with the part of a URL when that is where the secret is. */
  property: string;
  what?: string;
  secret: string;
  /** The part of a URL the secret is (`password`, a query parameter's name). */
  part?: string;
}

/**
 * A secret written into an mcpServer's definition is in every clone of the repository, in its
 * history, and in every artifact ca builds from it; the SDK reads `${NAME}` from the environment
 * for exactly this (runtime/mcp/server-launch.ts). Only literal config is seen: an env or headers
 * object with an expression in it is not in `config`, and cannot be locked either. The finding
 * names the property, never the value; `redact` keeps the value out of source excerpts.
 */
export const mcpSecretInCodeRule: Rule = {
  meta: {
    id: 'mcp-secret-in-code',
    defaultSeverity: 'error',
    description: "An MCP server whose env, headers, args or url hold a secret written in code rather than a '${NAME}' read from the environment.",
    docsUrl: docsUrl('mcp-secret-in-code'),
    messages: {
      written: 'MCP server {{name}} has a secret written in code in {{property}}',
      fallback: 'MCP server {{name}} falls back to a secret written in code in {{property}}',
      credential: 'MCP server {{name}} has {{what}} written in code in {{property}}',
    },
  },
  check(context) {
    for (const node of context.nodes) {
      if (node.kind !== 'mcp_server') continue;
      for (const place of placesOf(node.config)) {
        const problem = problemAt(place);
        if (!problem) continue;
        const data: Record<string, string> = { name: node.name, property: problem.property };
        if (problem.what) data['what'] = problem.what;
        const redact = [...new Set([place.value, problem.secret])];
        context.report({ messageId: problem.messageId, data, node, hint: hintFor(node.name, place, problem), redact });
      }
    }
  },
};

function placesOf(config: Readonly<Record<string, JsonValue>>): Place[] {
  const places: Place[] = [];
  for (const key of ['command', 'cwd', 'url'] as const) {
    const value = config[key];
    if (typeof value === 'string') places.push({ property: key, value });
  }
  const args = config['args'];
  if (Array.isArray(args)) args.forEach((value, index) => typeof value === 'string' && places.push({ property: `args[${index}]`, value }));
  for (const key of ['env', 'headers'] as const) {
    const values = config[key];
    if (typeof values !== 'object' || values === null || Array.isArray(values)) continue;
    for (const [name, value] of Object.entries(values)) if (typeof value === 'string') places.push({ property: `${key}.${name}`, value, name });
  }
  return places;
}

/** The first detector that fires: a credential format, a URL's password or secret parameter, a secret name. */
function problemAt(place: Place): Problem | undefined {
  for (const { what, pattern } of CREDENTIALS) {
    const match = pattern.exec(place.value);
    if (match) return { messageId: 'credential', property: place.property, what, secret: match[0] };
  }
  const url = parseUrl(place.value);
  if (url) {
    const password = decode(url.password);
    if (password !== '' && !FROM_ENVIRONMENT.test(password)) return { messageId: 'written', property: `${place.property} (the URL's password)`, secret: password, part: 'password' };
    for (const [parameter, value] of url.searchParams) {
      if (!SECRET_NAME.test(parameter) || value === '' || SETTING.test(value) || FROM_ENVIRONMENT.test(value)) continue;
      return { messageId: 'written', property: `${place.property} (the URL's ${parameter} parameter)`, secret: value, part: parameter };
    }
    return undefined;
  }
  if (place.name === undefined || !SECRET_NAME.test(place.name) || place.value.trim() === '' || SETTING.test(place.value)) return undefined;
  if (FROM_ENVIRONMENT.test(place.value)) return undefined;
  const withoutFallbacks = place.value.replace(FALLBACK, (_whole, name: string) => `\${${name}}`);
  if (FROM_ENVIRONMENT.test(withoutFallbacks)) return { messageId: 'fallback', property: place.property, secret: place.value };
  return { messageId: 'written', property: place.property, secret: place.value };
}

/** A URL with a scheme and an authority (`https://…`, `postgres://…`), or undefined. */
function parseUrl(text: string): URL | undefined {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * What to write instead. An env variable or a header is replaced whole (keeping a scheme word:
 * 'Bearer ${TIDES_TOKEN}'); in an arg or a URL the reference takes the secret's place. The
 * variable is named after where the secret was: env.GITHUB_TOKEN keeps its name, the others get
 * the server's (`X-Api-Key` of tides: TIDES_API_KEY; `?api_key=` likewise; a URL's password:
 * TIDES_PASSWORD; `--token=…`: TIDES_TOKEN).
 */
function hintFor(server: string, place: Place, problem: Problem): string {
  const variable = variableFor(server, place, problem);
  const reference = `\${${variable}}`;
  const scheme = place.property.startsWith('headers.') ? SCHEME.exec(place.value)?.[1] : undefined;
  const instead =
    place.name !== undefined
      ? `Write ${place.property} as '${scheme ? `${scheme} ` : ''}${reference}'`
      : `Write ${reference} in place of the secret in ${place.property}`;
  return `${instead} and set ${variable} where ca runs; if the secret was ever committed, rotate it.`;
}

function variableFor(server: string, place: Place, problem: Problem): string {
  const upper = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (place.property.startsWith('env.') && /^[A-Za-z_][A-Za-z0-9_]*$/.test(place.name!)) return place.name!;
  const named = problem.part ?? (place.name !== undefined && !/^(authorization|cookie)$/i.test(place.name) ? place.name.replace(/^x-/i, '') : undefined) ?? /^--?([A-Za-z][\w-]*)=/.exec(place.value)?.[1];
  return `${upper(server)}_${upper(named ?? '') || 'TOKEN'}`;
}
