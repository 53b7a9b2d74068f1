#!/usr/bin/env node
// Peak-memory wrapper for systems without GNU time:
//   node bench/max-rss.js --out FILE -- <command> [args...]
// Runs the command with inherited stdio, polls /proc/<pid>/status every 10 ms and writes
// { maxRssKb, wallMs, code, signal } to FILE. VmHWM is the kernel's own high-water mark of the
// resident set, so the last successful poll (at most 10 ms before exit) already holds the peak
// up to that moment; VmRSS is the fallback on kernels without VmHWM. Only the direct child is
// measured (not processes it spawns). Exits with the command's exit code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const outAt = argv.indexOf('--out');
if (sep < 0 || outAt < 0 || outAt > sep || sep === argv.length - 1) {
  console.error('usage: node bench/max-rss.js --out FILE -- <command> [args...]');
  process.exit(2);
}
const out = argv[outAt + 1];
const [cmd, ...args] = argv.slice(sep + 1);

let maxRssKb = 0;
const started = performance.now();
const child = spawn(cmd, args, { stdio: 'inherit' });
const poll = () => {
  try {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+) kB/m.exec(status) ?? /^VmRSS:\s+(\d+) kB/m.exec(status);
    if (m) maxRssKb = Math.max(maxRssKb, Number(m[1]));
  } catch {
    // Not started yet, or already gone.
  }
};
const timer = setInterval(poll, 10);
child.on('spawn', poll);
child.on('error', (err) => {
  clearInterval(timer);
  console.error(`max-rss: cannot run ${cmd}: ${err.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  const wallMs = performance.now() - started;
  clearInterval(timer);
  fs.writeFileSync(out, JSON.stringify({ maxRssKb: maxRssKb || null, wallMs, code, signal }));
  process.exitCode = code ?? 1;
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
