import { describe, expect, it } from 'vitest';
import { scan } from '../../helpers/scan.js';
import { projectWithFiles } from '../../helpers/temp-project.js';

function project(files: Record<string, string>): string {
  return projectWithFiles(files, 'ca-names-');
}

const summarizeTool = (line: string) => `import { tool } from '@openai/agents';
import { Agent } from '@openai/agents';
export const summarize = tool({ name: 'summarize', description: '${line}', parameters: {}, execute: async () => '${line}' });
export const writer = new Agent({ name: 'writer', instructions: '${line}', tools: [summarize] });
`;

describe("other frameworks' names written in several files", () => {
  it('are qualified by file instead of being duplicate-name errors, and keep their edges', async () => {
    const root = project({
      'src/research.ts': summarizeTool('research'),
      'src/pipeline.ts': summarizeTool('pipeline'),
      'src/other/pipeline.ts': summarizeTool('other'),
    });
    const { scan: result, byName } = await scan(root);
    expect([...byName.keys()].sort()).toEqual([
      'research.summarize',
      'research.writer',
      'src.other.pipeline.summarize',
      'src.other.pipeline.writer',
      'src.pipeline.summarize',
      'src.pipeline.writer',
    ]);
    expect(result.diagnostics.filter((d) => d.code === 'duplicate-name')).toEqual([]);
    expect(byName.get('research.writer')!.uses).toEqual(['research.summarize']);
    expect(byName.get('research.writer')!.displayName).toBe('writer');
  });

  it("leave ca's own definition its name; two ca definitions of one name are still an error", async () => {
    const caTool = (name: string) => `import { tool } from 'composable-agents';
export const t = tool({ name: '${name}', description: 'x', effect: 'read', run: async () => 1 });
`;
    const root = project({
      'src/ca-one.ts': caTool('summarize'),
      'src/openai.ts': summarizeTool('openai'),
      'src/ca-two.ts': caTool('lookup'),
      'src/ca-three.ts': caTool('lookup'),
    });
    const { scan: result, byName } = await scan(root);
    expect(byName.get('summarize')!.framework).toBeUndefined();
    expect(byName.get('openai.summarize')!.framework).toBe('openai');
    expect(result.diagnostics.filter((d) => d.code === 'duplicate-name').map((d) => d.file).sort()).toEqual(['src/ca-three.ts', 'src/ca-two.ts']);
  });
});
