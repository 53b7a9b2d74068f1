import type { Hook } from '@oclif/core';
import { closest, distance } from 'fastest-levenshtein';
import { EXIT } from '../core/errors.js';
import { colorsFor } from '../ui/colors.js';

/** An unknown verb is a usage error like any other: one line, a suggestion, exit 2. */
const hook: Hook.CommandNotFound = async function ({ id: fullId, config }) {
  const c = colorsFor(process.stderr);
  // oclif joins the words with ':' (`ca ledger verifyy` → 'ledger:verifyy'); people type spaces.
  // Hidden commands (the completion helpers) are for scripts, not suggestions.
  const commands = config.commands
    .filter((command) => !command.hidden)
    .map((command) => command.id.replace(/:/g, ' '))
    .sort();
  const words = fullId.split(':');
  const topic = words[0] ?? fullId;
  const inTopic = commands.some((command) => command.startsWith(`${topic} `));
  // Within a topic the whole line is compared; otherwise only the first word, the rest being arguments.
  const typed = inTopic ? words.slice(0, 2).join(' ') : topic;
  const candidates = inTopic ? commands.filter((command) => command.startsWith(`${topic} `)) : [...new Set(commands.map((command) => command.split(' ')[0]!))];
  const guess = candidates.length ? closest(typed, candidates) : undefined;
  const near = guess !== undefined && distance(typed, guess) <= Math.max(2, Math.floor(typed.length / 2));
  const verbs = commands.join(', ');
  const hint = near ? `did you mean \`ca ${guess}\`? Commands: ${verbs}` : `commands: ${verbs}`;
  process.stderr.write(`${c.red('error')}: unknown command '${typed}' ${c.dim(`(${hint})`)}\n`);
  process.exit(EXIT.usage);
};

export default hook;
