import { durationKindOf } from '../../core/run-timing.js';
import { visible, visibleLines } from '../../core/visible-text.js';
import type { TraceError, TraceEvent } from '../../core/trace.js';
import type { Colors } from '../colors.js';
import { formatCost, formatDuration, formatRunDuration, formatTokens } from './format-run-values.js';
import { buildTraceView, childSpans, type SpanView, type TraceView } from './trace-model.js';

export interface TraceTreeOptions {
  /**
   * The clock for spans still running (the live view passes Date.now(), `ca trace` the time it read
   * the run). Default: the time of the latest event, so a stored trace renders the same every time.
   */
  now?: number;
  /** Which spinner frame running spans show (the live view counts up). Default 0. */
  frame?: number;
  /** Also show each span's input and output, cut to one line. */
  verbose?: boolean;
}

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** What a line's icon says: a span's status, with denials told apart from other failures. */
type Shown = 'succeeded' | 'failed' | 'denied' | 'cancelled' | 'interrupted' | 'waiting' | 'running';

const VALUE_WIDTH = 100;

/**
 * A run's trace as a tree: the run line (status, duration, tokens, cost; "so far" while it runs,
 * "at least" when its process died), then every span under its parent with box-drawing
 * connectors, status icon, kind, name (and an MCP tool's server), attempt, duration, tokens and cost; an error in red under
 * the span that failed, logs dimmed under their span; for a run that did not succeed, the path to
 * the failing span and its error at the end.
 *
 * Pure and deterministic: everything comes from the events (only running spans read `now`), so the
 * live view's last frame and `ca trace` print the same bytes.
 */
export function renderTraceTree(events: readonly TraceEvent[], c: Colors, options: TraceTreeOptions = {}): string {
  const view = buildTraceView(events);
  if (!view) return '';
  const lines: string[] = [runLine(view, c, options)];
  renderBody(view.root, '', lines, view, c, options);
  lines.push(...footer(view, c));
  return lines.join('\n');
}

function runLine(view: TraceView, c: Colors, options: TraceTreeOptions): string {
  const { root, ended, started } = view;
  const shown: Shown = ended ? (ended.status === 'failed' && isDenial(ended.error) ? 'denied' : ended.status) : 'running';
  const durationMs = ended ? ended.durationMs : (options.now ?? view.lastAt) - root.startedAt;
  const duration = formatRunDuration(durationMs, durationKindOf(ended ? ended.status : 'running'));
  const stats = [duration, formatTokens(ended?.tokens), formatCost(ended?.costUsd)].filter((part) => part !== undefined);
  const status = statusColor(shown === 'denied' ? 'failed' : shown, c)(shown === 'denied' ? 'failed' : shown);
  const tail = [
    started?.sessionId !== undefined ? `session ${started.sessionId}` : undefined,
    started?.runId,
    started?.forkOf ? `fork of ${started.forkOf.runId} from ${visible(started.forkOf.step)}` : undefined,
  ].filter((part) => part !== undefined);
  return `${icon(shown, c, options)} ${c.dim(root.kind)} ${c.bold(visible(root.name))}  ${status}  ${c.dim(stats.join(' · '))}${tail.length ? `  ${c.dim(tail.join('  '))}` : ''}`;
}

function spanLine(span: SpanView, view: TraceView, c: Colors, options: TraceTreeOptions): string {
  const shown = spanShown(span, view);
  const end = span.end;
  const durationMs = end ? end.durationMs : (span.cutShortAt ?? (view.ended ? view.ended.at : (options.now ?? view.lastAt))) - span.startedAt;
  const stats = [formatDuration(durationMs), formatTokens(end?.tokens), formatCost(end?.costUsd)].filter((part) => part !== undefined);
  // A retry, or a first attempt that failed with retries left; a first try that worked is just a call.
  const attempts = span.attempts ?? 1;
  const retry = (span.attempt ?? 1) > 1;
  const attempt =
    attempts > 1 && (retry || (end !== undefined && end.status !== 'succeeded'))
      ? `  ${retry ? c.yellow(`attempt ${span.attempt}/${attempts}`) : c.dim(`attempt 1/${attempts}`)}`
      : '';
  // A round's name already says what it is ("round 2").
  const kind = span.kind === 'round' ? '' : `${c.dim(span.kind)} `;
  return `${icon(shown, c, options)} ${kind}${visible(span.name)}${mcpPart(span, c)}${attempt}  ${c.dim(stats.join(' · '))}`;
}

/** An MCP tool's server, and the tool's name there when the node has a name of its own: `(mcp weather › crash)`. */
function mcpPart(span: SpanView, c: Colors): string {
  if (span.mcp === undefined) return '';
  const { server, tool } = span.mcp;
  return ` ${c.dim(`(mcp ${visible(server)}${tool === span.name ? '' : ` › ${visible(tool)}`})`)}`;
}

