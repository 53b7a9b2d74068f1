/**
 * The house rules of ARCHITECTURE.md, executable: `npm run depcheck` (part of `npm test`).
 * Data flows one way: files → discovery → graph → selection → app → typed result → ui.
 */
const DOMAIN = '^src/(core|config|sdk|discovery|graph|selection|state|lint|ledger|deploy|runtime|sessions|packaging|queue|mcp|eval)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make the layers meaningless.', from: {}, to: { circular: true } },
    {
      name: 'nothing-imports-commands',
      severity: 'error',
      comment: 'Commands are entry points for oclif only.',
      from: { pathNot: '^src/commands/' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'domain-not-upward',
      severity: 'error',
      comment: 'Domain folders never import app/, commands/, cli/ or ui/.',
      from: { path: DOMAIN },
      to: { path: '^src/(app|commands|cli|ui)/' },
    },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      comment: 'core/ holds shared types and the smallest helpers; it depends on no other folder.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'sdk-self-contained',
      severity: 'error',
      comment: 'What users import must not drag the CLI in.',
      from: { path: '^src/sdk/' },
      to: { path: '^src/', pathNot: '^src/sdk/' },
    },
    {
      name: 'graph-not-discovery',
      severity: 'error',
      comment: 'graph/ consumes discovery data; it does not import discovery/.',
      from: { path: '^src/graph/' },
      to: { path: '^src/discovery/' },
    },
    {
      name: 'ui-sees-results-only',
      severity: 'error',
      comment: 'Reporters are pure: result and core types in, text out.',
      from: { path: '^src/ui/' },
      to: { path: '^src/', pathNot: '^src/(ui|core)/' },
    },
    {
      name: 'commands-thin',
      severity: 'error',
      comment: 'Commands import app/, cli/, ui/, config/ and core/ only.',
      from: { path: '^src/(commands|cli)/' },
      to: { path: '^src/', pathNot: '^src/(app|cli|ui|config|core|commands)/' },
    },
    {
      name: 'only-ledger-touches-sqlite',
      severity: 'error',
      from: { pathNot: '^src/ledger/' },
      to: { path: 'node_modules/better-sqlite3' },
    },
    {
      name: 'only-runtime-and-targets-spawn',
      severity: 'error',
      comment: "Only runtime/ and deploy/targets/ run the user's processes or reach the network; state/ runs git to read baselines; packaging/ runs npm pack on ca itself.",
      from: { path: '^src/', pathNot: '^src/(runtime|deploy/targets|state|packaging)/' },
      to: { path: 'node_modules/execa' },
    },
    {
      name: 'only-queue-touches-dbos',
      severity: 'error',
      comment: 'DBOS Transact is the engine behind the run queue (SPEC §10): one folder knows it.',
      from: { pathNot: '^src/queue/' },
      to: { path: 'node_modules/@dbos-inc' },
    },
    {
      name: 'only-telemetry-touches-opentelemetry',
      severity: 'error',
      comment: 'OTLP export (SPEC §13) is one folder: runtime/telemetry/ converts runs to spans and loads the OpenTelemetry SDK, only when export is on.',
      from: { path: '^src/', pathNot: '^src/runtime/telemetry/' },
      to: { path: 'node_modules/@opentelemetry/' },
    },
    {
      name: 'only-ledger-touches-postgres',
      severity: 'error',
      comment: 'The stores own their databases: pg is imported under ledger/ only.',
      from: { pathNot: '^src/ledger/' },
      to: { path: 'node_modules/pg/' },
    },
    { name: 'no-util-grab-bag', severity: 'error', from: { path: '^src/' }, to: { path: '^src/(utils?|helpers|common|misc)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
