/**
 * How long a worker may go without a heartbeat before another worker declares it dead and hands its
 * runs on (SPEC §10). Long enough that a busy machine or a short network blip never makes two
 * workers run one step; short enough that a killed worker's runs go on within seconds.
 * `CA_WORKER_LEASE_MS` sets it (tests use a short one); every worker of a queue should agree.
 */
export const DEFAULT_WORKER_LEASE_MS = 15_000;

export function workerLeaseMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const configured = Number(env.CA_WORKER_LEASE_MS);
  return Number.isFinite(configured) && configured >= 500 ? configured : DEFAULT_WORKER_LEASE_MS;
}

/** A worker beats this often: several beats fit in one lease, so one slow beat never loses it. */
export function heartbeatMs(leaseMs: number): number {
  return Math.max(100, Math.floor(leaseMs / 5));
}