/** The lines under a span: its error and values, then its logs and child spans in the order they happened. */
function renderBody(span: SpanView, prefix: string, lines: string[], view: TraceView, c: Colors, options: TraceTreeOptions): void {
  const children = childSpans(span);
  let remaining = children.length;
  const detail = (text: string) => {
    // Under the span's kind; the bar carries on down to a later child.
    const lead = c.dim(prefix + (remaining > 0 ? '│ ' : '  '));
    lines.push(text === '' ? '' : `${lead}${text}`);
  };
  if (span !== view.root) for (const line of errorLines(span, c)) detail(line);
  if (options.verbose) {
    const output = span === view.root ? view.ended?.output : span.end?.output;
    if (span.input !== undefined) detail(c.dim(`in  ${oneLine(span.input)}`));
    if (output !== undefined) detail(c.dim(`out ${oneLine(output)}`));
  }
  for (const item of span.items) {
    if (item.type === 'log') {
      for (const text of visibleLines(item.log.message).split('\n')) detail(c.dim(text));
      continue;
    }
    remaining--;
    const last = remaining === 0;
    lines.push(`${c.dim(prefix + (last ? '└─ ' : '├─ '))}${spanLine(item.span, view, c, options)}`);
    renderBody(item.span, prefix + (last ? '   ' : '│  '), lines, view, c, options);
  }
}

/**
 * The error of a span that did not succeed. A parent that failed because a child failed carries
 * the same message: it is shown once, under the child where it happened.
 */
function errorLines(span: SpanView, c: Colors): string[] {
  const error = span.end?.error;
  if (!error || span.end?.status === 'succeeded') return [];
  if (childSpans(span).some((child) => child.end?.error?.message === error.message)) return [];
  const paint = span.end?.status === 'cancelled' ? c.yellow : c.red;
  return describeError(error, c, paint);
}

function describeError(error: TraceError, c: Colors, paint: (text: string) => string): string[] {
  const [first = '', ...rest] = error.message.split('\n');
  const lines = [paint(`${visible(first)}${error.path !== undefined ? ` (at ${visible(error.path)})` : ''}`), ...rest.map((line) => paint(visible(line)))];
  if (error.hint !== undefined) lines.push(c.dim(`hint: ${visible(error.hint)}`));
  return lines;
}

/**
 * For a run that failed, was cancelled or interrupted: where (the span path) and why; for an
 * interrupted one also when it was last seen alive, which is where its duration stops.
 */
function footer(view: TraceView, c: Colors): string[] {
  const ended = view.ended;
  if (!ended || ended.status === 'succeeded') return [];
  const path = ended.failedPath ?? failingPath(view);
  const error = ended.error ?? deepestFailure(view)?.end?.error;
  const paint = ended.status === 'failed' ? c.red : c.yellow;
  const where = path.length > 1 ? ` at ${c.bold(path.map(visible).join(' › '))}` : '';
  const [first, ...rest] = error ? describeError(error, c, paint) : [];
  const lines = ['', `${paint(ended.status)}${where}${first !== undefined ? `: ${first}` : ''}`, ...rest.map((line) => `  ${line}`)];
  if (ended.status === 'interrupted') lines.push(c.dim(`  last sign of life ${formatDuration(ended.durationMs)} after it started (${new Date(ended.at).toISOString()}): it ran at least that long`));
  return lines;
}

/** Root to the span that failed: at each level the last failed child (earlier failures were retried or survived). */
function failingPath(view: TraceView): string[] {
  const path = [view.root.name];
  for (let span = lastFailedChild(view.root); span !== undefined; span = lastFailedChild(span)) path.push(span.name);
  return path;
}

function deepestFailure(view: TraceView): SpanView | undefined {
  let found: SpanView | undefined;
  for (let span = lastFailedChild(view.root); span !== undefined; span = lastFailedChild(span)) found = span;
  return found;
}

function lastFailedChild(span: SpanView): SpanView | undefined {
  return childSpans(span)
    .filter((child) => child.end?.status === 'failed')
    .at(-1);
}

function spanShown(span: SpanView, view: TraceView): Shown {
  const end = span.end;
  // A parked approval: the run stopped there to wait for a person.
  if (end?.error?.code === 'waiting-for-approval') return 'waiting';
  if (end) return end.status === 'failed' && isDenial(end.error) ? 'denied' : end.status;
  if (span.cutShort) return span.cutShort;
  // Never ended although the run did: cut short by the process dying, or abandoned by the run.
  if (view.ended) return view.ended.status === 'interrupted' ? 'interrupted' : 'cancelled';
  return 'running';
}

function isDenial(error: TraceError | undefined): boolean {
  return error !== undefined && error.code !== 'waiting-for-approval' && /denied|capability|approval/.test(error.code);
}

function icon(shown: Shown, c: Colors, options: TraceTreeOptions): string {
  switch (shown) {
    case 'succeeded':
      return c.green('✓');
    case 'failed':
      return c.red('✗');
    case 'denied':
      return c.red('!');
    case 'cancelled':
      return c.yellow('⊘');
    case 'interrupted':
      return c.yellow('◌');
    case 'waiting':
      return c.yellow('◷');
    case 'running':
      return c.cyan(SPINNER_FRAMES[(options.frame ?? 0) % SPINNER_FRAMES.length]!);
  }
}

function statusColor(status: Exclude<Shown, 'denied'>, c: Colors): (text: string) => string {
  switch (status) {
    case 'succeeded':
      return c.green;
    case 'failed':
      return c.red;
    case 'running':
      return c.cyan;
    default:
      return c.yellow;
  }
}

function oneLine(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  const shown = visible(text);
  return shown.length > VALUE_WIDTH ? `${shown.slice(0, VALUE_WIDTH - 1)}…` : shown;
}
