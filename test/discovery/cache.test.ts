import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSources, type SourceText } from '../../src/discovery/discover-project.js';
import { listSourceFiles } from '../../src/discovery/list-source-files.js';
import { loadProjectConfig } from '../../src/config/load-config.js';
import { copyFixture } from '../helpers/temp-project.js';
import { scan } from '../helpers/scan.js';

describe('the per-file cache', () => {
  it('makes a warm run re-parse nothing and give the same nodes', async () => {
    const root = copyFixture('support-desk');
    const cold = await scan(root, { noCache: false });
    expect(cold.scan.stats.parsed).toBe(cold.scan.stats.files);
    expect(existsSync(path.join(root, '.ca', 'cache', 'discovery.json'))).toBe(true);

    const warm = await scan(root, { noCache: false });
    expect(warm.scan.stats.parsed).toBe(0);
    expect(warm.scan.nodes).toEqual(cold.scan.nodes);
  });

  it('re-parses only the edited file, and linking still sees the change across files', async () => {
    const root = copyFixture('support-desk');
    await scan(root, { noCache: false });
    const file = path.join(root, 'src/lib/money.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Math.round(amount * 100)', 'Math.round(amount * 100 + 0)'));
    const warm = await scan(root, { noCache: false });
    expect(warm.scan.stats.parsed).toBe(1);
    const cold = await scan(root, { noCache: true });
    expect(warm.scan.nodes).toEqual(cold.scan.nodes);
  });

  it('an edit of the same size is seen (content decides, not only size and time)', async () => {
    const root = copyFixture('support-desk');
    await scan(root, { noCache: false });
    const file = path.join(root, 'src/lib/money.ts');
    const before = readFileSync(file, 'utf8');
    const after = before.replace('Math.round(amount * 100)', 'Math.round(amount * 101)');
    expect(after.length).toBe(before.length);
    writeFileSync(file, after);
    const warm = await scan(root, { noCache: false });
    expect(warm.scan.stats.parsed).toBe(1);
    expect(warm.scan.nodes).toEqual((await scan(root, { noCache: true })).scan.nodes);
  });

  it('a touched file (new time, same content) is re-read but nothing is re-parsed', async () => {
    const root = copyFixture('support-desk');
    const cold = await scan(root, { noCache: false });
    const file = path.join(root, 'src/lib/money.ts');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const warm = await scan(root, { noCache: false });
    expect(warm.scan.stats.parsed).toBe(0);
    expect(warm.scan.nodes).toEqual(cold.scan.nodes);
  });

  it('treats corrupt caches as empty, losing nothing', async () => {
    const root = copyFixture('support-desk');
    const cold = await scan(root, { noCache: false });
    // The linked result alone corrupt: the per-file facts still serve, nothing is re-parsed.
    const [linked] = linkedResults(root);
    writeFileSync(linked!, '{"key": "x", "nodes": [');
    const fromFacts = await scan(root, { noCache: false });
    expect(fromFacts.scan.stats.parsed).toBe(0);
    expect(fromFacts.scan.nodes).toEqual(cold.scan.nodes);
    // All of it corrupt: a cold scan, same result.
    for (const file of linkedResults(root)) writeFileSync(file, 'garbage');
    writeFileSync(path.join(root, '.ca', 'cache', 'worktree.json'), '{"statKey": ');
    writeFileSync(path.join(root, '.ca', 'cache', 'discovery.json'), '{"version": 1, "files": ');
    const result = await scan(root, { noCache: false });
    expect(result.scan.stats.parsed).toBe(result.scan.stats.files);
    expect(result.scan.nodes).toEqual(cold.scan.nodes);
  });
});

describe('the linked results', () => {
  // The files a scan of the project reads, as a baseline would give them (src and exclude of its ca.yaml).
  const sourcesOf = async (root: string): Promise<SourceText[]> => {
    const config = await loadProjectConfig({ project: root });
    return listSourceFiles(root, config.sources).map((file) => ({ file, text: readFileSync(path.join(root, file), 'utf8') }));
  };
  const withoutFacts = (root: string) => rmSync(path.join(root, '.ca', 'cache', 'discovery.json'));

  it('serve a baseline whose files are those of an earlier scan, without its per-file facts', async () => {
    const root = copyFixture('support-desk');
    const base = await scan(root, { noCache: false });
    const baseSources = await sourcesOf(root);
    // The branch edits a file; the working tree's scan links again and becomes the latest result.
    const file = path.join(root, 'src/lib/money.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Math.round(amount * 100)', 'Math.round(amount * 100 + 0)'));
    const head = await scan(root, { noCache: false });
    expect(head.scan.stats.parsed).toBe(1);
    // Without the per-file facts, only a kept linked result can make the baseline free.
    withoutFacts(root);
    const { layout } = await loadProjectConfig({ project: root });
    const baseline = await discoverSources(root, baseSources, { pruneCache: false, layout });
    expect(baseline.stats.parsed).toBe(0);
    expect(baseline.nodes).toEqual(base.scan.nodes);
  });

  it('keep a baseline scanned once for the next comparison against it', async () => {
    const root = copyFixture('support-desk');
    const baseSources = (await sourcesOf(root)).map((source) =>
      source.file === 'src/lib/money.ts' ? { ...source, text: source.text.replace('Math.round(amount * 100)', 'Math.round(amount * 99)') } : source,
    );
    const first = await discoverSources(root, baseSources, { pruneCache: false });
    expect(first.stats.parsed).toBe(first.stats.files);
    await scan(root, { noCache: false });
    withoutFacts(root);
    const again = await discoverSources(root, baseSources, { pruneCache: false });
    expect(again.stats.parsed).toBe(0);
    expect(again.nodes).toEqual(first.nodes);
    // The working tree's own result is still the one a warm run finds by file times.
    const warm = await scan(root, { noCache: false });
    expect(warm.scan.stats.parsed).toBe(0);
  });

  it('are kept three at a time, the least recently used going first', async () => {
    const root = copyFixture('support-desk');
    const file = path.join(root, 'src/lib/money.ts');
    const original = readFileSync(file, 'utf8');
    for (const factor of [101, 102, 103, 104]) {
      writeFileSync(file, original.replace('Math.round(amount * 100)', `Math.round(amount * ${factor})`));
      await scan(root, { noCache: false });
    }
    expect(linkedResults(root)).toHaveLength(3);
    // The oldest (×101) went: scanning it again links again (its facts are still cached: nothing is parsed).
    writeFileSync(file, original.replace('Math.round(amount * 100)', 'Math.round(amount * 101)'));
    withoutFacts(root);
    const relinked = await scan(root, { noCache: false });
    expect(relinked.scan.stats.parsed).toBe(relinked.scan.stats.files);
  });

  it('replace the single nodes.json of earlier builds', async () => {
    const root = copyFixture('support-desk');
    mkdirSync(path.join(root, '.ca', 'cache'), { recursive: true });
    writeFileSync(path.join(root, '.ca', 'cache', 'nodes.json'), '{"key": "old"}');
    await scan(root, { noCache: false });
    expect(existsSync(path.join(root, '.ca', 'cache', 'nodes.json'))).toBe(false);
    expect(linkedResults(root)).toHaveLength(1);
  });
});

function linkedResults(root: string): string[] {
  const folder = path.join(root, '.ca', 'cache', 'linked');
  return readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => path.join(folder, name));
}
