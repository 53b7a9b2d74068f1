import path from 'node:path';
import { PublishError, type DirTargetConfig, type DeployTarget, type PublishRequest, type PublishResult } from './target.js';
import { pathSegment, writeFileAtomically } from './write-file-atomically.js';

/** What `<path>/<node>/current.json` holds: which artifact of the folder is live. */
export interface CurrentPointer {
  schemaVersion: 1;
  env: string;
  node: string;
  hash: string;
  /** The artifact's file name, beside this one. */
  artifact: string;
  publishedAt: string;
}

/**
 * Publishes into a folder: `<path>/<node>/<hash>.json` (content-addressed: a rollback only moves
 * the pointer) and `<path>/<node>/current.json`, replaced atomically so a reader never sees a
 * pointer to a half-written artifact (the artifact is written first).
 */
export class DirTarget implements DeployTarget {
  constructor(
    private readonly config: DirTargetConfig,
    private readonly root: string,
  ) {}

  describe(): string {
    return `dir ${this.config.path}`;
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const folder = path.resolve(request.root || this.root, this.config.path, pathSegment(request.node));
    const file = path.join(folder, `${request.artifact.hash}.json`);
    const pointer: CurrentPointer = {
      schemaVersion: 1,
      env: request.env,
      node: request.node,
      hash: request.artifact.hash,
      artifact: path.basename(file),
      publishedAt: new Date().toISOString(),
    };
    try {
      writeFileAtomically(file, `${JSON.stringify(request.artifact, null, 2)}\n`);
      writeFileAtomically(path.join(folder, 'current.json'), `${JSON.stringify(pointer, null, 2)}\n`);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new PublishError(`cannot write ${path.relative(request.root || this.root, file) || file}: ${reason}`, { cause: error });
    }
    return { location: file };
  }
}
