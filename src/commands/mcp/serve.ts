import { Flags } from '@oclif/core';
import { CaCommand } from '../../cli/base-command.js';

export default class McpServe extends CaCommand<void> {
  static override summary = 'Expose the project to coding agents as MCP tools: ls, show, graph, lint, status, history, manifest (and run, only with --allow-run).';
  static override description =
    'Speaks MCP over stdin/stdout by default (what Claude Code, Cursor and VS Code start), or streamable HTTP at http://127.0.0.1:PORT/mcp with --http. Each tool returns the typed result of its verb (what `ca VERB --json` prints); a bad argument or selection is a tool error with the line the CLI would print.';
  static override examples = [
    '<%= config.bin %> mcp serve',
    '<%= config.bin %> mcp serve -p fixtures/support-desk',
    '<%= config.bin %> mcp serve --watch',
    '<%= config.bin %> mcp serve --http 3333',
    '<%= config.bin %> mcp serve --allow-run',
  ];
  // stdout is the protocol's: no --json result printed after it.
  static override enableJsonFlag = false;

  static override flags = {
    'allow-run': Flags.boolean({ summary: 'Also offer a `run` tool, which executes project code (approvals park the run for `ca approve`).' }),
    watch: Flags.boolean({
      char: 'w',
      summary: 'Keep the scan warm: re-scan on every save, and answer each tool call from the latest scan instead of scanning again.',
    }),
    http: Flags.integer({ summary: 'Serve streamable HTTP on 127.0.0.1:PORT instead of stdio (0: any free port).', helpValue: 'PORT', min: 0, max: 65535 }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(McpServe);
    const { serveMcpHttp, serveMcpStdio } = await import('../../app/serve-mcp.js');
    const options = { allowRun: flags['allow-run'], watch: flags.watch };
    if (flags.http === undefined) {
      await serveMcpStdio({ project: flags.project }, options);
      return;
    }
    const serving = await serveMcpHttp({ project: flags.project, port: flags.http }, options);
    this.note(`serving MCP at ${serving.url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await serving.close();
  }
}
