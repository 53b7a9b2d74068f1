/**
 * One `ca run`'s use of the run store, as a separate process: start a run, append span events,
 * then finish it, or (with `hold`) stay alive until killed.
 *
 *   node --import tsx run-store-child.ts '{"file":"…/runs.db","runId":"r_…","spans":2500}'
 *
 * stdout lines: `flushed <events>` once the events are committed (with `hold`), `done` when finished.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { openRunStore } from '../../../src/ledger/open-run-store.js';
import { traceBuilder } from '../../helpers/trace-events.js';

interface Args {
  file: string;
  runId: string;
  name?: string;
  /** Spans to start and end (two events each, plus a log every tenth). */
  spans: number;
  /** Yield to the event loop every this many spans (lets the 50 ms flush timer run). */
  pauseEvery?: number;
  hold?: boolean;
  /** The store's heartbeat interval (its default otherwise). */
  heartbeatMs?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const say = (line: string) => process.stdout.write(`${line}\n`);

const trace = traceBuilder(args.runId, Date.now()).run(args.name ?? 'triage', 'flow', { ticket: 'T-7' });
const store = openRunStore(args.file, args.heartbeatMs === undefined ? {} : { heartbeatMs: args.heartbeatMs });
store.append(trace.events[0]!);
let sent = 1;
for (let index = 0; index < args.spans; index++) {
  trace.span(`s${index}`, 'root', 'lookup_ticket', 'tool', index);
  if (index % 10 === 0) trace.log(`s${index}`, index, `lookup ${index}`);
  trace.end(`s${index}`, index + 1, 'succeeded', { output: { ticket: `T-${index}` } });
  store.append(trace.events.slice(sent));
  sent = trace.events.length;
  if (args.pauseEvery && index % args.pauseEvery === 0) await delay(1);
}
if (args.hold) {
  // A span left open, as when the process dies in the middle of a tool call.
  trace.span('open', 'root', 'issue_refund', 'tool', args.spans + 1);
  store.append(trace.events.slice(sent));
  store.flush();
  say(`flushed ${trace.events.length}`);
  for (;;) await delay(1000);
}
trace.finish(args.spans + 2, 'succeeded');
store.append(trace.events.slice(sent));
store.close();
say('done');
