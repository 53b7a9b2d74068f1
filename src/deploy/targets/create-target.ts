import { CommandTarget } from './command.js';
import { DirTarget } from './dir.js';
import { HttpTarget, type HttpTargetOptions } from './http.js';
import type { DeployTarget, TargetConfig } from './target.js';
import { WorkerTarget } from './worker.js';

export interface CreateTargetOptions {
  http?: HttpTargetOptions;
}

/**
 * The target of an env. `root` is the absolute project folder that relative paths and commands
 * are resolved from; a PublishRequest's own `root` takes precedence when it is set.
 */
export function createTarget(target: TargetConfig, root: string, options: CreateTargetOptions = {}): DeployTarget {
  switch (target.type) {
    case 'dir':
      return new DirTarget(target, root);
    case 'command':
      return new CommandTarget(target, root);
    case 'http':
      return new HttpTarget(target, options.http);
    case 'worker':
      return new WorkerTarget(target);
  }
}
