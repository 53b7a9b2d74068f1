import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type LoadedProject } from '../../src/app/load-project.js';
import { loadAndSelect } from '../../src/app/select-project.js';
import type { SelectorConfig } from '../../src/config/config-schema.js';
import { isUserError } from '../../src/core/errors.js';
import type { SelectionRequest } from '../../src/core/selection-request.js';
import { planSelection, runSelection } from '../../src/selection/select-nodes.js';
import { FIXTURES } from '../helpers/temp-project.js';

const SELECTION_GRAPH = path.join(FIXTURES, 'selection', 'graph');

interface Attempt {
  select?: string[];
  exclude?: string[];
  selector?: string;
  strict?: boolean;
  /** Selectors in place of the fixture's ca.yaml ones. */
  selectors?: SelectorConfig[];
  /** Go through loadAndSelect on the fixture (config → plan → baseline check → scan). */
  project?: true;
  /** Also run the plan against the fixture's graph. */
  run?: true;
}

/** [column of the first caret within the flag value (0-based), the characters the carets underline]; null: no caret line. */
type Caret = [column: number, token: string] | null;
type Row = [input: Attempt, code: string, fragment: string | string[], caret: Caret];

// Columns worked out by hand: count the characters of the flag value before the offending token.
const ROWS: Row[] = [
  // unknown method, with did-you-mean
  [{ select: ['tga:support'] }, 'unknown-method', ["unknown selector method 'tga'", "did you mean 'tag'?", 'in --select'], [0, 'tga']],
  [{ select: ['kind:flow,cnofig.effect:read'] }, 'unknown-method', ["unknown selector method 'cnofig'", "did you mean 'config'?"], [10, 'cnofig']],
  [{ select: ['tag:billing', 'triage tga:support'] }, 'unknown-method', "unknown selector method 'tga'", [7, 'tga']],
  [{ select: ['tag:billing'], exclude: ['tga:support'] }, 'unknown-method', ["unknown selector method 'tga'", 'in --exclude'], [0, 'tga']],
  // empty method before ':'
  [{ select: [':triage'] }, 'unknown-method', "missing selector method before ':'", [0, ':']],
  [{ select: ['tag:support :triage'] }, 'unknown-method', "missing selector method before ':'", [12, ':']],
  // empty value: the caret sits where the value should be
  [{ select: ['tag:'] }, 'empty-value', "empty value after 'tag:'", [4, '']],
  [{ select: ['kind:flow config.effect:'] }, 'empty-value', "empty value after 'config.effect:'", [24, '']],
  [{ select: ['@'] }, 'empty-value', 'empty value', [1, '']],
  [{ select: ['2+'] }, 'empty-value', 'empty value', [2, '']],
  // '+' inside a value
  [{ select: ['refund+flow'] }, 'stray-plus', "a '+' inside a value", [6, '+']],
  [{ select: ['kind:flow,tag:support+tier2'] }, 'stray-plus', "a '+' inside a value", [21, '+']],
  [{ select: ['triage++'] }, 'stray-plus', "a '+' inside a value", [6, '+']],
  [{ select: ['1+2+triage'] }, 'stray-plus', "a '+' inside a value", [3, '+']],
  // '@' with a trailing '+'
  [{ select: ['@triage+'] }, 'at-with-children', "'@' cannot be combined with a trailing '+'", [7, '+']],
  [{ select: ['tag:support @triage+2'] }, 'at-with-children', "'@' cannot be combined with a trailing '+'", [19, '+2']],
  // bad depth: zero, leading zero
  [{ select: ['0+triage'] }, 'bad-depth', "bad depth '0'", [0, '0']],
  [{ select: ['triage+0'] }, 'bad-depth', "bad depth '0'", [7, '0']],
  [{ select: ['01+triage'] }, 'bad-depth', "bad depth '01'", [0, '01']],
  [{ select: ['triage+01'] }, 'bad-depth', "bad depth '01'", [7, '01']],
  [{ select: ['@02+escalate'] }, 'bad-depth', "bad depth '02'", [1, '02']],
  // state: unknown sub-selector
  [{ select: ['state:modifed'] }, 'invalid-state', ["unknown state 'modifed'", "did you mean 'modified'?"], [6, 'modifed']],
  [{ select: ['state:modified.bodies+'] }, 'invalid-state', "unknown state 'modified.bodies'", [6, 'modified.bodies']],
  // unknown kind
  [{ select: ['kind:flows'] }, 'invalid-kind', ["unknown kind 'flows'", "did you mean 'flow'?"], [5, 'flows']],
  // config without key; a key on a method that takes none; an empty key
  [{ select: ['config:read'] }, 'method-needs-key', 'config needs a key', [0, 'config']],
  [{ select: ['tag.name:support'] }, 'method-takes-no-key', "tag takes no key ('.name')", [3, '.name']],
  [{ select: ['config.:read'] }, 'empty-key', "empty key in 'config.'", [0, 'config.']],
  // empty criterion: between commas, trailing comma, leading comma — the caret is on the extra comma
  [{ select: ['tag:support,,kind:flow'] }, 'empty-criterion', 'empty selection criterion', [12, ',']],
  [{ select: ['tag:support,'] }, 'empty-criterion', 'empty selection criterion', [11, ',']],
  [{ select: [',tag:support'] }, 'empty-criterion', 'empty selection criterion', [0, ',']],
  // '@' inside a value
  [{ select: ['+@triage'] }, 'stray-at', "an '@' inside a value", [1, '@']],
  [{ select: ['triage@escalate'] }, 'stray-at', "an '@' inside a value", [6, '@']],
  // unknown selector name in selector:
  [{ select: ['selector:nightlly'] }, 'invalid-selector', ["unknown selector 'nightlly'", "did you mean 'nightly'?"], [9, 'nightlly']],
  [{ select: ['kind:flow'], exclude: ['selector:nightlly+'] }, 'invalid-selector', ["unknown selector 'nightlly'", 'in --exclude'], [9, 'nightlly']],
  [
    { selectors: [{ name: 'refund_ci', definition: 'tag:refunds selector:billing_ci' }] },
    'invalid-selector',
    ["unknown selector 'billing_ci'", "in selector 'refund_ci' in ca.yaml"],
    [21, 'billing_ci'],
  ],
  // an empty or blank flag value: an unset CI variable must not select every node
  [{ select: [''] }, 'empty-selection', ['empty selection: --select was given an empty value', 'leave -s out to select every node'], null],
  [{ select: ['   '] }, 'empty-selection', 'empty selection: --select was given only whitespace', null],
  [{ select: ['tag:billing', ''] }, 'empty-selection', '--select was given an empty value', null],
  [{ exclude: [''] }, 'empty-selection', ['empty selection: --exclude was given an empty value', 'leave --exclude out'], null],
  // --selector
  [{ selector: 'nightlly' }, 'unknown-selector', "unknown selector 'nightlly'", null],
  [{ selector: 'nightly', select: ['tag:billing'] }, 'selector-with-select', '--selector cannot be combined with --select', null],
  // selectors in ca.yaml
  [
    {
      selectors: [
        { name: 'billing_nightly', default: true, definition: 'tag:billing,tag:nightly' },
        { name: 'all_flows', default: true, definition: 'kind:flow' },
      ],
    },
    'selector-two-defaults',
    ["'billing_nightly'", "'all_flows'", 'default: true'],
    null,
  ],
  [
    {
      selectors: [
        { name: 'refunds', definition: 'tag:refunds' },
        { name: 'refunds', definition: 'path:src/refunds' },
      ],
    },
    'selector-duplicate',
    "two selectors in ca.yaml are named 'refunds'",
    null,
  ],
  [
    {
      selectors: [
        { name: 'billing_ci', definition: { union: ['tag:billing', 'selector:refund_ci'] } },
        { name: 'refund_ci', definition: { intersection: [{ method: 'selector', value: 'billing_ci' }, 'kind:flow'] } },
      ],
    },
    'selector-cycle',
    'billing_ci → refund_ci → billing_ci',
    null,
  ],
  [{ selectors: [{ name: 'loopy', definition: 'selector:loopy+' }] }, 'selector-cycle', 'loopy → loopy', null],
  // YAML definitions of the wrong shape
  [{ selectors: [{ name: 'bad', definition: ['tag:billing', 'kind:flow'] }] }, 'selector-invalid', "selector 'bad' in ca.yaml", null],
  [{ selectors: [{ name: 'bad', definition: { union: 'tag:billing' } }] }, 'selector-invalid', 'union: takes a non-empty list', null],
  [{ selectors: [{ name: 'bad', definition: { union: [{ exclude: ['tag:billing'] }] } }] }, 'selector-invalid', 'needs at least one item besides exclude:', null],
  [{ selectors: [{ name: 'bad', definition: { method: 'tag' } }] }, 'selector-invalid', 'needs a value', null],
  [{ selectors: [{ name: 'bad', definition: { method: 'tag', value: 'billing', parents: 'yes' } }] }, 'selector-invalid', 'parents: must be true or false', null],
  [{ selectors: [{ name: 'bad', definition: { method: 'tag', value: 'billing', parents_depth: 0 } }] }, 'selector-invalid', 'parents_depth: must be a whole number from 1', null],
  [{ selectors: [{ name: 'bad', definition: { method: 'tag', value: 'billing', parent: true } }] }, 'selector-invalid', "unknown key 'parent'", null],
  [
    { selectors: [{ name: 'bad', definition: { method: 'kind', value: 'flow', childrens_parents: true, children: true } }] },
    'selector-invalid',
    'childrens_parents cannot be combined with children',
    null,
  ],
  [{ selectors: [{ name: 'bad', definition: { tag: 'billing', kind: 'flow' } }] }, 'selector-invalid', 'cannot read', null],
  // grammar mistakes inside YAML definitions get the same caret errors
  [{ selectors: [{ name: 'bad', definition: { method: 'tga', value: 'billing' } }] }, 'unknown-method', ["unknown selector method 'tga'", "in selector 'bad' in ca.yaml"], [0, 'tga']],
  [{ selectors: [{ name: 'bad', definition: 'tag:billing kind:flows' }] }, 'invalid-kind', "unknown kind 'flows'", [17, 'flows']],
  // state: with no baseline (the fixture's ca.yaml sets no state:), before any scanning
  [{ project: true, select: ['state:modified+'] }, 'state-without-baseline', 'state: needs a baseline', null],
  [{ project: true, select: ['kind:flow'], exclude: ['state:new'] }, 'state-without-baseline', 'state: needs a baseline', null],
  [{ project: true, selector: 'changed' }, 'state-without-baseline', 'state: needs a baseline', null],
  [{ project: true, select: ['selector:changed,kind:agent'] }, 'state-without-baseline', 'state: needs a baseline', null],
  // a criterion that matches nothing, under --strict
  [{ select: ['tag:escalations kind:flow'], strict: true, run: true }, 'selection-empty-criterion', "the selection criterion 'tag:escalations' does not match any node", null],
];

