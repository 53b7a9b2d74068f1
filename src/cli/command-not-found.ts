import type { Hook } from '@oclif/core';
import { closest, distance } from 'fastest-levenshtein';
import { EXIT } from '../core/errors.js';
import { colorsFor } from '../ui/colors.js';

/** Verbs of the product contract that this version does not have yet: say so rather than "not found". */
const PLANNED = new Set(['lint', 'deploy', 'status', 'history', 'rollback', 'ledger', 'run', 'runs', 'trace', 'chat', 'test', 'trigger', 'listen']);

/** An unknown verb is a usage error like any other: one line, a suggestion, exit 2. */
const hook: Hook.CommandNotFound = async function ({ id, config }) {
  const c = colorsFor(process.stderr);
  const verbs = config.commandIDs;
  const guess = verbs.length ? closest(id, verbs) : undefined;
  const near = guess !== undefined && distance(id, guess) <= Math.max(2, Math.floor(id.length / 2));
  const hint = PLANNED.has(id)
    ? `\`ca ${id}\` is planned but not in this version; verbs: ${verbs.join(', ')}`
    : near
      ? `did you mean \`ca ${guess}\`? Verbs: ${verbs.join(', ')}`
      : `verbs: ${verbs.join(', ')}`;
  process.stderr.write(`${c.red('error')}: unknown command '${id}' ${c.dim(`(${hint})`)}\n`);
  process.exit(EXIT.usage);
};

export default hook;
