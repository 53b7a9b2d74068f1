import { describe, expect, it } from 'vitest';
import { parseChatCommand } from '../../src/app/chat-commands.js';

describe('a line typed in ca chat', () => {
  it.each([
    ['I need a refund on T-1042', { type: 'message', text: 'I need a refund on T-1042' }],
    ['  49.90  ', { type: 'message', text: '49.90' }],
    ['//etc/hosts is broken', { type: 'message', text: '/etc/hosts is broken' }],
    ['/help', { type: 'help' }],
    ['/?', { type: 'help' }],
    ['/STATE', { type: 'state' }],
    ['/trace', { type: 'trace' }],
    ['/trace 3', { type: 'trace', turn: 3 }],
    ['/trace last', { type: 'usage', message: 'usage: /trace [TURN] (a turn number of this chat)' }],
    ['/reset', { type: 'reset' }],
    ['/save notes/refund chat.md', { type: 'save', file: 'notes/refund chat.md' }],
    ['/save', { type: 'usage', message: expect.stringMatching(/^usage: \/save FILE/) }],
    ['/exit', { type: 'exit' }],
    ['/quit', { type: 'exit' }],
    ['/refund T-1042', { type: 'unknown', name: 'refund' }],
    ['/', { type: 'unknown', name: '' }],
  ])('%j', (line, command) => {
    expect(parseChatCommand(line)).toEqual(command);
  });
});
