import type { EnvConfig, LintConfig, ModelsConfig, PriceConfig, ProviderConfig, SelectorConfig } from './config-schema.js';

/** ca.yaml with defaults applied and paths resolved: what every verb receives. */
export interface ProjectConfig {
  /** Absolute project folder (where ca.yaml is, or --project, or the working directory). */
  root: string;
  /** Absolute path of ca.yaml, when there is one. */
  configFile?: string;
  /** Source roots relative to root ('.' by default). */
  src: string[];
  /** Globs relative to root that are never scanned (node_modules, dist, .git, .ca always are). */
  exclude: string[];
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
}

/** Folders discovery never enters, whatever the config says. */
export const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/dist/**', '**/.git/**', '**/.ca/**'];
export const CONFIG_FILE_NAMES = ['ca.yaml', 'ca.yml'];
export const DEFAULT_LEDGER = '.ca/ledger.db';
export const DEFAULT_RUNS = '.ca/runs.db';
