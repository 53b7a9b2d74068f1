/**
 * What a store method returns when one backend answers at once (SQLite, synchronous) and another
 * over the network (PostgreSQL): callers always `await` it, and the SQLite store keeps its plain,
 * synchronous methods.
 */
export type Awaitable<T> = T | Promise<T>;
