import type { ProjectConfig } from '../config/project-config.js';
import { readMcpLock } from '../mcp/lock-file.js';
import { readMockFile } from '../runtime/models/read-mock-file.js';
import type { RuntimeOptions } from '../runtime/runtime-options.js';
import { createToolMocks } from '../runtime/tool-mocks.js';

export interface ToolRuntime {
  /** For the run's RuntimeOptions. */
  options: Pick<RuntimeOptions, 'mcp' | 'toolMocks'>;
  /** The tools `--mock`'s `tools:` answers: they need neither a server nor a lock. */
  mocked: ReadonlySet<string>;
}

/**
 * What a run needs to call tools that are not code of this process: the project's MCP servers
 * with ca.mcp.lock (started lazily, once per run), and `--mock FILE`'s `tools:`.
 */
export function toolRuntime(config: Pick<ProjectConfig, 'root'>, env: NodeJS.ProcessEnv, mock?: { file: string; cwd: string }): ToolRuntime {
  const mocks = mock === undefined ? undefined : readMockFile(mock.file, mock.cwd);
  const mocked = new Set(Object.keys(mocks?.tools ?? {}));
  return {
    options: { mcp: { root: config.root, lock: readMcpLock(config.root), env }, ...(mocks && mocked.size > 0 ? { toolMocks: createToolMocks(mocks) } : {}) },
    mocked,
  };
}
