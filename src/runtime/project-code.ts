import { AsyncLocalStorage } from 'node:async_hooks';
import { RunError } from './run-errors.js';

/**
 * Project code runs inside ca's process, so it could end it or write into ca's output. While it
 * runs (and in everything it schedules: timers, callbacks, promises), an async-local scope says
 * whose code it is, and the process guard uses it:
 * - `process.exit(…)` from project code throws instead of exiting, and fails the run it belongs to
 *   ("tool quitter called process.exit(0)"): a CI step can never pass because a tool quit early.
 * - writes of project code to stdout (console.log, process.stdout.write) go to stderr, so stdout
 *   carries only the result or the NDJSON events.
 * ca's own code reaches outside the scope with `outsideProjectCode` (the trace events, streamed
 * replies), and everything else in the process is untouched.
 */
export interface ProjectScope {
  /** Whose code this is, for messages: "tool quitter", "module src/tools.ts". */
  label: string;
  /** Called when this code asks to end the process; the error is also thrown at the call. */
  onExit?: (error: RunError) => void;
}

const scope = new AsyncLocalStorage<ProjectScope>();
let installed = false;
/** Depth of ca's own synchronous work inside project code (writing an event): its stdout writes are ca's. */
let caWork = 0;

export function asProjectCode<T>(project: ProjectScope, work: () => T): T {
  installProjectCodeGuard();
  return scope.run(project, work);
}

/**
 * Runs ca's own synchronous work (writing trace events, streaming a reply) as ca's, even when
 * project code called it. A counter rather than `AsyncLocalStorage.exit`: it is on the path of
 * every trace event, and the work it covers is synchronous.
 */
export function outsideProjectCode<T>(work: () => T): T {
  caWork++;
  try {
    return work();
  } finally {
    caWork--;
  }
}

/** Whether the caller is project code (tests, and ca's own sanity checks). */
export function currentProjectCode(): ProjectScope | undefined {
  return scope.getStore();
}

/** Patches `process.exit` and `process.stdout.write` once per process; outside project code both behave as before. */
export function installProjectCodeGuard(): void {
  if (installed) return;
  installed = true;
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    const project = caWork > 0 ? undefined : scope.getStore();
    if (!project) return exit(code as number | undefined);
    const error = new RunError('process-exit', `${project.label} called process.exit(${code ?? ''})`, {
      hint: 'throw an error (or return) instead: ca ends the run and the process itself',
    });
    project.onExit?.(error);
    throw error;
  }) as typeof process.exit;

  const stdout = process.stdout;
  const write = stdout.write;
  stdout.write = function guardedWrite(this: NodeJS.WriteStream, ...args: unknown[]): boolean {
    if (caWork === 0 && scope.getStore()) return (process.stderr.write as (...a: unknown[]) => boolean)(...args);
    return (write as (...a: unknown[]) => boolean).apply(stdout, args);
  } as typeof stdout.write;
}
