import { UserError } from '../../src/core/errors.js';

/** The UserError `run` throws; any other outcome fails the test. */
export function caught(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

/** The UserError the promise of `run` rejects with; any other outcome fails the test. */
export async function caughtAsync(run: () => Promise<unknown>): Promise<UserError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}
