import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** ca's documentation as shipped in the package (docs/ is in package.json `files`). */
const DOCS_ROOT = fileURLToPath(new URL('../../docs/', import.meta.url));

/** One page of ca's docs as an MCP resource: `ca-docs://rules/duplicate-name.md`. */
export interface DocsResource {
  /** The page's path under docs/, forward slashes. */
  page: string;
  uri: string;
  /** Its first heading, else its path. */
  title: string;
}

/**
 * The pages `ca mcp serve` offers as resources: every Markdown page of the docs (verbs, concepts,
 * the lint rules), so a coding agent can read how ca works and what a finding means from the same
 * server that lists the project. Read from the package, never from the project.
 */
export function docsResources(root = DOCS_ROOT): DocsResource[] {
  const pages: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
      const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.md')) pages.push(relative);
    }
  };
  try {
    walk('');
  } catch {
    // A build without its docs (a source checkout missing the folder) serves none, rather than failing to start.
    return [];
  }
  return pages.sort().map((page) => ({ page, uri: `ca-docs://${page}`, title: titleOf(readDocsPage(page, root)) ?? page }));
}

export function readDocsPage(page: string, root = DOCS_ROOT): string {
  return readFileSync(path.join(root, page), 'utf8');
}

function titleOf(markdown: string): string | undefined {
  return /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim();
}
