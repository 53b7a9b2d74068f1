import type { DeployTarget, PublishRequest, PublishResult, WorkerTargetConfig } from './target.js';

/**
 * A worker env (SPEC §14): the deploy publishes nothing anywhere. Its ledger rows are the record;
 * once they are written the deploy records the env's release (app/record-release.ts), and the
 * workers started from that code (`ca worker --env E`) serve the runs pinned to it.
 */
export class WorkerTarget implements DeployTarget {
  constructor(private readonly config: WorkerTargetConfig) {}

  describe(): string {
    return `worker queue ${this.config.queue}`;
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    return { location: `release of ${request.env} (queue ${this.config.queue})` };
  }
}
