import { Args, Flags } from '@oclif/core';
import { listenSession } from '../app/listen-session.js';
import { CaCommand } from '../cli/base-command.js';
import { renderSessionEvent } from '../ui/session-event-line.js';

export default class Listen extends CaCommand<void> {
  static override summary = "Tail a session's events as they are written (never runs project code).";
  static override description =
    'Prints each event of the session (turn started, tool calls, emits, reply, turn done or failed) as another process writes it, until the session is closed or Ctrl-C. --json prints one JSON object per line; --forward-to POSTs each event as JSON, with retries.';
  static override examples = [
    '<%= config.bin %> listen s_mhq3k2x0a1b2c3',
    '<%= config.bin %> listen T-1042 --json',
    '<%= config.bin %> listen last --forward-to http://127.0.0.1:8080/hooks/ca',
  ];

  static override args = {
    id: Args.string({ description: 'Session id, unique prefix, or `last`.', required: true }),
  };

  static override flags = {
    'forward-to': Flags.string({ summary: 'POST each event as JSON to this URL (retried on network errors, 408, 429 and 5xx).' }),
    'from-start': Flags.boolean({ summary: 'Print the events already stored before following new ones.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Listen);
    const json = this.jsonEnabled();
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      const outcome = await listenSession({
        project: flags.project,
        id: args.id,
        signal: controller.signal,
        ...(flags['from-start'] ? { fromStart: true } : {}),
        ...(flags['forward-to'] === undefined ? {} : { forwardTo: flags['forward-to'] }),
        // oclif silences this.log under --json: the event lines are the JSON output.
        onEvent: (event) => process.stdout.write(`${json ? JSON.stringify(event) : renderSessionEvent(event, this.out)}\n`),
        onForwardFailed: (event, problem) => this.note(`${this.err.yellow('warning')}: could not forward event ${event.seq} (${event.type}): ${problem}`),
      });
      if (!json) this.note(this.err.dim(`session ${outcome.sessionId}: ${outcome.events} events${outcome.forwardFailures ? `, ${outcome.forwardFailures} not forwarded` : ''}`));
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
}
