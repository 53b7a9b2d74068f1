import type { MockFile } from './models/read-mock-file.js';

/** `--mock FILE`'s `tools:`, as the interpreter asks it before running a tool. */
export interface ToolMocks {
  /** The next output for the tool named, or undefined when the file does not mention it (it runs for real). */
  answer(tool: string): { output: unknown; file: string } | undefined;
}

/** Each tool's outputs in order, one per call; the last one repeats. */
export function createToolMocks(mock: Pick<MockFile, 'file' | 'tools'>): ToolMocks {
  const calls = new Map<string, number>();
  return {
    answer(tool) {
      const entry = Object.hasOwn(mock.tools, tool) ? mock.tools[tool] : undefined;
      if (!entry) return undefined;
      const index = calls.get(tool) ?? 0;
      calls.set(tool, index + 1);
      return { output: entry.outputs[Math.min(index, entry.outputs.length - 1)], file: mock.file };
    },
  };
}