describe('selection errors', () => {
  let project: LoadedProject;
  beforeAll(async () => {
    project = await loadProject({ project: SELECTION_GRAPH, noCache: true });
  });

  const requestOf = (input: Attempt): SelectionRequest => ({
    select: input.select ?? [],
    exclude: input.exclude ?? [],
    ...(input.selector === undefined ? {} : { selector: input.selector }),
    ...(input.strict === undefined ? {} : { strict: input.strict }),
  });

  async function attempt(input: Attempt): Promise<unknown> {
    try {
      if (input.project) {
        await loadAndSelect({ project: SELECTION_GRAPH, noCache: true, selection: requestOf(input) });
      } else {
        const plan = planSelection(requestOf(input), input.selectors ?? project.config.selectors);
        if (input.run) runSelection(plan, project.graph, project.scan.nodes);
      }
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it.each(ROWS)('%o → %s', async (input, code, fragment, caret) => {
    const error = await attempt(input);
    expect(isUserError(error), `expected a UserError, got ${String(error)}`).toBe(true);
    if (!isUserError(error)) return;
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
    const text = [error.message, error.hint ?? ''].join('\n');
    for (const part of [fragment].flat()) expect(text).toContain(part);
    if (caret === null) {
      expect(error.detail ?? []).toEqual([]);
      return;
    }
    const [valueLine, caretLine] = error.detail ?? [];
    // The value line is the whole flag value (or YAML string) that holds the token.
    const values = [...(input.select ?? []), ...(input.exclude ?? []), ...(input.selectors ?? []).map((s) => (typeof s.definition === 'string' ? s.definition : ''))];
    const shown = valueLine?.slice(2) ?? '';
    if (input.selectors?.some((s) => typeof s.definition === 'object')) {
      // method:/value: definitions are shown as `method:value`.
      expect(shown).toMatch(/^\S+:\S+$/);
    } else {
      expect(values).toContain(shown);
    }
    expect(caretLine).toMatch(/^ *\^+$/);
    const column = caretLine!.indexOf('^') - 2;
    const width = caretLine!.length - caretLine!.indexOf('^');
    expect(column).toBe(caret[0]);
    expect(shown.slice(column, column + width)).toBe(caret[1]);
  });

  it('a criterion that matches nothing is a warning, not an error', () => {
    const plan = planSelection({ select: ['tag:escalations kind:flow'], exclude: [] }, project.config.selectors);
    const result = runSelection(plan, project.graph, project.scan.nodes);
    expect([...result.selected].sort()).toEqual(['check_eligibility', 'dunning_flow', 'escalate', 'refund_flow', 'triage']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain("'tag:escalations'");
    expect(result.warnings[0]).toContain('does not match any node');
  });

  it('a term whose intersection selects nothing is a warning too (dbt warns per space-separated term)', () => {
    // dbt: each space-separated term is a SelectionIntersection with expect_exists=True; an empty
    // result warns "The selection criterion 'tag:nightly,kind:agent' does not match any enabled nodes".
    const plan = planSelection({ select: ['tag:nightly,kind:agent kind:session'], exclude: [] }, project.config.selectors);
    const result = runSelection(plan, project.graph, project.scan.nodes);
    expect([...result.selected].sort()).toEqual(['billing_chat', 'support_chat']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain("'tag:nightly,kind:agent'");
  });
});
