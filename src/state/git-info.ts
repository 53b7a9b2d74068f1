/** The commit a deploy comes from, and whether the work tree has changes on top of it. */
export interface GitInfo {
  commit: string | null;
  dirty: boolean;
}

/** Reads HEAD and `git status` for the project folder; outside a repository, no commit and not dirty. */
export async function readGitInfo(root: string): Promise<GitInfo> {
  const { execa } = await import('execa');
  try {
    const head = await execa('git', ['-C', root, 'rev-parse', '--verify', '--quiet', 'HEAD'], { reject: false });
    if (head.exitCode !== 0) return { commit: null, dirty: false };
    const status = await execa('git', ['-C', root, 'status', '--porcelain', '--untracked-files=normal', '--', '.'], { reject: false });
    return { commit: String(head.stdout).trim(), dirty: String(status.stdout).trim() !== '' };
  } catch {
    return { commit: null, dirty: false };
  }
}
