import { Flags } from '@oclif/core';
import type { SelectionRequest } from '../core/selection-request.js';

/** -s/--select and --exclude: repeatable, each value space-separated, as in dbt. */
export const selectionFlags = {
  select: Flags.string({
    char: 's',
    multiple: true,
    summary: 'Nodes to include (space-separated, repeatable).',
    helpGroup: 'SELECTION',
  }),
  exclude: Flags.string({
    multiple: true,
    summary: 'Nodes to leave out (space-separated, repeatable).',
    helpGroup: 'SELECTION',
  }),
  strict: Flags.boolean({ summary: 'Fail when a selection criterion matches nothing.', helpGroup: 'SELECTION' }),
};

export function selectionRequest(flags: { select?: string[]; exclude?: string[]; strict?: boolean }): SelectionRequest {
  return { select: flags.select ?? [], exclude: flags.exclude ?? [], strict: flags.strict ?? false };
}
