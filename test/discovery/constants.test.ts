import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/temp-project.js';
import { scan } from '../helpers/scan.js';

describe('properties given by constants', () => {
  it('reads tags, description and config from constants of this module or another one', async () => {
    const { scan: result, byName } = await scan(path.join(FIXTURES, 'discovery', 'constants'));
    expect(result.diagnostics).toEqual([]);
    expect(byName.get('billing_agent')).toMatchObject({
      tags: ['support', 'tier1'],
      description: 'Answers billing questions',
      config: { model: 'openai:gpt-4o-mini', rounds: 6 },
    });
    // A same-file constant array, and a member of a namespace import.
    expect(byName.get('local_agent')).toMatchObject({ tags: ['billing'], config: { model: 'openai:gpt-4o-mini' } });
  });
});
