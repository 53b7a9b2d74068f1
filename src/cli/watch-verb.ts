import path from 'node:path';
import { Flags } from '@oclif/core';
import type { LoadedProject } from '../app/load-project.js';
import type { ProjectUpdate, WatchOptions } from '../app/watch-project.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { isUserError } from '../core/errors.js';
import type { Colors } from '../ui/colors.js';
import { formatDiagnostic, summarizeDiagnostics } from '../ui/format-diagnostic.js';
import { formatUserError } from '../ui/format-error.js';
import { renderChangeHeader, renderFixedDiagnostic } from '../ui/watch-diff.js';
import { CLEAR_SCREEN, renderWatchFooter, renderWatching } from '../ui/watch-screen.js';

/** `--watch`, the same on ls, graph, lint and status. */
export const watchFlag = {
  watch: Flags.boolean({
    char: 'w',
    summary: 'Keep running: re-scan on every save and show what changed (one JSON object per line with --json; Ctrl-C to stop).',
  }),
};

/** What a verb brings to the watch loop; the loop does the rest the same way for every verb. */
export interface WatchedVerb<R> {
  options: WatchOptions;
  /** `--json`: one line per scan, `{ iteration, changedFiles, stale, diff, result }`. */
  json: boolean;
  out: Colors;
  err: Colors;
  /** The verb's result for one scan (the verb's own app function, given the scanned project). */
  compute(project: LoadedProject): Promise<R>;
  /** The whole output: the first scan, and every redraw on a TTY. */
  render(result: R): string;
  /** What changed since the previous result, one line each (stdout not a TTY). */
  renderChanges(previous: R, result: R, update: ProjectUpdate): string[];
  /** How discovery's diagnostics show: in full, as a count (graph), or not at all (lint reports them as findings). */
  diagnostics: 'full' | 'brief' | 'none';
  warnings(result: R): readonly string[];
  /** Before the output of each scan that produced a result (graph -o rewrites its file, then says so). */
  persist?(result: R): void;
}

/**
 * Runs a verb under `--watch` until Ctrl-C (exit 0). On a TTY each scan redraws the screen; in a
 * pipe or a log the first scan prints the normal output and each later one a short diff; with
 * `--json`, one JSON object per line per scan (NDJSON). An error after the first scan (ca.yaml
 * broken mid-edit) is reported and the watch goes on; before it, the error ends the command as usual.
 */
export async function runWatch<R>(verb: WatchedVerb<R>): Promise<void> {
  const tty = !verb.json && process.stdout.isTTY === true;
  const { out, err } = verb;
  const print = (text: string) => process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  const note = (text: string) => process.stderr.write(`${text}\n`);
  let previous: R | undefined;
  let files = 0;
  let root = '.';
  let failing = false;

  const showDiagnostics = (all: readonly Diagnostic[], update: ProjectUpdate, whole: boolean): void => {
    if (verb.diagnostics === 'none') return;
    if (whole) {
      if (verb.diagnostics === 'brief' && all.length > 0) note(err.dim(`${summarizeDiagnostics(all)} in the project (run \`ca ls\` to see them)`));
      else if (verb.diagnostics === 'full') for (const d of all) note(formatDiagnostic(d, err));
      return;
    }
    for (const d of update.diff.newDiagnostics) note(formatDiagnostic(d, err));
    for (const d of update.diff.fixedDiagnostics) note(renderFixedDiagnostic(d, err));
  };

  const showError = (error: unknown, update: Pick<ProjectUpdate, 'iteration' | 'changedFiles'>): void => {
    if (verb.json) {
      const body = isUserError(error)
        ? { code: error.code, message: error.message, hint: error.hint ?? null, location: error.location ?? null }
        : { code: 'internal', message: (error as Error).message, hint: null, location: null };
      print(JSON.stringify({ iteration: update.iteration, changedFiles: update.changedFiles, error: body }));
    }
    note(isUserError(error) ? formatUserError(error, err) : `${err.red('internal error')}: ${(error as Error).message}`);
  };

  const handle = async (update: ProjectUpdate): Promise<void> => {
    if (update.error) {
      // The first scan's errors never get here: they reject `ready`.
      showError(update.error, update);
      failing = true;
      return;
    }
    let result: R;
    try {
      result = await verb.compute(update.project);
      verb.persist?.(result);
    } catch (error) {
      if (update.iteration === 0) throw error;
      showError(error, update);
      failing = true;
      return;
    }
    if (failing) note(`${err.green('fixed')}: the project loads again`);
    failing = false;
    files = update.project.scan.stats.files;
    root = path.relative(process.cwd(), update.project.config.root) || '.';
    const diagnostics = update.project.scan.diagnostics;
    const newWarnings = verb.warnings(result).filter((w) => previous === undefined || tty || !verb.warnings(previous).includes(w));
    if (verb.json) {
      const { iteration, changedFiles, stale, diff } = update;
      print(JSON.stringify({ iteration, changedFiles, stale, diff, result }));
      showDiagnostics(diagnostics, update, iteration === 0);
    } else if (tty || previous === undefined) {
      if (tty) print(CLEAR_SCREEN);
      print(verb.render(result));
      showDiagnostics(diagnostics, update, true);
    } else {
      print(renderChangeHeader(update.changedFiles, update.durationMs, out));
      const lines = [
        ...verb.renderChanges(previous, result, update),
        ...update.stale.map((file) => `${out.yellow('!')} ${file} does not parse: its nodes are shown as they last parsed`),
      ];
      print(lines.length > 0 ? lines.join('\n') : out.dim('no visible change'));
      showDiagnostics(diagnostics, update, false);
    }
    for (const warning of newWarnings) note(`${err.yellow('warning')}: ${warning}`);
    // The first footer waits until the watcher is in place: saves before that would not be seen.
    if (tty && update.iteration > 0) note(renderWatchFooter({ files, changedFiles: update.changedFiles, durationMs: update.durationMs, time: new Date() }, err));
    previous = result;
  };

  // Ctrl-C (or a polite kill) ends the watch: exit 0, the facts parsed meanwhile saved for the next
  // command. Listening starts before the first scan, so a Ctrl-C during it is not lost either.
  let stopped = false;
  const stop = new Promise<void>((resolve) => {
    const onSignal = () => {
      stopped = true;
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  // Loaded here: chokidar and the watch loop are start-up cost for every verb that has --watch.
  const { watchProject } = await import('../app/watch-project.js');
  const watcher = watchProject({ ...verb.options, onError: (error) => showError(error, { iteration: -1, changedFiles: [] }) }, handle);
  try {
    await Promise.race([watcher.ready, stop]);
    if (!stopped) {
      note(tty ? renderWatchFooter({ files, changedFiles: [], durationMs: 0, time: new Date() }, err) : renderWatching(root, files, err));
      await stop;
    }
  } finally {
    await watcher.close();
  }
  process.exitCode = 0;
}
