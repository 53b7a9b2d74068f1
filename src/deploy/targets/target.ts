import type { EnvConfig } from '../../config/config-schema.js';
import type { Artifact } from '../../core/deployment.js';

/** An env's `target:` from ca.yaml, as config/config-schema.ts validates it. */
export type TargetConfig = EnvConfig['target'];
export type DirTargetConfig = Extract<TargetConfig, { type: 'dir' }>;
export type CommandTargetConfig = Extract<TargetConfig, { type: 'command' }>;
export type HttpTargetConfig = Extract<TargetConfig, { type: 'http' }>;
export type WorkerTargetConfig = Extract<TargetConfig, { type: 'worker' }>;

export interface PublishRequest {
  env: string;
  node: string;
  artifact: Artifact;
  /** Absolute project folder: relative target paths and commands run from here. */
  root: string;
  /** Where publish output goes as it comes (a command's stdout and stderr): the user sees it. */
  onOutput?: (chunk: string) => void;
}

export interface PublishResult {
  /** Where it went: a file path, a command line, a URL. */
  location: string;
}

/** Machine-readable facts about a failed publish, for `--json` and the ledger's message. */
export interface PublishErrorDetails {
  /** A command target's exit code. */
  exitCode?: number;
  /** A command target killed by a signal. */
  signal?: string;
  /** An HTTP target's last response status. */
  status?: number;
  /** HTTP attempts made. */
  attempts?: number;
  /** The last lines of a command's output, or an excerpt of a response body. */
  output?: string;
  cause?: unknown;
}

/** A publish that did not happen: the message is what the user needs (the command's last lines, the HTTP status). */
export class PublishError extends Error {
  readonly details: PublishErrorDetails;

  constructor(message: string, details: PublishErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PublishError';
    this.details = details;
  }
}

export interface DeployTarget {
  /** One line for the plan and the ledger (`dir .ca/releases/staging`). */
  describe(): string;
  publish(request: PublishRequest): Promise<PublishResult>;
}
