/** A line typed in `ca chat`: a message for the session, or one of the slash commands. */
export type ChatCommand =
  | { type: 'message'; text: string }
  | { type: 'help' }
  | { type: 'state' }
  | { type: 'trace'; turn?: number }
  | { type: 'reset' }
  | { type: 'save'; file: string }
  | { type: 'exit' }
  /** A known command used wrongly: the message says how to use it. */
  | { type: 'usage'; message: string }
  | { type: 'unknown'; name: string };

/** `/save notes.md` → save; `//etc` → the message `/etc`; anything without a leading slash is a message. */
export function parseChatCommand(line: string): ChatCommand {
  const text = line.trim();
  if (!text.startsWith('/')) return { type: 'message', text };
  if (text.startsWith('//')) return { type: 'message', text: text.slice(1) };
  const word = text.slice(1).split(/\s+/)[0] ?? '';
  const argument = text.slice(1 + word.length).trim();
  switch (word.toLowerCase()) {
    case 'help':
    case '?':
      return { type: 'help' };
    case 'state':
      return { type: 'state' };
    case 'trace': {
      if (argument === '') return { type: 'trace' };
      return /^\d+$/.test(argument) ? { type: 'trace', turn: Number(argument) } : { type: 'usage', message: 'usage: /trace [TURN] (a turn number of this chat)' };
    }
    case 'reset':
      return { type: 'reset' };
    case 'save':
      return argument === '' ? { type: 'usage', message: 'usage: /save FILE (Markdown for .md, plain text otherwise; relative to the working directory)' } : { type: 'save', file: argument };
    case 'exit':
    case 'quit':
      return { type: 'exit' };
    default:
      return { type: 'unknown', name: word };
  }
}
