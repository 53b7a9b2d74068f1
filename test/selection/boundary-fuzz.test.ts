import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse-config-text.js';
import { EXIT, UserError } from '../../src/core/errors.js';
import { parseMockText } from '../../src/runtime/models/read-mock-file.js';
import { planSelection } from '../../src/selection/select-nodes.js';
import { parseChatScript } from '../../src/sessions/chat-script.js';
import { readManifest } from '../../src/state/read-manifest.js';
import { tempDir } from '../helpers/temp-project.js';

/**
 * Issue 15, class 7: every parser at ca's boundary, given anything at all, either parses or throws
 * a UserError of one line with the spec's exit code, never an internal error (a TypeError from a
 * null, a RangeError from a recursion). Seeded, and bounded in runs so all of them stay well
 * under a few seconds together.
 */
function parsesOrRefuses(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).not.toMatch(/\n/);
  }
}

const SETTINGS = { seed: 20261207, numRuns: 300 };
// Selector text built from the grammar's own characters, so the parser is exercised past its first check.
const selectorText = fc.stringMatching(/^[ a-z_:+@,*.0-9'"\\/-]{0,24}$/);
const yamlish = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => stringify(value)),
  fc.dictionary(fc.constantFrom('src', 'envs', 'selectors', 'providers', 'models', 'ledger', 'state', 'reasoners', 'agents', 'turns', 'name'), fc.jsonValue({ maxDepth: 3 })).map((value) => stringify(value)),
);

describe('the parsers at the boundary never fail with an internal error', () => {
  it('selector grammar (-s, --exclude)', () => {
    fc.assert(
      fc.property(fc.array(selectorText, { maxLength: 3 }), fc.array(selectorText, { maxLength: 2 }), (select, exclude) =>
        parsesOrRefuses(() => planSelection({ select, exclude, strict: false }, [])),
      ),
      SETTINGS,
    );
  });

  it('YAML selectors in ca.yaml', () => {
    const definition = fc.oneof(selectorText, fc.jsonValue({ maxDepth: 3 }), fc.record({ method: fc.string({ maxLength: 8 }), value: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }));
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.stringMatching(/^[a-z_]{1,8}$/), definition, default: fc.boolean() }, { requiredKeys: ['name', 'definition'] }), { maxLength: 3 }), (selectors) =>
        parsesOrRefuses(() => planSelection({ select: ['selector:a'], exclude: [], strict: false }, selectors as never)),
      ),
      SETTINGS,
    );
  });

  it('ca.yaml', () => {
    fc.assert(fc.property(yamlish, (text) => parsesOrRefuses(() => parseConfigText(text, 'ca.yaml'))), SETTINGS);
  });

  it('an alias bomb, an alias to no anchor and a huge file are one line each, before any expansion', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`), 'src: *i'].join('\n');
    for (const [text, message] of [
      [bomb, /not valid YAML: .*alias/i],
      ['src: *nowhere', /not valid YAML: .*(alias|anchor)/i],
      [`src: [${'"src",'.repeat(200_000)}"src"]`, /not valid YAML: the file is larger than 1 MB/],
    ] as const) {
      let caught: unknown;
      try {
        parseConfigText(text, 'ca.yaml');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UserError);
      expect((caught as UserError).message).toMatch(message);
    }
  });

  it('mock files', () => {
    fc.assert(fc.property(yamlish, (text) => parsesOrRefuses(() => parseMockText(text, 'mocks.yaml'))), SETTINGS);
  });

  it('chat scripts', () => {
    fc.assert(fc.property(yamlish, (text) => parsesOrRefuses(() => parseChatScript(text, 'desk.chat.yaml', 'desk.chat.yaml'))), SETTINGS);
  });

  it('--state manifests, including entries with null or wrongly typed fields', () => {
    const dir = tempDir('ca-manifest-fuzz-');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'manifest.json');
    const node = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ fingerprints: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 }), fc.record({ self: fc.oneof(fc.stringMatching(/^[0-9a-f]{1,8}$/), fc.constant(null), fc.integer()) })) }),
    );
    const manifest = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ schemaVersion: fc.oneof(fc.constant(1), fc.integer()), nodes: fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), node, { maxKeys: 3 }), fc.jsonValue({ maxDepth: 2 })) }));
    fc.assert(
      fc.property(manifest, (value) => {
        writeFileSync(file, JSON.stringify(value) ?? 'null');
        parsesOrRefuses(() => readManifest(file, dir));
      }),
      { ...SETTINGS, numRuns: 200 },
    );
    // The case that used to be "internal error: Cannot read properties of null".
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, nodes: { triage: { fingerprints: null } } }));
    expect(() => readManifest(file, dir)).toThrow(/manifest\.json: nodes\.triage\.fingerprints: /);
  });
});
