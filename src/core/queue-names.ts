/** The queue `ca run --queue` and `ca worker` use when none is named (SPEC §10). */
export const DEFAULT_QUEUE = 'default';
