import { UserError } from '../core/errors.js';
import type { SourceText } from '../discovery/discover-project.js';

async function git(root: string, args: string[], input?: Buffer): Promise<{ ok: boolean; stdout: Buffer; stderr: string }> {
  try {
    // Loaded on first use: only git baselines need it, and it costs every other verb start-up time.
    const { execa } = await import('execa');
    const result = await execa('git', ['-C', root, ...args], { reject: false, encoding: 'buffer', input, stripFinalNewline: false });
    return { ok: result.exitCode === 0, stdout: Buffer.from(result.stdout), stderr: Buffer.from(result.stderr).toString('utf8') };
  } catch (error) {
    throw new UserError('git-missing', `cannot run git: ${(error as Error).message}`, { hint: 'git:<ref> baselines need git on the PATH.' });
  }
}

/**
 * The project's source files as they are at a commit, read from git objects: the work tree, the
 * index and HEAD are never touched. Works when the project is a subfolder of the repository.
 */
export async function readGitSnapshot(root: string, ref: string, isSource: (file: string) => boolean): Promise<SourceText[]> {
  const prefixResult = await git(root, ['rev-parse', '--show-prefix']);
  if (!prefixResult.ok) {
    throw new UserError('not-a-git-repository', `--state git:${ref} needs a git repository, and ${root} is not inside one`, {
      hint: 'Use a manifest baseline instead: ca manifest -o base.json on the base, then --state base.json.',
    });
  }
  const prefix = prefixResult.stdout.toString('utf8').trim();
  const commit = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (!commit.ok) {
    const shallow = (await git(root, ['rev-parse', '--is-shallow-repository'])).stdout.toString('utf8').trim() === 'true';
    throw new UserError('unknown-git-ref', shallow ? `git ref '${ref}' is not in this shallow clone` : `unknown git ref '${ref}'`, {
      hint: shallow
        ? `Fetch it first (git fetch --no-tags --depth=1 origin +refs/heads/${ref.replace(/^origin\//, '')}:refs/remotes/origin/${ref.replace(/^origin\//, '')}), or check out with fetch-depth: 0.`
        : 'Check the name with git branch -a, or git fetch the remote branch first.',
    });
  }
  const sha = commit.stdout.toString('utf8').trim();
  const tree = await git(root, ['ls-tree', '-r', '-z', '--full-tree', sha, '--', prefix === '' ? '.' : prefix]);
  if (!tree.ok) throw new UserError('git-failed', `git ls-tree failed for ${ref}: ${tree.stderr.trim()}`);

  const wanted: { file: string; blob: string }[] = [];
  for (const entry of tree.stdout.toString('utf8').split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, blob] = entry.slice(0, tab).split(' ');
    const fullPath = entry.slice(tab + 1);
    // Blobs only: no submodules (commit), no symbolic links (120000).
    if (type !== 'blob' || mode === '120000' || !blob || !fullPath.startsWith(prefix)) continue;
    const file = fullPath.slice(prefix.length);
    if (isSource(file)) wanted.push({ file, blob });
  }
  if (wanted.length === 0) return [];

  const batch = await git(root, ['cat-file', '--batch'], Buffer.from(`${wanted.map((w) => w.blob).join('\n')}\n`));
  if (!batch.ok) throw new UserError('git-failed', `git cat-file failed for ${ref}: ${batch.stderr.trim()}`);
  const out = batch.stdout;
  const sources: SourceText[] = [];
  let offset = 0;
  for (const { file } of wanted) {
    const headerEnd = out.indexOf(0x0a, offset);
    const [, , size] = out.subarray(offset, headerEnd).toString('utf8').split(' ');
    const length = Number(size);
    const start = headerEnd + 1;
    sources.push({ file, text: out.subarray(start, start + length).toString('utf8') });
    offset = start + length + 1;
  }
  return sources;
}
