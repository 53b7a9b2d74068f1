/** Whether git can be run here, and the repository the project is in. */
export interface GitPresence {
  /** `git --version`'s number, or null when git is not on the PATH. */
  version: string | null;
  /** The work tree's top folder, or null outside a repository (or without git). */
  repoRoot: string | null;
}

/** Runs `git --version` and `git rev-parse --show-toplevel` in the project folder; never throws. */
export async function readGitPresence(root: string): Promise<GitPresence> {
  const { execa } = await import('execa');
  try {
    const version = await execa('git', ['--version'], { reject: false });
    if (version.exitCode !== 0) return { version: null, repoRoot: null };
    const top = await execa('git', ['-C', root, 'rev-parse', '--show-toplevel'], { reject: false });
    return {
      version: String(version.stdout).trim().replace(/^git version\s+/, ''),
      repoRoot: top.exitCode === 0 ? String(top.stdout).trim() : null,
    };
  } catch {
    return { version: null, repoRoot: null };
  }
}
