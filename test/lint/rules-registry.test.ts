import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISABLE_DIRECTIVE_RULE } from '../../src/lint/disable-directives.js';
import { RULES_DOCS_BASE, type RuleMeta } from '../../src/lint/rule.js';
import { RULES } from '../../src/lint/rules/index.js';
import { REPO_ROOT } from '../helpers/temp-project.js';
import { lintFixture } from './rules/lint-fixture.js';

/** Every rule ca.yaml and disable comments may name: the registry, plus the engine's own. */
const METAS: readonly RuleMeta[] = [...RULES.map((rule) => rule.meta), DISABLE_DIRECTIVE_RULE];
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SEVERITIES = ['error', 'warn', 'info'];
const at = (...parts: string[]) => path.join(REPO_ROOT, ...parts);

/**
 * The message ids a rule's source reports with: `messageId: '…'` in its module (and in
 * diagnostic-rule.ts for the rules built with it), `message('…')` in disable-directives.ts.
 */
function messageIdsInSource(id: string): string[] {
  const sources =
    id === DISABLE_DIRECTIVE_RULE.id
      ? [readFileSync(at('src/lint/disable-directives.ts'), 'utf8')]
      : [readFileSync(at('src/lint/rules', `${id}.ts`), 'utf8')];
  if (sources[0]!.includes('diagnosticRule(')) sources.push(readFileSync(at('src/lint/diagnostic-rule.ts'), 'utf8'));
  const pattern = /messageId:\s*'([^']+)'|\bmessage\(\s*'([^']+)'/g;
  return [...new Set(sources.flatMap((source) => [...source.matchAll(pattern)].map((m) => (m[1] ?? m[2])!)))];
}

describe('lint rule registry', () => {
  it('gives every rule a unique kebab-case id', () => {
    const ids = METAS.map((meta) => meta.id);
    expect(ids.filter((id) => !KEBAB.test(id))).toEqual([]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('keeps one module per rule in src/lint/rules/, each registered', () => {
    const modules = readdirSync(at('src/lint/rules'))
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(modules).toEqual(RULES.map((rule) => rule.meta.id).sort());
  });

  describe.each(METAS.map((meta) => [meta.id, meta] as const))('%s', (id, meta) => {
    it('has a test file and fixtures', () => {
      expect(existsSync(at('test/lint/rules', `${id}.test.ts`)), `test/lint/rules/${id}.test.ts`).toBe(true);
      expect(existsSync(at('fixtures/lint', id, 'valid')), `fixtures/lint/${id}/valid/`).toBe(true);
      expect(existsSync(at('fixtures/lint', id, 'invalid')), `fixtures/lint/${id}/invalid/`).toBe(true);
    });

    it('has a doc page, listed in docs/rules/README.md', () => {
      expect(existsSync(at('docs/rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
      const index = existsSync(at('docs/rules/README.md')) ? readFileSync(at('docs/rules/README.md'), 'utf8') : '';
      expect(index, 'docs/rules/README.md').toContain(`(${id}.md)`);
    });

    it('has a one-line description, a default severity and its docs URL', () => {
      expect(meta.description.trim()).not.toBe('');
      expect(meta.description).not.toContain('\n');
      expect(SEVERITIES).toContain(meta.defaultSeverity);
      expect(meta.docsUrl).toBe(`${RULES_DOCS_BASE}${id}.md`);
      expect(meta.docsUrl.endsWith(`/${id}.md`)).toBe(true);
    });

    it('has a message for every messageId it reports', () => {
      expect(Object.keys(meta.messages).length, 'messages').toBeGreaterThan(0);
      const used = messageIdsInSource(id);
      expect(used.length, 'messageIds in the source').toBeGreaterThan(0);
      expect(used.filter((messageId) => !(messageId in meta.messages))).toEqual([]);
    });
  });

  // The engine throws on a report with an unknown messageId or no place: every rule runs over
  // every rule's invalid fixture, so a path the source scan cannot see still gets exercised.
  it('runs every rule over every fixture without throwing', async () => {
    for (const id of readdirSync(at('fixtures/lint'))) {
      for (const variant of ['valid', 'invalid'] as const) {
        if (!existsSync(at('fixtures/lint', id, variant))) continue;
        await expect(lintFixture(id, variant, RULES), `fixtures/lint/${id}/${variant}`).resolves.toBeDefined();
      }
    }
  });
});
