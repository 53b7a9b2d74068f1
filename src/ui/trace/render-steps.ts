import Table from 'cli-table3';
import type { JournalEntry } from '../../core/journal.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from '../borderless-table.js';
import type { Colors } from '../colors.js';
import { visible } from '../../core/visible-text.js';

/** `ca trace RUN --steps`: the run's journal, one row per step in the order the steps first started. */
export function renderSteps(steps: readonly JournalEntry[], c: Colors): string {
  if (steps.length === 0) return c.dim('no steps journaled for this run (it made no calls, or it was recorded before the journal existed)');
  const table = new Table({
    head: ['step', 'kind', 'status', 'attempts', 'effect', 'input', 'time'].map((h) => c.bold(h)),
    chars: BORDERLESS_CHARS,
    style: PLAIN_STYLE,
  });
  for (const step of steps) {
    table.push([
      visible(step.key),
      step.kind,
      paint(step, c),
      String(step.attempts),
      step.effect ? `${step.effect}${step.idempotent ? ', idempotent' : ''}` : c.dim('-'),
      step.inputHash.slice(0, 12),
      step.endedAt === undefined ? c.dim('-') : `${step.endedAt - step.startedAt}ms`,
    ]);
  }
  return trimLines(table.toString());
}

function paint(step: JournalEntry, c: Colors): string {
  switch (step.status) {
    case 'succeeded':
      return c.green(step.status);
    case 'failed':
      return c.red(step.status);
    // A step that started and never ended: in flight, or in flight when its process died.
    case 'started':
      return c.yellow('started, not finished');
    case 'cancelled':
      return c.yellow(step.status);
  }
}
