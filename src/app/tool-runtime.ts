import type { ProjectConfig } from '../config/project-config.js';
import { readMcpLock } from '../mcp/lock-file.js';
import { readMockFile } from '../runtime/models/read-mock-file.js';
import type { RuntimeOptions } from '../runtime/runtime-options.js';
import { createToolMocks } from '../runtime/tool-mocks.js';

/**
 * What a run needs to call tools that are not code of this process: the project's MCP servers
 * with ca.mcp.lock (started lazily, once per run), and `--mock FILE`'s `tools:`.
 */
export function toolRuntime(config: Pick<ProjectConfig, 'root'>, env: NodeJS.ProcessEnv, mock?: { file: string; cwd: string }): Pick<RuntimeOptions, 'mcp' | 'toolMocks'> {
  const mocks = mock === undefined ? undefined : readMockFile(mock.file, mock.cwd);
  return {
    mcp: { root: config.root, lock: readMcpLock(config.root), env },
    ...(mocks && Object.keys(mocks.tools).length > 0 ? { toolMocks: createToolMocks(mocks) } : {}),
  };
}
