import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isUserError } from '../core/errors.js';
import { visible } from '../core/visible-text.js';
import { colorsFor } from '../ui/colors.js';
import { formatUserError } from '../ui/format-error.js';
import { CA_VERSION } from './ca-version.js';
import type { McpProject } from './mcp-project.js';
import { type DocsResource, docsResources, readDocsPage } from './mcp-resources.js';
import { MCP_TOOLS, RUN_TOOL } from './mcp-tools.js';
import { scrubErrorLine } from './project-secrets.js';

const PLAIN = colorsFor({ isTTY: false }, {});

/** A verb's typed result, as MCP structured content and the same JSON as text for clients that read only text. */
function toolResult(result: object): CallToolResult {
  const json = JSON.stringify(result);
  return { structuredContent: JSON.parse(json) as Record<string, unknown>, content: [{ type: 'text', text: json }] };
}

/**
 * A failed call is a tool error the agent can read, never a crash of the server: a UserError as
 * the one line the CLI prints on stderr, anything else as the CLI's internal-error line, no stack.
 */
function toolError(error: unknown): CallToolResult {
  const line = isUserError(error)
    ? formatUserError(error, PLAIN).split('\n')[0]!
    : `internal error: ${visible(error instanceof Error ? error.message : String(error))}`;
  return { isError: true, content: [{ type: 'text', text: scrubErrorLine(line) }] };
}

let docs: DocsResource[] | undefined;

/** An MCP server whose tools are ca's static verbs on one project, and `run` when the user allowed it. */
export function createMcpServer(project: McpProject, options: { allowRun?: boolean } = {}): McpServer {
  const server = new McpServer({ name: 'ca', version: CA_VERSION });
  for (const tool of options.allowRun ? [...MCP_TOOLS, RUN_TOOL] : MCP_TOOLS) {
    server.registerTool(tool.name, { description: tool.description, inputSchema: tool.input }, async (input) => {
      try {
        return toolResult(await tool.call(project.forCall(), input));
      } catch (error) {
        return toolError(error);
      }
    });
  }
  // ca's own docs (verbs, concepts, lint rules) as resources: listed once per process (HTTP makes a server per request), read when asked.
  docs ??= docsResources();
  for (const doc of docs) {
    server.registerResource(doc.page, doc.uri, { title: doc.title, mimeType: 'text/markdown' }, (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/markdown', text: readDocsPage(doc.page) }],
    }));
  }
  return server;
}
