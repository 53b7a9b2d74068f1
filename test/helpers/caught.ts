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
