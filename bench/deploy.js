// The deploy ledger at scale: `ca deploy` of 500 nodes to a `dir` env, then `ca status` once the
// ledger holds 10,000 rows across 5 envs. Whole child processes, as a user runs them.
// Usage: node bench/deploy.js   (after npm run build; run by npm run bench)
import fs from 'node:fs';
import path from 'node:path';
import { generateModule, defaultOutDir, DEFAULT_SEED, PACKAGE_ROOT, WORK_DIR } from './generate-module.js';
import { detectRssMethod, median, runChild } from './support/measure.js';

const CA = path.join(PACKAGE_ROOT, 'bin', 'run.js');
const ENVS = ['dev', 'qa', 'staging', 'canary', 'prod'];
const rssMethod = detectRssMethod();

const dir = path.join(WORK_DIR, 'deploy-500');
fs.rmSync(dir, { recursive: true, force: true });
const module = generateModule({ flows: 500, outDir: dir, seed: DEFAULT_SEED });
const envs = ENVS.map((env) => `  ${env}: { target: { type: dir, path: .ca/releases/${env} } }`).join('\n');
fs.writeFileSync(path.join(dir, 'ca.yaml'), `src: [src]\nenvs:\n${envs}\n`);

async function ca(args, { quiet = false } = {}) {
  const r = await runChild({ argv: [process.execPath, CA, ...args, '-p', dir], env: { NO_COLOR: '1' }, cwd: dir, rssMethod });
  if (![0, 3].includes(r.code)) throw new Error(`ca ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-500)}`);
  if (!quiet) process.stdout.write('.');
  return r;
}

const deployables = module.counts.flows;
console.log(`deploy bench · ${deployables} deployable nodes · ${ENVS.length} dir envs · peak memory via ${rssMethod}`);
await ca(['ls', '--output', 'names'], { quiet: true }); // warm the discovery cache, as in a pipeline that ran lint first

const first = await ca(['deploy', '--env', 'dev', '--yes', '--no-lint']);
const again = await ca(['deploy', '--env', 'dev', '--yes', '--no-lint']);
const forced = [];
for (let i = 0; i < 3; i++) forced.push(await ca(['deploy', '--env', 'dev', '--yes', '--no-lint', '--force']));

// Fill the ledger to 10,000 rows: every deploy of all nodes writes a pending and a succeeded row per node.
const rowsPerDeploy = deployables * 2;
let rows = rowsPerDeploy * 5;
for (let i = 0; rows < 10_000; i++) {
  await ca(['deploy', '--env', ENVS[(i % (ENVS.length - 1)) + 1], '--yes', '--no-lint', '--force'], { quiet: true });
  rows += rowsPerDeploy;
}
const status = [];
const statusAll = [];
for (let i = 0; i < 5; i++) status.push(await ca(['status', '--env', 'dev', '--json']));
for (let i = 0; i < 3; i++) statusAll.push(await ca(['status', '--all-envs', '--json']));
const verify = await ca(['ledger', 'verify']);

const ms = (runs) => Math.round(median(runs.map((r) => r.wallMs)));
const mb = (runs) => Math.round(Math.max(...runs.map((r) => r.rssKb ?? 0)) / 1024);
const results = {
  deployables,
  ledgerRows: rows,
  envs: ENVS.length,
  firstDeployMs: Math.round(first.wallMs),
  unchangedDeployMs: Math.round(again.wallMs),
  forcedDeployMs: ms(forced),
  statusOneEnvMs: ms(status),
  statusAllEnvsMs: ms(statusAll),
  ledgerVerifyMs: Math.round(verify.wallMs),
  peakRssMb: mb([first, again, ...forced, ...status, ...statusAll]),
};
console.log('\n');
console.log(`ca deploy, ${deployables} new nodes (dir target)          ${results.firstDeployMs} ms`);
console.log(`ca deploy, nothing changed (plan only)               ${results.unchangedDeployMs} ms`);
console.log(`ca deploy --force, ${deployables} republished (median of 3) ${results.forcedDeployMs} ms`);
console.log(`ca status --env dev, ${results.ledgerRows} ledger rows (median of 5)  ${results.statusOneEnvMs} ms`);
console.log(`ca status --all-envs, ${ENVS.length} envs (median of 3)          ${results.statusAllEnvsMs} ms`);
console.log(`ca ledger verify, ${results.ledgerRows} rows                       ${results.ledgerVerifyMs} ms`);
console.log(`peak RSS                                             ${results.peakRssMb} MB`);
fs.writeFileSync(path.join(WORK_DIR, 'deploy-results.json'), `${JSON.stringify(results, null, 2)}\n`);
