import type { ApprovalMode } from '../core/approval.js';
import type { ChatScriptResult, SessionTestResult } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { readChatScript, type ChatScript } from '../sessions/chat-script.js';
import { CHATS_FOLDER, findChatScripts } from '../sessions/find-chat-scripts.js';
import type { ProjectOptions } from './load-project.js';
import { runChatScript, scriptTarget } from './run-chat-script.js';
import { loadAndSelect } from './select-project.js';
import { useTelemetry } from './telemetry.js';

export interface TestSessionsOptions extends ProjectOptions {
  selection: SelectionRequest;
  /** `--mock FILE` for every script, instead of each one's `mock:`. */
  mock?: string;
  approve?: ApprovalMode;
  env?: NodeJS.ProcessEnv;
  /** `--no-telemetry` (false): the scripts' turns are not exported over OTLP. */
  telemetry?: boolean;
  /** A line for stderr when the turns' spans could not all be exported. */
  onWarning?: (message: string) => void;
  /** Each script once it has run. */
  onScript?(result: ChatScriptResult): void;
}

const TALKS = new Set(['session', 'agent']);

/**
 * `ca test [selection]`: the chat scripts of the selected sessions and agents (`NAME.chat.yaml` and
 * `NAME.LABEL.chat.yaml` next to the definition, or in the project's `chats/` folder). Every script
 * is read and checked before the first one runs, so a typo fails at once (exit 2); then each runs
 * in a new session of its own.
 */
export async function testSessions(options: TestSessionsOptions): Promise<SessionTestResult> {
  const cwd = options.cwd ?? process.cwd();
  const project = await loadAndSelect({ ...options, cwd });
  const nodes = project.scan.nodes.filter((node) => project.selection.selected.has(node.name) && TALKS.has(node.kind)).sort((a, b) => a.name.localeCompare(b.name));
  const planned: { name: string; script: ChatScript }[] = [];
  const untested: string[] = [];
  for (const node of nodes) {
    const files = findChatScripts(project.config.root, node);
    if (files.length === 0 && node.kind === 'session') untested.push(node.name);
    for (const file of files) {
      const script = readChatScript(file, cwd);
      planned.push({ name: scriptTarget(script, node.name), script });
    }
  }
  const warnings = [...project.selection.warnings];
  if (planned.length === 0) {
    warnings.push(
      nodes.length === 0
        ? 'no session or agent is selected: nothing to test'
        : `no chat scripts for the selected sessions and agents (${listed(nodes.map((node) => node.name))}): looked for NAME.chat.yaml next to each definition and in ${CHATS_FOLDER}/`,
    );
  }
  const scripts: ChatScriptResult[] = [];
  // One export for every script's turns, finished once they have all run.
  const exporting = await useTelemetry(project.config, options.env ?? process.env, planned.length === 0 ? false : options.telemetry);
  try {
    for (const { name, script } of planned) {
      const result = await runChatScript({
        cwd,
        loaded: project,
        name,
        script,
        telemetry: exporting.telemetry ?? false,
        ...(options.mock === undefined ? {} : { mock: options.mock }),
        ...(options.approve === undefined ? {} : { approve: options.approve }),
        ...(options.env === undefined ? {} : { env: options.env }),
      });
      scripts.push(result);
      options.onScript?.(result);
    }
  } finally {
    await exporting.finish(options.onWarning);
  }
  return { schemaVersion: 1, passed: scripts.every((script) => script.passed), scripts, untested, warnings };
}

function listed(names: readonly string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}
