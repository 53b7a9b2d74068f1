import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseChatScript, readChatScript } from '../../src/sessions/chat-script.js';
import { tempDir } from '../helpers/temp-project.js';

const FILE = '/desk/src/refund_desk.chat.yaml';
const parse = (text: string) => parseChatScript(text, FILE, 'src/refund_desk.chat.yaml');

/** The one-line error a bad script gives, as `file:line:column: message`. */
function problem(text: string): string {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const e = error as UserError;
    expect(e.code).toBe('chat-script-invalid');
    expect(e.exitCode).toBe(2);
    const { file, line, column } = e.location ?? {};
    return `${[file, line, column].filter((part) => part !== undefined).join(':')}: ${e.message}`;
  }
  throw new Error('expected the script to be refused');
}

describe('chat scripts', () => {
  it('reads every expectation, long form and shorthand, with its line', () => {
    const script = parse(`session: refund_desk
mock: ../mocks.yaml
approve: all
turns:
  - user: I need a refund on T-1042
    expect:
      contains: How much
      matches: "T-\\\\d+"
      state: { path: stage, equals: ask_amount }
      tool: lookup_ticket
  - user: 49.90
    expect:
      contains: [Refund $49.90, Reply yes]
      matches: /reply YES/i
      equals:
        - { path: $.stage, value: confirm, in: state }
        - { path: "$.lines[0].cents", value: 4990 }
      tool: { name: lookup_ticket, args: { ticket: T-1042 } }
  - user: yes
    expect:
      error: { contains: declined, code: refund-declined }
  - user: "no"
    expect:
      no-error: false
`);
    expect(script).toMatchObject({ session: 'refund_desk', mock: path.resolve('/desk/mocks.yaml'), approve: 'all', shown: 'src/refund_desk.chat.yaml' });
    const [first, second, third, fourth] = script.turns;
    expect(first).toMatchObject({ user: 'I need a refund on T-1042', line: 5 });
    expect(first!.expect).toMatchObject({
      contains: [{ text: 'How much', line: 7 }],
      matches: [{ source: 'T-\\d+', line: 8 }],
      equals: [{ kind: 'state', in: 'state', path: ['stage'], value: 'ask_amount', line: 9 }],
      tools: [{ name: 'lookup_ticket', hasArgs: false, line: 10 }],
      mustSucceed: true,
    });
    // A number-looking message is the text as written, not 49.9.
    expect(second!.user).toBe('49.90');
    expect(second!.expect.contains.map((c) => c.text)).toEqual(['Refund $49.90', 'Reply yes']);
    expect(second!.expect.matches[0]!.regex.test('Reply yes to confirm')).toBe(true);
    expect(second!.expect.equals).toMatchObject([
      { kind: 'equals', in: 'state', path: ['stage'], value: 'confirm' },
      { kind: 'equals', in: 'reply', path: ['lines', 0, 'cents'], value: 4990 },
    ]);
    expect(second!.expect.tools).toEqual([{ name: 'lookup_ticket', args: { ticket: 'T-1042' }, hasArgs: true, line: 18 }]);
    expect(third!.expect).toMatchObject({ error: { contains: 'declined', code: 'refund-declined' }, mustSucceed: false });
    expect(fourth!.expect).toMatchObject({ mustSucceed: false });
    expect(fourth!.expect.error).toBeUndefined();
  });

  it('takes error: true and error: "text" as the turn failing', () => {
    const script = parse('turns:\n  - user: T-404\n    expect: { error: true }\n  - user: T-405\n    expect: { error: not found }\n  - user: T-1\n    expect: { error: false }\n');
    expect(script.turns.map((turn) => [turn.expect.error, turn.expect.mustSucceed])).toEqual([
      [{ line: 3 }, false],
      [{ contains: 'not found', line: 5 }, false],
      [undefined, true],
    ]);
    expect(script.session).toBeUndefined();
  });

  it.each([
    ['turns:\n  - user: hi\n    expect:\n      contain: hello\n', 'src/refund_desk.chat.yaml:4:7: turns[0].expect: unknown key "contain" (expected contains, matches, equals, state, tool, error, no-error)'],
    ['turns:\n  - usr: hi\n', 'src/refund_desk.chat.yaml:2:5: turns[0]: unknown key "usr" (expected user, expect)'],
    ['session: refund_desk\nturn:\n  - user: hi\n', 'src/refund_desk.chat.yaml:2:1: unknown key "turn" (expected session, mock, approve, turns)'],
    ['turns: []\n', 'src/refund_desk.chat.yaml:1:8: turns: needs at least one turn'],
    ['session: refund_desk\n', 'src/refund_desk.chat.yaml:1:1: turns: is required'],
    ['turns:\n  - expect: { contains: hi }\n', 'src/refund_desk.chat.yaml:2:5: turns[0].user: is required'],
    ['turns:\n  - user: hi\n    expect:\n      matches: "T-(\\\\d+"\n', 'src/refund_desk.chat.yaml:4:16: turns[0].expect.matches: not a valid regular expression: Invalid regular expression: /T-(\\d+/: Unterminated group'],
    ['turns:\n  - user: hi\n    expect:\n      state: { path: "$.lines[*]", equals: 1 }\n', 'src/refund_desk.chat.yaml:4:22: turns[0].expect.state.path: "$.lines[*]": wildcards ([*]) are not supported: an expectation names one value'],
    ['turns:\n  - user: hi\n    expect:\n      tool: { name: lookup_ticket, arg: {} }\n', 'src/refund_desk.chat.yaml:4:36: turns[0].expect.tool: unknown key "arg" (expected name, args)'],
    ['turns:\n  - user: hi\n    expect:\n      equals: { path: $.stage }\n', 'src/refund_desk.chat.yaml:4:15: turns[0].expect.equals.value: is required'],
    ['turns:\n  - user: hi\n    expect:\n      error: true\n      contains: sorry\n', 'src/refund_desk.chat.yaml:5:7: turns[0].expect.contains: checks the reply, and a turn expected to fail has none (drop contains: or error:)'],
    ['turns:\n  - user: hi\n    expect:\n      error: true\n      no-error: true\n', 'src/refund_desk.chat.yaml:5:7: turns[0].expect.no-error: conflicts with error: (a turn either fails or it does not)'],
    ['turns:\n  - user: hi\n    expect:\n      error: 42\n', 'src/refund_desk.chat.yaml:4:14: turns[0].expect.error: is true, a text the error contains, or { contains, matches, code }'],
    ['approve: ask\nturns:\n  - user: hi\n', 'src/refund_desk.chat.yaml:1:10: approve: Invalid option: expected one of "all"|"none"'],
    ['turns:\n  - user: [hi]\n', 'src/refund_desk.chat.yaml:2:11: turns[0].user: must be text'],
    ['turns:\n  - user: "hi\n', 'src/refund_desk.chat.yaml:3:1: not valid YAML: Missing closing "quote'],
    ['- user: hi\n', 'src/refund_desk.chat.yaml:1:1: a chat script is a mapping with turns: (and optionally session:, mock:, approve:)'],
  ])('refuses %j', (text, message) => {
    expect(problem(text)).toBe(message);
  });

  it('names a missing file', () => {
    const dir = tempDir('ca-chat-script-');
    expect(() => readChatScript('missing.chat.yaml', dir)).toThrow('cannot read chat script missing.chat.yaml: no such file');
    writeFileSync(path.join(dir, 'desk.chat.yaml'), 'mock: mocks.yaml\nturns:\n  - user: hi\n');
    expect(readChatScript('desk.chat.yaml', dir)).toMatchObject({ file: path.join(dir, 'desk.chat.yaml'), shown: 'desk.chat.yaml', mock: path.join(dir, 'mocks.yaml') });
  });
});
