import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIServer, startOpenAIServer } from '../helpers/openai-server.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { DESK_KEY, unrulyDesk } from './support/unruly-desk.js';

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every file under `dir`, SQLite's -wal and -shm files included. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('a credential named by ca.yaml is removed wherever data is written', () => {
  it('a key the model echoes back is in no byte under .ca/ and in no verb’s output', async () => {
    server = await startOpenAIServer();
    const echo = `I was called with the key ${DESK_KEY}, so ACME-7 is on the team plan.`;
    server.reply(
      // ca run: the model passes the key to a tool and repeats it in the answer.
      { toolCalls: [{ id: 'call_1', name: 'fetch_account', arguments: { account: DESK_KEY } }] },
      { text: echo },
      // ca chat (piped, --json): the same within a session, so the key would land in its state.
      { toolCalls: [{ id: 'call_2', name: 'fetch_account', arguments: { account: `ACME ${DESK_KEY}` } }] },
      { text: echo },
      // ca trigger on the same session.
      { text: `again: ${DESK_KEY}` },
    );
    const desk = unrulyDesk({ baseURL: server.url });
    const env = { LLM_AUTH: DESK_KEY };
    const outputs: string[] = [];
    const keep = (run: { stdout: string; stderr: string }) => outputs.push(run.stdout, run.stderr);

    const run = await runCli(['run', 'account_agent', '-p', desk, '--input', '"Which plan is ACME-7 on?"'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('I was called with the key [redacted], so ACME-7 is on the team plan.');
    keep(run);
    const chat = await runCli(['chat', 'account_chat', '-p', desk, '--json'], { env, input: 'Which plan is ACME-7 on?\n' });
    expect(chat.exitCode).toBe(0);
    keep(chat);
    const sessionId = JSON.parse(chat.stdout.trim().split('\n')[0]!).sessionId as string;
    const trigger = await runCli(['trigger', 'account_chat', '--session', sessionId, 'and again?', '--json', '-p', desk], { env });
    expect(trigger.exitCode).toBe(0);
    keep(trigger);

    // The reading verbs, and a listener following the session.
    const listener = execa('node', [CA_BIN, 'listen', sessionId, '--from-start', '--json', '-p', desk], { reject: false, env: { NO_COLOR: '1' } });
    let heard = '';
    listener.stdout!.on('data', (chunk: Buffer) => (heard += chunk.toString()));
    for (const args of [['trace', 'last', '-v'], ['trace', 'last', '--json'], ['runs', '--json'], ['runs']]) keep(await runCli([...args, '-p', desk]));
    // Both turns' replies (chat's and trigger's) have been heard once the second one is.
    for (const deadline = Date.now() + 20_000; heard.split('"type":"reply"').length < 3 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    listener.kill('SIGINT');
    const listened = await listener;
    expect(String(listened.stdout)).toContain('"type":"reply"');
    keep({ stdout: String(listened.stdout), stderr: String(listened.stderr) });
    expect(outputs.join('\n')).toContain('[redacted]');

    for (const output of outputs) expect(output).not.toContain(DESK_KEY);
    const files = filesUnder(path.join(desk, '.ca'));
    expect(files.some((file) => file.endsWith('runs.db'))).toBe(true);
    for (const file of files) expect(readFileSync(file).includes(Buffer.from(DESK_KEY)), file).toBe(false);
    // The key still went where it belongs: to the model server, as the bearer token.
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${DESK_KEY}`);
  });
});
