import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { parseMockText, readMockFile } from '../../../src/runtime/models/read-mock-file.js';
import { tempDir } from '../../helpers/temp-project.js';

function problem(text: string): { where: string; message: string } {
  try {
    parseMockText(text, 'mock.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const e = error as UserError;
    expect(e.code).toBe('mock-invalid');
    expect(e.exitCode).toBe(2);
    expect(e.hint).toContain('docs/run.md');
    return { where: [e.location?.file, e.location?.line, e.location?.column].filter((x) => x !== undefined).join(':'), message: e.message };
  }
  throw new Error('no error');
}

describe('reading a --mock file', () => {
  it('reads both forms of a reasoner and every form of an agent round', () => {
    const mock = parseMockText(
      [
        'reasoners:',
        '  classify_ticket: { queue: billing }',
        '  support_reply: { outputs: [one, two], usage: { input: 10, output: 2 } }',
        '  empty_note: null',
        'agents:',
        '  concierge:',
        '    - { tool: lookup_ticket }',
        '    - tools: [{ tool: a, args: { x: 1 } }, { tool: b }]',
        '      usage: { input: 5, output: 1 }',
        '    - answer: null',
      ].join('\n'),
      'mock.yaml',
    );
    expect(mock).toEqual({
      file: 'mock.yaml',
      reasoners: {
        classify_ticket: { outputs: [{ queue: 'billing' }] },
        support_reply: { outputs: ['one', 'two'], usage: { input: 10, output: 2 } },
        empty_note: { outputs: [null] },
      },
      agents: {
        concierge: [
          { toolCalls: [{ tool: 'lookup_ticket', args: {} }] },
          { toolCalls: [{ tool: 'a', args: { x: 1 } }, { tool: 'b', args: {} }], usage: { input: 5, output: 1 } },
          { answer: null },
        ],
      },
      tools: {},
    });
  });

  it('tools: answer a tool by name, in order (the last repeats), a single value or outputs:', () => {
    const mock = parseMockText('tools:\n  get_forecast: { city: Lisbon }\n  get_alerts: { outputs: [none, gale] }\n', 'mock.yaml');
    expect(mock.tools).toEqual({ get_forecast: { outputs: [{ city: 'Lisbon' }] }, get_alerts: { outputs: ['none', 'gale'] } });
    expect(problem('tools:\n  get_alerts: { outputs: [] }\n')).toEqual({ where: 'mock.yaml:2:26', message: 'tools.get_alerts.outputs: needs at least one output' });
  });

  it('a map with other keys next to outputs: is a plain output, not a sequence', () => {
    const mock = parseMockText('reasoners:\n  plan: { outputs: [a], owner: ops }\n', 'mock.yaml');
    expect(mock.reasoners['plan']).toEqual({ outputs: [{ outputs: ['a'], owner: 'ops' }] });
  });

  it('reads JSON too, and an empty file is an empty mock', () => {
    const dir = tempDir('ca-mock-');
    writeFileSync(path.join(dir, 'mock.json'), JSON.stringify({ reasoners: { classify_ticket: { queue: 'billing' } } }, null, 2));
    expect(readMockFile('mock.json', dir).reasoners['classify_ticket']).toEqual({ outputs: [{ queue: 'billing' }] });
    writeFileSync(path.join(dir, 'empty.yaml'), '');
    expect(readMockFile('empty.yaml', dir)).toEqual({ file: 'empty.yaml', reasoners: {}, agents: {}, tools: {} });
  });

  it('names the line and what is wrong', () => {
    expect(problem('reasoner:\n  classify_ticket: x\n')).toEqual({ where: 'mock.yaml:1:1', message: 'unknown key "reasoner" (expected reasoners, agents, tools)' });
    expect(problem('agents:\n  concierge:\n    - tool: lookup_ticket\n    - tol: search\n')).toEqual({
      where: 'mock.yaml:4:7',
      message: 'agents.concierge[1]: unknown key "tol" (expected tool, args, tools, answer, usage)',
    });
    expect(problem('agents:\n  concierge:\n    - tool: lookup_ticket\n      answer: done\n')).toEqual({
      where: 'mock.yaml:3:7',
      message: 'agents.concierge[0]: a round has one of tool:, tools: or answer:, not tool and answer',
    });
    expect(problem('agents:\n  concierge:\n    - usage: { input: 1, output: 1 }\n')).toEqual({
      where: 'mock.yaml:3:7',
      message: 'agents.concierge[0]: a round needs one of tool:, tools: or answer:',
    });
    expect(problem('agents:\n  concierge:\n    - answer: hi\n      args: { x: 1 }\n')).toEqual({ where: 'mock.yaml:4:13', message: 'agents.concierge[0].args: args: goes with tool:' });
    expect(problem('agents:\n  concierge:\n    - tools: [{ args: {} }]\n')).toEqual({ where: 'mock.yaml:3:15', message: 'agents.concierge[0].tools[0].tool: is required' });
    expect(problem('agents:\n  concierge: []\n')).toEqual({ where: 'mock.yaml:2:14', message: 'agents.concierge: needs at least one round' });
    expect(problem('agents:\n  concierge: hello\n')).toMatchObject({ where: 'mock.yaml:2:14', message: expect.stringMatching(/^agents\.concierge: Invalid input: expected object/) });
    expect(problem('reasoners:\n  support_reply:\n    outputs: []\n')).toEqual({ where: 'mock.yaml:3:14', message: 'reasoners.support_reply.outputs: needs at least one output' });
    expect(problem('reasoners:\n  support_reply: { outputs: [a], usage: { input: -1, output: 0 } }\n')).toMatchObject({
      where: 'mock.yaml:2:50',
      message: expect.stringMatching(/^reasoners\.support_reply\.usage\.input: Too small/),
    });
    expect(problem('agents:\n  concierge:\n    - tool: x\n      usage: { in: 1, output: 1 }\n')).toEqual({
      where: 'mock.yaml:4:16',
      message: 'agents.concierge[0].usage: unknown key "in" (expected input, output)',
    });
    expect(problem('- just\n- a list\n')).toEqual({ where: 'mock.yaml:1:1', message: 'a mock file is a mapping with reasoners:, agents: and tools:' });
    expect(problem('reasoners:\n  a: [1, 2\n')).toMatchObject({ where: expect.stringMatching(/^mock\.yaml:\d+:\d+$/), message: expect.stringMatching(/^not valid YAML: /) });
    expect(problem('{ "agents": { "concierge": [ { "tol": "x" } ] } }')).toEqual({
      where: 'mock.yaml:1:32',
      message: 'agents.concierge[0]: unknown key "tol" (expected tool, args, tools, answer, usage)',
    });
  });

  it('a file that is not there is a UserError naming it', () => {
    const dir = tempDir('ca-mock-');
    try {
      readMockFile('missing.yaml', dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'mock-unreadable', exitCode: 2, message: 'cannot read mock file missing.yaml: no such file' });
    }
  });
});
