import type pg from 'pg';

/** Turns what a query threw into what the store reports (pg-errors.ts, with the store's masked URL). */
export type ToStoreError = (error: unknown) => unknown;

/**
 * A connection of the pool for a while. The server may end it while no query is running (a
 * terminated session, a failover): pg then emits 'error' on the client, which must be caught or it
 * ends the process. The error is kept (`lost`), and the connection is thrown away on release.
 */
export async function checkout(pool: pg.Pool, toError: ToStoreError): Promise<{ client: pg.PoolClient; lost: () => Error | undefined }> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toError(error);
  }
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  const release = client.release.bind(client);
  client.release = (destroy?: boolean | Error) => {
    client.off('error', onError);
    return release(destroy ?? lost);
  };
  return { client, lost: () => lost };
}

/**
 * `work` in one transaction on a connection of its own (`begin` opens it: `BEGIN`, or a snapshot's
 * isolation level). On failure it is rolled back and the error reported through `toError`; a
 * connection whose ROLLBACK failed is thrown away.
 */
export async function inTransaction<T>(pool: pg.Pool, toError: ToStoreError, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const { client } = await checkout(pool, toError);
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw toError(error);
  } finally {
    client.release(broken);
  }
}
