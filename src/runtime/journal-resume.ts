import type { JournalEntry } from '../core/journal.js';
import type { JsonValue } from '../core/json-value.js';
import type { RecordedSteps, StepAnswer, StepQuery } from './recorded-steps.js';
import { RunError } from './run-errors.js';

export interface ResumeChoices {
  /** The run being resumed (or forked), for the hints. */
  runId: string;
  /** `--retry-step KEY`: a write that may have happened runs again, live (the user checked the outside world). */
  retryStep?: string;
  /** `--skip-step KEY --output JSON`: a write that did happen is taken as succeeded with this output. */
  skipStep?: { key: string; output: JsonValue };
  /** `--from-divergence`: a step called with another input than recorded runs live, and so does everything after it. */
  fromDivergence?: boolean;
  /**
   * A fork (`--fork RUN --from STEP`): the journal belongs to another run, and only the steps it
   * holds are reused; they are copied into the fork's own journal as they are restored.
   */
  fork?: boolean;
  /**
   * A run moved to another release with `--upgrade --from-divergence` (SPEC §14): the journal's
   * first step of one of these nodes (whose code changed since it ran) and every step after it run
   * live; the steps before keep their recorded outcome.
   */
  liveFromNodes?: ReadonlySet<string>;
}

/**
 * A run's journal as `ca run --resume` and `--fork` consult it (SPEC §9). The code runs again from
 * the top; a step whose key and input hash match a completed entry gets its recorded outcome back
 * without calling anything; the first step with no entry runs live, and so does everything the
 * journal has nothing for. A step that started and never finished is retried when that is safe (a
 * `read` or `idempotent` tool, a model call, an approval) and otherwise stops the resume: a
 * `write` or `dangerous` tool may already have changed the outside world, so a person decides
 * (`--retry-step` or `--skip-step`). A recorded step asked for with another input is a divergence.
 *
 * Unlike replay, order is not checked: keys already carry each step's place, and a resumed run's
 * concurrent items may legitimately finish in another order than the first time.
 */
export class JournalResume implements RecordedSteps {
  private readonly byKey: ReadonlyMap<string, JournalEntry>;
  /** Set by the first divergence under `--from-divergence`: from there on, everything runs live. */
  private live = false;
  /** Under `liveFromNodes`: the journal's steps from the first changed one on (they run live, their attempts counted on). */
  private readonly liveKeys: ReadonlySet<string>;

  constructor(
    entries: readonly JournalEntry[],
    private readonly choices: ResumeChoices,
  ) {
    this.byKey = new Map(entries.map((entry) => [entry.key, entry]));
    const changed = choices.liveFromNodes;
    const first = changed ? entries.findIndex((entry) => changed.has(entry.name)) : -1;
    this.liveKeys = new Set(first === -1 ? [] : entries.slice(first).map((entry) => entry.key));
  }

  consult(step: StepQuery): StepAnswer {
    const entry = this.byKey.get(step.key);
    const fresh = this.choices.fork ? 1 : (entry?.attempts ?? 0) + 1;
    if (!entry || this.live || this.liveKeys.has(step.key)) return { live: true, attempt: fresh };
    if (entry.inputHash !== step.inputHash) {
      if (!this.choices.fromDivergence) throw this.diverged(step, entry);
      this.live = true;
      return { live: true, attempt: fresh };
    }
    if (this.choices.skipStep?.key === step.key) {
      const restore: JournalEntry = { ...entry, status: 'succeeded', output: this.choices.skipStep.output };
      delete restore.error;
      return { restore, note: 'skipped by --skip-step: its output was given by hand', record: true };
    }
    if (entry.status === 'succeeded') return { restore: entry, ...(this.choices.fork ? { record: true } : {}) };
    if (entry.status === 'failed') return { live: true, attempt: fresh };
    // Started and never finished (the process died), or cancelled mid-way: did it happen?
    if (mayHaveWritten(step) && this.choices.retryStep !== step.key) throw this.inDoubt(step, entry);
    return { live: true, attempt: fresh };
  }

  private diverged(step: StepQuery, entry: JournalEntry): RunError {
    return new RunError(
      'resume-diverged',
      `${step.name} is called with another input than when run ${this.choices.runId} recorded it (recorded ${entry.inputHash.slice(0, 12)}, now ${step.inputHash.slice(0, 12)})`,
      {
        path: step.key,
        hint: `the code or what it read changed since the run; to run live from this step: ca run --resume ${this.choices.runId} --from-divergence`,
      },
    );
  }

  private inDoubt(step: StepQuery, entry: JournalEntry): RunError {
    const how = entry.status === 'cancelled' ? 'was cancelled before it finished' : 'started but the run stopped before it finished';
    return new RunError(
      'step-in-doubt',
      `${step.effect ?? 'write'} tool ${step.name} ${how}; it may have done its work, and ca never runs a write twice blindly`,
      {
        path: step.key,
        hint: `check the outside system (its idempotency key is ${entry.idempotencyKey}), then: ca run --resume ${this.choices.runId} --retry-step ${step.key}   or   --skip-step ${step.key} --output JSON`,
      },
    );
  }
}

/** A step whose unfinished attempt may have changed the outside world: a non-idempotent write or dangerous tool. */
function mayHaveWritten(step: StepQuery): boolean {
  return step.kind === 'tool' && (step.effect ?? 'write') !== 'read' && step.idempotent !== true;
}
