import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/deploy/targets/command.js';
import { createTarget } from '../../src/deploy/targets/create-target.js';
import { PublishError } from '../../src/deploy/targets/target.js';
import { tempDir } from '../helpers/temp-project.js';
import { triageArtifact } from './artifacts.js';

const posix = process.platform !== 'win32';

/** A project folder holding an executable script. */
function projectWithScript(file: string, body: string): string {
  const root = tempDir('ca-command-');
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, `#!/bin/sh\n${body}\n`);
  chmodSync(full, 0o755);
  return root;
}

const ECHO_ARGS_AND_ENV = `
echo "count=$#"
for arg in "$@"; do printf 'arg=[%s]\\n' "$arg"; done
printf 'CA_ENV=[%s]\\n' "$CA_ENV"
printf 'CA_NODE=[%s]\\n' "$CA_NODE"
printf 'CA_ARTIFACT=[%s]\\n' "$CA_ARTIFACT"
printf 'CA_ARTIFACT_HASH=[%s]\\n' "$CA_ARTIFACT_HASH"
printf 'cwd=[%s]\\n' "$(pwd)"
`;

describe.runIf(posix)('command target', () => {
  it('runs the command from the root with the artifact, node and env as arguments and in its environment', async () => {
    const root = projectWithScript('scripts/publish.sh', ECHO_ARGS_AND_ENV);
    const target = createTarget({ type: 'command', run: './scripts/publish.sh {artifact} {node} {env}' }, root);
    const artifact = triageArtifact();
    let output = '';
    const result = await target.publish({ env: 'prod', node: 'triage', artifact, root, onOutput: (chunk) => (output += chunk) });

    const artifactFile = path.join(root, '.ca', 'artifacts', `${artifact.hash}.json`);
    expect(JSON.parse(readFileSync(artifactFile, 'utf8'))).toEqual(artifact);
    expect(output.split('\n')).toEqual([
      'count=3',
      `arg=[${artifactFile}]`,
      'arg=[triage]',
      'arg=[prod]',
      'CA_ENV=[prod]',
      'CA_NODE=[triage]',
      `CA_ARTIFACT=[${artifactFile}]`,
      `CA_ARTIFACT_HASH=[${artifact.hash}]`,
      `cwd=[${root}]`,
      '',
    ]);
    expect(result.location).toBe(`./scripts/publish.sh ${artifactFile} triage prod`);
    expect(target.describe()).toBe('command ./scripts/publish.sh {artifact} {node} {env}');
  });

  it('quotes substituted values: a hostile node name stays one argument and runs nothing', async () => {
    const root = projectWithScript('scripts/publish.sh', ECHO_ARGS_AND_ENV);
    const node = "refund\tdesk; touch injected $(touch substituted) `touch backticked` it's";
    const target = createTarget({ type: 'command', run: './scripts/publish.sh {node}' }, root);
    let output = '';
    await target.publish({ env: 'prod', node, artifact: triageArtifact(node), root, onOutput: (chunk) => (output += chunk) });

    expect(output).toContain('count=1\n');
    expect(output).toContain(`arg=[${node}]\n`);
    expect(output).toContain(`CA_NODE=[${node}]\n`);
    expect(readdirSync(root).sort()).toEqual(['.ca', 'scripts']);
  });

  it('finds commands in node_modules/.bin, as npm scripts do', async () => {
    const root = projectWithScript('node_modules/.bin/ship-release', 'echo "shipping $1"');
    const target = createTarget({ type: 'command', run: 'ship-release {node}' }, root);
    let output = '';
    await target.publish({ env: 'prod', node: 'escalate', artifact: triageArtifact('escalate'), root, onOutput: (chunk) => (output += chunk) });
    expect(output).toBe('shipping escalate\n');
  });

  it('streams stdout and stderr to onOutput as they come, in order', async () => {
    // The script waits until ca has shown its first line: output that only arrived at exit would time it out.
    const root = projectWithScript(
      'scripts/publish.sh',
      `
echo "uploading $CA_NODE"
tries=0
while [ ! -f "$CA_ARTIFACT.seen" ] && [ $tries -lt 100 ]; do sleep 0.05; tries=$((tries + 1)); done
if [ -f "$CA_ARTIFACT.seen" ]; then echo "ca saw the first line"; else echo "ca did not stream"; fi
sleep 0.1
echo "warning: slow registry" >&2
sleep 0.1
echo "published"
`,
    );
    const target = createTarget({ type: 'command', run: './scripts/publish.sh' }, root);
    const artifact = triageArtifact();
    const chunks: string[] = [];
    await target.publish({
      env: 'staging',
      node: 'triage',
      artifact,
      root,
      onOutput: (chunk) => {
        chunks.push(chunk);
        if (chunk.includes('uploading')) writeFileSync(path.join(root, '.ca', 'artifacts', `${artifact.hash}.json.seen`), '');
      },
    });
    expect(chunks.join('')).toBe('uploading triage\nca saw the first line\nwarning: slow registry\npublished\n');
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('a non-zero exit is a PublishError with the exit code and the last lines of output', async () => {
    const root = projectWithScript(
      'scripts/publish.sh',
      `
i=1
while [ $i -le 15 ]; do echo "step $i"; i=$((i + 1)); done
echo "error: registry refused the upload" >&2
exit 3
`,
    );
    const target = createTarget({ type: 'command', run: './scripts/publish.sh {artifact}' }, root);
    const error = await target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PublishError);
    const failure = error as PublishError;
    expect(failure.details.exitCode).toBe(3);
    expect(failure.message).toMatch(/^`\.\/scripts\/publish\.sh \{artifact\}` exited with code 3; its last lines:\n/);
    expect(failure.message).toContain('  error: registry refused the upload');
    expect(failure.message).toContain('  step 7');
    expect(failure.message).not.toContain('step 6\n');
    expect(failure.details.output?.split('\n')).toHaveLength(10);
  });

  it('a command the shell cannot find says so', async () => {
    const root = tempDir('ca-command-');
    const target = createTarget({ type: 'command', run: './scripts/missing-publish.sh {artifact}' }, root);
    const publishing = target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root });
    await expect(publishing).rejects.toBeInstanceOf(PublishError);
    await expect(publishing).rejects.toThrow(/exited with code 127 \(the shell could not find the command\)/);
  });

  it('an artifact that cannot be written is a PublishError, and nothing runs', async () => {
    const root = tempDir('ca-command-');
    const target = createTarget({ type: 'command', run: 'touch ran' }, root);
    // A file sits where the .ca folder should be.
    writeFileSync(path.join(root, '.ca'), '');
    const publishing = target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root });
    await expect(publishing).rejects.toBeInstanceOf(PublishError);
    await expect(publishing).rejects.toThrow(/cannot write the artifact for `touch ran`/);
    expect(existsSync(path.join(root, 'ran'))).toBe(false);
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('/tmp/ca/.ca/artifacts/ab12.json', 'linux')).toBe('/tmp/ca/.ca/artifacts/ab12.json');
    expect(shellQuote('refund desk', 'linux')).toBe("'refund desk'");
    expect(shellQuote("it's", 'linux')).toBe("'it'\\''s'");
    expect(shellQuote('', 'linux')).toBe("''");
    expect(shellQuote('say "hi"', 'win32')).toBe('"say ""hi"""');
  });
});
