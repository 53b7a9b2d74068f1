import type { TsConfigJsonResolved } from 'get-tsconfig';
import type { Diagnostic } from '../core/diagnostic.js';
import type { TsconfigProblem } from './read-tsconfig.js';
import type { Workspace, WorkspacePackage } from './read-workspace.js';
import type { EnvConfig, LintConfig, ModelsConfig, PriceConfig, ProviderConfig, SelectorConfig, TelemetryConfig } from './config-schema.js';

/** ca.yaml with defaults applied and paths resolved: what every verb receives. */
export interface ProjectConfig {
  /** Absolute project folder (where ca.yaml is, or --project, or the working directory). */
  root: string;
  /** Absolute path of ca.yaml, when there is one. */
  configFile?: string;
  /** Folders the sources are under, relative to root: ca.yaml `src:`, else the folders of the default rule (see `sources`). */
  src: string[];
  /** ca.yaml `exclude:`: globs relative to root that are never scanned (node_modules, dist, .git, .ca always are). */
  exclude: string[];
  /** Which files discovery reads, and why: the one rule for the disk and for a git baseline's tree. */
  sources: SourceRule;
  /** The packages nodes belong to, and the workspace that declares them (SPEC §2). */
  layout: ProjectLayout;
  /** Default baseline for state: selectors. */
  state?: string;
  /** Absolute path of the deploy ledger, or a `postgres://` URL (CA_LEDGER_URL overrides either). */
  ledger: string;
  /** Absolute path of the run store (runs, their journals, sessions), or a `postgres://` URL (CA_RUNS_URL overrides either). */
  runs: string;
  lint: LintConfig;
  envs: Record<string, EnvConfig>;
  selectors: SelectorConfig[];
  /** Model servers of your own, by the provider name models use (`local:llama3`). */
  providers: Record<string, ProviderConfig>;
  /** Token prices by `provider:model`, in USD per million tokens; they win over ca's own table. */
  prices: Record<string, PriceConfig>;
  /** Defaults for model calls: timeout, retries, longest wait between attempts. */
  models: ModelsConfig;
  /** OTLP export of runs (SPEC §13); the OTEL_* variables win over it (telemetry-settings.ts). */
  telemetry: TelemetryConfig;
}

/**
 * Which files discovery reads. ca.yaml `src:` gives it; without one, the project's own layout does
 * (tsconfig.json `include`, else `src/`, else the project folder), minus tests and build outputs.
 */
export interface SourceRule {
  /** Where the rule comes from, as `ca doctor` says it. */
  from: SourceOrigin;
  /** Globs relative to root; a file is read when one matches and its extension is a source one. */
  include: string[];
  /** Globs relative to root never read, on top of ALWAYS_EXCLUDED and declaration files. */
  exclude: string[];
  /**
   * The project's tsconfig.json is there but did not read, so the default rule stands in for its
   * `include`: said once per scan, in place of the module resolver's warning about the same file.
   */
  problem?: Diagnostic;
}

export type SourceOrigin = 'ca.yaml src' | 'tsconfig.json include' | 'src folder' | 'project folder' | 'workspace packages';

/** A package's own tsconfig.json (`extends` followed), or why it did not read. */
export type PackageTsconfig = { path: string; config: TsConfigJsonResolved; problem?: undefined } | { path: string; config?: undefined; problem: TsconfigProblem };

/** A package of the project, with its tsconfig.json when it has one (a workspace package's own paths, rootDir, outDir). */
export interface ProjectPackage extends WorkspacePackage {
  tsconfig?: PackageTsconfig;
  /** A dependency installed from a registry (node_modules) that defines nodes: read, never deployed or linted. */
  external?: true;
  /** An external package's files discovery reads, project-relative. */
  files?: string[];
}

/**
 * How the project is laid out in packages: a workspace's packages (npm/yarn `workspaces`,
 * pnpm-workspace.yaml) plus the root package, or the project's own package.json alone.
 */
export interface ProjectLayout {
  /** Sorted by folder; the root package ('.') first when it has a name. */
  packages: ProjectPackage[];
  /** Set when the root declares a workspace: the file that declares it. */
  workspace?: Pick<Workspace, 'from'>;
  /** What did not read (a workspace pattern, a package.json, a dependency): warnings said on every scan. */
  problems: Diagnostic[];
}

/** Folders discovery never enters, whatever the config says. */
export const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/dist/**', '**/.git/**', '**/.ca/**'];
export const CONFIG_FILE_NAMES = ['ca.yaml', 'ca.yml'];
export const DEFAULT_LEDGER = '.ca/ledger.db';
export const DEFAULT_RUNS = '.ca/runs.db';
