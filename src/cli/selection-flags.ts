import { Flags } from '@oclif/core';
import type { SelectionRequest } from '../core/selection-request.js';

/** The selector grammar's flags, the same on every verb that takes a selection (docs/selectors.md). */
export const selectionFlags = {
  select: Flags.string({
    char: 's',
    multiple: true,
    summary: 'Nodes to include: tag:support, +triage, state:modified+, a,b … (space-separated, repeatable).',
    helpGroup: 'SELECTION',
  }),
  exclude: Flags.string({
    multiple: true,
    summary: 'Nodes to leave out, same grammar (space-separated, repeatable).',
    helpGroup: 'SELECTION',
  }),
  selector: Flags.string({ summary: 'A named selector from ca.yaml.', helpGroup: 'SELECTION' }),
  state: Flags.string({
    summary: 'Baseline for state: — git:<ref>, a manifest file or folder, or env:<name> (default: state: in ca.yaml).',
    helpGroup: 'SELECTION',
  }),
  strict: Flags.boolean({ summary: 'Fail when a selection criterion matches nothing.', helpGroup: 'SELECTION' }),
};

export function selectionRequest(flags: { select?: string[]; exclude?: string[]; selector?: string; state?: string; strict?: boolean }): SelectionRequest {
  const request: SelectionRequest = { select: flags.select ?? [], exclude: flags.exclude ?? [], strict: flags.strict ?? false };
  if (flags.selector !== undefined) request.selector = flags.selector;
  if (flags.state !== undefined) request.state = flags.state;
  return request;
}
