import { readdirSync } from 'node:fs';
import path from 'node:path';

/** The project folder `ca test` also looks in, besides each definition's own folder. */
export const CHATS_FOLDER = 'chats';

/**
 * A session's (or agent's) chat scripts, absolute and sorted: `NAME.chat.yaml` and
 * `NAME.LABEL.chat.yaml` (one conversation each) next to the file that defines it, then the same
 * names in the project's `chats/` folder. `.yml` works too.
 */
export function findChatScripts(root: string, node: { name: string; file: string }): string[] {
  const pattern = new RegExp(`^${escape(node.name)}(\\.[A-Za-z0-9_-]+)?\\.chat\\.ya?ml$`);
  const folders = [...new Set([path.dirname(path.resolve(root, node.file)), path.resolve(root, CHATS_FOLDER)])];
  return folders.flatMap((folder) => scriptsIn(folder, pattern));
}

function scriptsIn(folder: string, pattern: RegExp): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => pattern.test(entry))
    .sort()
    .map((entry) => path.join(folder, entry));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
