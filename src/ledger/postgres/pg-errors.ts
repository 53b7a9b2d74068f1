import { EXIT, UserError } from '../../core/errors.js';

/** Which of ca's stores a PostgreSQL error is about, as messages and error codes name it. */
export interface PgStore {
  /** Prefix of the error codes: `ledger` → `ledger-unreachable`, … */
  code: string;
  /** "the deploy ledger" */
  noun: string;
  /** The variable that overrides the URL of ca.yaml. */
  envVar: string;
}

export const PG_LEDGER: PgStore = { code: 'ledger', noun: 'the deploy ledger', envVar: 'CA_LEDGER_URL' };
export const PG_RUN_STORE: PgStore = { code: 'runs', noun: 'the run store', envVar: 'CA_RUNS_URL' };

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const LOST = new Set(['ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

/**
 * A PostgreSQL failure a user can act on, as a one-line UserError naming the (masked) URL; anything
 * else passes through (and is an internal error). The password never appears: `where` is masked,
 * and the server's own messages do not carry it.
 */
export function toPgError(error: unknown, where: string, store: PgStore): unknown {
  if (error instanceof UserError) return error;
  const { code, message } = error as { code?: string; message?: string };
  const text = (message ?? String(error)).split('\n')[0]!;
  const at = { location: { file: where } };
  if (code && UNREACHABLE.has(code)) {
    return new UserError(`${store.code}-unreachable`, `cannot reach ${store.noun} at ${where}: ${text}`, {
      hint: `check the host and port and that the server is up (${store.envVar} overrides the URL in ca.yaml)`,
      exitCode: EXIT.usage,
      ...at,
    });
  }
  if (/timeout expired|Connection terminated due to connection timeout/i.test(text)) {
    return new UserError(`${store.code}-unreachable`, `cannot reach ${store.noun} at ${where}: the connection timed out`, {
      hint: `check the host and port and that the server is up (${store.envVar} overrides the URL in ca.yaml)`,
      exitCode: EXIT.usage,
      ...at,
    });
  }
  if (code === '28P01' || code === '28000') {
    return new UserError(`${store.code}-auth`, `${store.noun} at ${where} refused the login: ${text}`, {
      hint: `check the user and password in ${store.envVar} (keep the password out of ca.yaml)`,
      exitCode: EXIT.usage,
      ...at,
    });
  }
  if (code === '3D000') {
    return new UserError(`${store.code}-no-database`, `${store.noun} at ${where}: ${text}`, {
      hint: 'create the database first (createdb NAME, or CREATE DATABASE): ca creates its tables, not databases',
      exitCode: EXIT.usage,
      ...at,
    });
  }
  if (code === '42501') {
    return new UserError(`${store.code}-permission`, `${store.noun} at ${where}: ${text}`, {
      hint: "grant the user CREATE on the database (the first write creates ca's schema) and USAGE on it afterwards",
      exitCode: EXIT.usage,
      ...at,
    });
  }
  // 55000 with this text: the database stopped taking connections (ALLOW_CONNECTIONS false, a failover in progress).
  const refusing = code === '55000' && /not currently accepting connections/i.test(text);
  if ((code && LOST.has(code)) || refusing || /Connection terminated|connection is closed|Client has encountered a connection error/i.test(text)) {
    return new UserError(`${store.code}-connection-lost`, `lost the connection to ${store.noun} at ${where}: ${text}`, {
      hint: 'nothing half-written is kept (every row is one transaction); run the command again once the server is back',
      exitCode: EXIT.failed,
      ...at,
    });
  }
  return error;
}
