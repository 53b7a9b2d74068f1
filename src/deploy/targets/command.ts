import path from 'node:path';
import { execa } from 'execa';
import { PublishError, type CommandTargetConfig, type DeployTarget, type PublishRequest, type PublishResult } from './target.js';
import { writeFileAtomically } from './write-file-atomically.js';

/** How many of the command's last output lines a failure carries. */
const TAIL_LINES = 10;
/** Output kept for that tail: enough for ten long lines, bounded whatever the command prints. */
const TAIL_BYTES = 16 * 1024;

/**
 * Publishes by running the user's command, the way npm runs a script: through the shell, from
 * the project root, with the project's node_modules/.bin on PATH. The artifact is written to
 * `<root>/.ca/artifacts/<hash>.json` first (content-addressed, so it stays valid after ca exits,
 * for a command that hands it to a background job). The command gets it as {artifact} and as
 * CA_ARTIFACT; the environment variables are the robust way for scripts, the placeholders are
 * already quoted (write `publish.sh {artifact}`, not `publish.sh "{artifact}"`).
 * stdin is closed: a deploy does not stop for a prompt nobody may be there to answer.
 */
export class CommandTarget implements DeployTarget {
  constructor(
    private readonly config: CommandTargetConfig,
    private readonly root: string,
  ) {}

  describe(): string {
    return `command ${this.config.run}`;
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const root = request.root || this.root;
    const artifactFile = path.join(root, '.ca', 'artifacts', `${request.artifact.hash}.json`);
    try {
      writeFileAtomically(artifactFile, `${JSON.stringify(request.artifact, null, 2)}\n`);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new PublishError(`cannot write the artifact for \`${this.config.run}\` to ${artifactFile}: ${reason}`, { cause: error });
    }

    const commandLine = substitute(this.config.run, { artifact: artifactFile, node: request.node, env: request.env });
    const tail = new OutputTail();
    const child = execa(commandLine, {
      shell: true,
      cwd: root,
      env: { CA_ENV: request.env, CA_NODE: request.node, CA_ARTIFACT: artifactFile, CA_ARTIFACT_HASH: request.artifact.hash },
      preferLocal: true,
      localDir: root,
      stdin: 'ignore',
      all: true,
      buffer: false,
      reject: false,
      windowsHide: true,
    });
    // One interleaved stream, so stdout and stderr reach the user in the order the command wrote them.
    child.all?.setEncoding('utf8');
    child.all?.on('data', (chunk: string) => {
      tail.push(chunk);
      request.onOutput?.(chunk);
    });
    const result = await child;

    if (result.exitCode === 0) return { location: commandLine };
    const output = tail.lines();
    const shown = output === '' ? '' : `; its last lines:\n${indent(output)}`;
    if (result.exitCode !== undefined) {
      throw new PublishError(`\`${this.config.run}\` exited with code ${result.exitCode}${exitHint(result.exitCode)}${shown}`, {
        exitCode: result.exitCode,
        output,
      });
    }
    if (result.signal) {
      throw new PublishError(`\`${this.config.run}\` was killed by ${result.signal}${shown}`, { signal: result.signal, output });
    }
    const cause = (result.cause as NodeJS.ErrnoException | undefined) ?? undefined;
    throw new PublishError(`cannot start \`${this.config.run}\` in ${root}: ${cause?.code ?? cause?.message ?? result.shortMessage}`, {
      cause,
      output,
    });
  }
}

/** Replaces {artifact}, {node} and {env} with shell-quoted values: a node named `refunds; rm -rf ~` stays one argument. */
export function substitute(commandLine: string, values: Record<'artifact' | 'node' | 'env', string>): string {
  return commandLine.replace(/\{(artifact|node|env)\}/g, (_match, key: 'artifact' | 'node' | 'env') => shellQuote(values[key]));
}

/** One shell word holding exactly `value`: POSIX sh single quotes, cmd.exe double quotes on Windows. */
export function shellQuote(value: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `"${value.replace(/"/g, '""')}"`;
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function exitHint(code: number): string {
  if (code === 127) return ' (the shell could not find the command)';
  if (code === 126) return ' (the command is not executable: chmod +x?)';
  return '';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** The end of the command's output, bounded in memory. */
class OutputTail {
  private text = '';

  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > TAIL_BYTES * 2) this.text = this.text.slice(-TAIL_BYTES);
  }

  lines(): string {
    const lines = this.text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
    return lines.slice(-TAIL_LINES).join('\n').trimEnd();
  }
}
