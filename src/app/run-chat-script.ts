import path from 'node:path';
import type { ApprovalMode } from '../core/approval.js';
import { EXIT, UserError } from '../core/errors.js';
import type { ChatScriptResult, ChatScriptTurn } from '../core/results.js';
import { readChatScript, type ChatScript } from '../sessions/chat-script.js';
import { checkTurn } from '../sessions/check-expectations.js';
import type { ProjectOptions } from './load-project.js';
import { SessionRunner } from './session-runner.js';
import type { TelemetryOption } from './telemetry.js';

export interface ChatScriptOptions extends ProjectOptions {
  /** NAME from the command line; the script's `session:` must agree when both are given. */
  name?: string;
  /** The script's path (relative to the working directory), or one already read. */
  script: string | ChatScript;
  /** `--mock FILE` (relative to the working directory): wins over the script's `mock:`. */
  mock?: string;
  /** `--approve`: wins over the script's `approve:`. A script never asks, so `ask` denies. */
  approve?: ApprovalMode;
  env?: NodeJS.ProcessEnv;
  /** OTLP export of the turns: false for `--no-telemetry`; an open export to share (`ca test`'s). */
  telemetry?: TelemetryOption;
  /** A line for stderr when the turns' spans could not all be exported. */
  onWarning?: (message: string) => void;
  /** Each turn once it is checked (progress for long scripts). */
  onTurn?(turn: ChatScriptTurn): void;
}

/** The node a script talks to: NAME, the script's `session:`, and whether they agree. */
export function scriptTarget(script: ChatScript, name: string | undefined): string {
  if (name !== undefined && script.session !== undefined && name !== script.session) {
    throw new UserError('chat-script-mismatch', `${script.shown} is a script for ${script.session}, not ${name}`, {
      hint: `run it with \`ca chat ${script.session} --script ${script.shown}\`, or change session: in the script`,
      exitCode: EXIT.usage,
    });
  }
  const target = name ?? script.session;
  if (target === undefined) {
    throw new UserError('usage', `${script.shown} does not say which session it talks to`, {
      hint: `pass it: \`ca chat NAME --script ${script.shown}\`, or add session: NAME to the script`,
    });
  }
  return target;
}

/**
 * `ca chat NAME --script FILE`: the script's turns, in order, in a new session (so a script always
 * starts from `init()` or an empty conversation), each checked against its expectations. A failed
 * expectation does not stop the script: every turn runs and is reported.
 */
export async function runChatScript(options: ChatScriptOptions): Promise<ChatScriptResult> {
  const cwd = options.cwd ?? process.cwd();
  const script = typeof options.script === 'string' ? readChatScript(options.script, cwd) : options.script;
  const name = scriptTarget(script, options.name);
  const mock = options.mock !== undefined ? path.resolve(cwd, options.mock) : script.mock;
  const mode = options.approve ?? script.approve ?? 'none';
  const runner = await SessionRunner.open({
    ...projectOptions(options),
    name,
    approve: async () => mode === 'all',
    ...(mock === undefined ? {} : { mock }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
    ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
  });
  const turns: ChatScriptTurn[] = [];
  const started = Date.now();
  try {
    for (const [i, step] of script.turns.entries()) {
      const report = await runner.turn(step.user);
      const checks = checkTurn(step.expect, report);
      const turn: ChatScriptTurn = {
        index: i + 1,
        user: step.user,
        line: step.line,
        passed: checks.every((check) => check.passed),
        status: report.status,
        toolCalls: report.toolCalls,
        state: report.state,
        runId: report.runId,
        durationMs: report.durationMs,
        costUsd: report.costUsd,
        checks,
        ...(report.reply === undefined ? {} : { reply: report.reply }),
        ...(report.error === undefined ? {} : { error: report.error }),
        ...(report.failedPath === undefined ? {} : { failedPath: report.failedPath }),
      };
      turns.push(turn);
      options.onTurn?.(turn);
    }
  } finally {
    await runner.close();
  }
  return {
    schemaVersion: 1,
    script: script.shown,
    name: runner.node.name,
    sessionId: runner.id,
    passed: turns.every((turn) => turn.passed),
    turns,
    durationMs: Date.now() - started,
    ...(mock === undefined ? {} : { mock: shown(mock, cwd) }),
  };
}

function projectOptions(options: ProjectOptions): ProjectOptions {
  const { project, cwd, noCache, loaded } = options;
  return { project, cwd, noCache, loaded };
}

function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}
