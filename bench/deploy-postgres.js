// The deploy ledger on PostgreSQL beside SQLite, in one run: `ca deploy` of 100 nodes, then
// `ca status` and `ca ledger verify` once each ledger holds the same 10,000 rows in 5 envs (the
// SQLite history, filled by real deploys, copied to PostgreSQL with `ca ledger copy`). Whole child
// processes, as a user runs them. A throwaway PostgreSQL server is started (the tests' own
// test/helpers/postgres-cluster.ts), unless CA_TEST_PG_URL names one.
// Usage: node --import tsx bench/deploy-postgres.js   (after npm run build; run by npm run bench)
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { setup, teardown } from '../test/helpers/postgres-cluster.ts';
import { generateModule, DEFAULT_SEED, PACKAGE_ROOT, WORK_DIR } from './generate-module.js';
import { median, runChild } from './support/measure.js';

const CA = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const ENVS = ['dev', 'qa', 'staging', 'canary', 'prod'];
const NODES = 100;

await setup();
const server = process.env.CA_TEST_PG_URL;
if (!server) {
  console.log('deploy-postgres bench skipped: no PostgreSQL server');
  process.exit(0);
}

async function database(name) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

const dir = path.join(WORK_DIR, 'deploy-pg-100');
fs.rmSync(dir, { recursive: true, force: true });
generateModule({ flows: NODES, outDir: dir, seed: DEFAULT_SEED });
fs.writeFileSync(path.join(dir, 'ca.yaml'), `src: [src]\nenvs:\n${ENVS.map((env) => `  ${env}: { target: { type: dir, path: .ca/releases/${env} } }`).join('\n')}\n`);

async function ca(args, ledgerUrl) {
  const env = { NO_COLOR: '1', ...(ledgerUrl ? { CA_LEDGER_URL: ledgerUrl } : {}) };
  const r = await runChild({ argv: [process.execPath, CA, ...args, '-p', dir], env, cwd: dir, rssMethod: 'none' });
  if (![0, 3].includes(r.code)) throw new Error(`ca ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-500)}`);
  process.stdout.write('.');
  return r;
}
const ms = (runs) => Math.round(median(runs.map((r) => r.wallMs)));

try {
  console.log(`deploy-postgres bench · ${NODES} deployable nodes · ${ENVS.length} envs · PostgreSQL ${(await database('ca_bench_probe')) ? 'up' : ''}`);
  await ca(['ls', '--output', 'names']);
  const deployUrl = await database('ca_bench_deploy');
  const results = { nodes: NODES, sqlite: {}, postgres: {} };

  // Deploys: the first (everything new), then forced republishes, on each backend.
  results.sqlite.firstDeployMs = Math.round((await ca(['deploy', '--env', 'dev', '--yes', '--no-lint'])).wallMs);
  results.postgres.firstDeployMs = Math.round((await ca(['deploy', '--env', 'dev', '--yes', '--no-lint'], deployUrl)).wallMs);
  const forced = { sqlite: [], postgres: [] };
  for (let i = 0; i < 3; i++) {
    forced.sqlite.push(await ca(['deploy', '--env', 'dev', '--yes', '--no-lint', '--force']));
    forced.postgres.push(await ca(['deploy', '--env', 'dev', '--yes', '--no-lint', '--force'], deployUrl));
  }
  results.sqlite.forcedDeployMs = ms(forced.sqlite);
  results.postgres.forcedDeployMs = ms(forced.postgres);

  // 10,000 rows in 5 envs on SQLite, by deploys; then the same history copied to PostgreSQL.
  let rows = NODES * 2 * 4;
  for (let i = 0; rows < 10_000; i++) {
    await ca(['deploy', '--env', ENVS[(i % (ENVS.length - 1)) + 1], '--yes', '--no-lint', '--force']);
    rows += NODES * 2;
  }
  results.ledgerRows = rows;
  const statusUrl = await database('ca_bench_status');
  results.copyToPostgresMs = Math.round((await ca(['ledger', 'copy', '--to', statusUrl])).wallMs);

  for (const [backend, url] of [['sqlite', undefined], ['postgres', statusUrl]]) {
    const status = [];
    const statusAll = [];
    for (let i = 0; i < 5; i++) status.push(await ca(['status', '--env', 'dev', '--json'], url));
    for (let i = 0; i < 3; i++) statusAll.push(await ca(['status', '--all-envs', '--json'], url));
    results[backend].statusOneEnvMs = ms(status);
    results[backend].statusAllEnvsMs = ms(statusAll);
    results[backend].ledgerVerifyMs = Math.round((await ca(['ledger', 'verify'], url)).wallMs);
  }

  const ratio = (key) => (results.postgres[key] / results.sqlite[key]).toFixed(2);
  console.log('\n');
  console.log(`                                              SQLite   PostgreSQL   ratio`);
  for (const [label, key] of [
    [`ca deploy, ${NODES} new nodes`, 'firstDeployMs'],
    [`ca deploy --force, ${NODES} republished (median 3)`, 'forcedDeployMs'],
    [`ca status --env dev, ${rows} rows (median 5)`, 'statusOneEnvMs'],
    [`ca status --all-envs (median 3)`, 'statusAllEnvsMs'],
    [`ca ledger verify, ${rows} rows`, 'ledgerVerifyMs'],
  ]) {
    console.log(`${label.padEnd(46)}${String(results.sqlite[key]).padStart(6)} ms ${String(results.postgres[key]).padStart(8)} ms   ${ratio(key)}×`);
  }
  console.log(`ca ledger copy --to postgres, ${rows} rows         ${results.copyToPostgresMs} ms`);
  fs.writeFileSync(path.join(WORK_DIR, 'deploy-postgres-results.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await teardown();
}
