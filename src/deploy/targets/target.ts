import type { Artifact } from '../../core/deployment.js';

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

/** A publish that did not happen: the message is what the user needs (the command's last lines, the HTTP status). */
export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

export interface DeployTarget {
  /** One line for the plan and the ledger (`dir .ca/releases/staging`). */
  describe(): string;
  publish(request: PublishRequest): Promise<PublishResult>;
}
