import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture } from '../helpers/temp-project.js';
import { scan } from '../helpers/scan.js';

const definition = (name: string) => `import { tool } from 'composable-agents';\nexport const t = tool({ name: '${name}', run: async () => 1 });\n`;

describe('what discovery never scans', () => {
  it('skips node_modules, dist, .git and .ca wherever they are, and honours exclude', async () => {
    const root = copyFixture('support-desk');
    const plant = (file: string, name: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), definition(name));
    };
    plant('src/node_modules/vendored/index.ts', 'vendored_tool');
    plant('node_modules/some-pkg/index.ts', 'package_tool');
    plant('src/dist/built.ts', 'built_tool');
    plant('src/.git/hooks/hook.ts', 'git_tool');
    plant('src/.ca/cached.ts', 'cache_tool');
    plant('src/tickets/refund.test.ts', 'test_tool');
    plant('src/types.d.ts', 'declared_tool');
    plant('src/extra/invoice-audit.ts', 'invoice_audit');

    const { byName } = await scan(root);
    for (const hidden of ['vendored_tool', 'package_tool', 'built_tool', 'git_tool', 'cache_tool', 'test_tool', 'declared_tool']) {
      expect(byName.has(hidden), hidden).toBe(false);
    }
    expect(byName.has('invoice_audit')).toBe(true);
  });
});
