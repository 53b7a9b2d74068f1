import { Flags } from '@oclif/core';
import { CaCommand } from '../../cli/base-command.js';
import { selectionFlags, selectionRequest } from '../../cli/selection-flags.js';
import { EXIT } from '../../core/errors.js';
import type { McpLockResult } from '../../core/results.js';
import { renderMcpLock } from '../../ui/mcp/mcp-lock-report.js';

export default class McpLock extends CaCommand<McpLockResult> {
  static override summary = "Start each MCP server once, list its tools and write their contracts to ca.mcp.lock (static verbs read the lock and never start a server).";
  static override description =
    "An explicit, networked action: every mcp_server of the project (or of the selection) is started from its definition as ca reads it (no project code is imported), asked for its tools, and stopped. A tool's hash in the lock is part of its node's config fingerprint, so a changed contract is state:modified. With --check nothing is written, and a lock that differs from the live servers is exit 1 (for CI).";
  static override examples = ['<%= config.bin %> mcp lock', '<%= config.bin %> mcp lock -s weather', '<%= config.bin %> mcp lock --check'];

  static override flags = {
    ...selectionFlags,
    check: Flags.boolean({ summary: 'Write nothing; exit 1 when ca.mcp.lock differs from what the servers list now (or a server fails).' }),
  };

  async run(): Promise<McpLockResult> {
    const { flags } = await this.parse(McpLock);
    const { lockMcp } = await import('../../app/lock-mcp.js');
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once('SIGINT', onInterrupt);
    let result: McpLockResult;
    try {
      result = await lockMcp({
        project: flags.project,
        selection: selectionRequest(flags),
        check: flags.check,
        signal: controller.signal,
        onServer: (name) => {
          if (!this.jsonEnabled()) this.note(this.err.dim(`asking ${name} …`));
        },
      });
    } finally {
      process.off('SIGINT', onInterrupt);
    }
    const failed = result.servers.some((server) => server.status === 'failed');
    const differs = result.servers.some((server) => server.status === 'locked' || server.status === 'removed');
    if (failed || (result.check && differs)) process.exitCode = EXIT.failed;
    if (!this.jsonEnabled()) for (const line of renderMcpLock(result, this.out)) this.log(line);
    return result;
  }
}
