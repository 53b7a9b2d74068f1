// The checks `npm test` runs before vitest: the build, the type check (src and test) and the
// dependency rules. They are independent, and tsc uses one core, so they run side by side; each
// one's output is printed whole when it ends, and the first failure fails the lot.
// Usage: node scripts/checks.js   (npm test)
import { spawn } from 'node:child_process';

// The build emits without checking types here: the type check beside it covers src (and test).
const CHECKS = [
  ['build', ['run', '--silent', 'build', '--', '--no-check']],
  ['typecheck', ['run', '--silent', 'typecheck']],
  ['depcheck', ['run', '--silent', 'depcheck']],
];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const results = await Promise.all(
  CHECKS.map(
    ([name, args]) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(npm, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code) => {
          process.stdout.write(`\n> npm run ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${code === 0 ? '' : `: exit ${code}`}\n${output}`);
          resolve(code ?? 1);
        });
      }),
  ),
);
process.exitCode = results.find((code) => code !== 0) ?? 0;
