import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
    writeFileSync(path.join(root, '.ca', 'cache', 'nodes.json'), '{"key": "x", "nodes": [');
    const fromFacts = await scan(root, { noCache: false });
    expect(fromFacts.scan.stats.parsed).toBe(0);
    expect(fromFacts.scan.nodes).toEqual(cold.scan.nodes);
    // Both corrupt: a cold scan, same result.
    writeFileSync(path.join(root, '.ca', 'cache', 'nodes.json'), 'garbage');
    writeFileSync(path.join(root, '.ca', 'cache', 'discovery.json'), '{"version": 1, "files": ');
    const result = await scan(root, { noCache: false });
    expect(result.scan.stats.parsed).toBe(result.scan.stats.files);
    expect(result.scan.nodes).toEqual(cold.scan.nodes);
  });
});
