// Runs one child process and measures its wall time and peak resident memory.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_RSS_JS = fileURLToPath(new URL('../max-rss.js', import.meta.url));
const GNU_TIME = '/usr/bin/time';

/**
 * How peak memory is read: 'gnu-time' (`/usr/bin/time -f %M`, the kernel's ru_maxrss of the
 * child as reported by wait4), 'proc-status' (bench/max-rss.js polling VmHWM), or 'none'.
 * GNU time is only trusted after a self-check: a child that reports its own peak through
 * process.resourceUsage() must agree with what time reports (old GNU time 1.7 reported 4×).
 * BENCH_RSS=gnu-time|proc-status|none forces a method.
 */
export function detectRssMethod() {
  const forced = process.env.BENCH_RSS;
  if (forced) {
    if (!['gnu-time', 'proc-status', 'none'].includes(forced)) throw new Error(`BENCH_RSS must be gnu-time, proc-status or none, got ${forced}`);
    return forced;
  }
  if (fs.existsSync(GNU_TIME)) {
    const tmp = tmpFile('rss-check');
    const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', tmp, process.execPath, '-e',
      'const b = Buffer.alloc(64e6, 1); process.stdout.write(String(process.resourceUsage().maxRSS))'], { encoding: 'utf8' });
    const reported = readTimeFile(tmp);
    const own = Number(r.stdout);
    if (r.status === 0 && reported && own && Math.abs(reported - own) / own < 0.1) return 'gnu-time';
  }
  if (fs.existsSync('/proc/self/status') && /^VmHWM:/m.test(fs.readFileSync('/proc/self/status', 'utf8'))) return 'proc-status';
  return 'none';
}

let counter = 0;
function tmpFile(tag) {
  return path.join(os.tmpdir(), `ca-bench-${process.pid}-${tag}-${counter++}`);
}

/** GNU time writes "Command exited with non-zero status N" before the figure on failure. */
function readTimeFile(file) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const kb = Number(lines.at(-1));
    return Number.isFinite(kb) && kb > 0 ? kb : undefined;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

let current; // the child being measured, so Ctrl-C can stop it (its own process group)
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current?.pid) {
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {}
    }
    process.exit(130);
  });
}

/**
 * Runs argv[0] with argv[1..] and resolves to { wallMs, rssKb, code, signal, stdout, stderr,
 * timedOut }. Wall time runs from spawn to exit of the measured command (under GNU time it
 * includes time's own fork/exec, well under a millisecond; under max-rss.js the wrapper times
 * the command itself, so Node's start-up for the wrapper is not counted).
 */
export function runChild({ argv, env = {}, cwd, timeoutMs = 600_000, rssMethod = 'none' }) {
  let command = argv;
  let rssFile;
  if (rssMethod === 'gnu-time') {
    rssFile = tmpFile('time');
    command = [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv];
  } else if (rssMethod === 'proc-status') {
    rssFile = tmpFile('proc');
    command = [process.execPath, MAX_RSS_JS, '--out', rssFile, '--', ...argv];
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command[0], command.slice(1), {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout or Ctrl-C stops the whole tree
    });
    current = child;
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command[0]}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      let wallMs = performance.now() - started;
      clearTimeout(timer);
      current = undefined;
      let rssKb;
      if (rssMethod === 'gnu-time') rssKb = readTimeFile(rssFile);
      else if (rssMethod === 'proc-status') {
        try {
          const r = JSON.parse(fs.readFileSync(rssFile, 'utf8'));
          rssKb = r.maxRssKb ?? undefined;
          wallMs = r.wallMs;
        } catch {}
        fs.rmSync(rssFile, { force: true });
      }
      resolve({
        wallMs, rssKb, code, signal, timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

let gnuTimeChecked;
/**
 * One timed run of a command that must succeed (`okExitCodes`): wall time from spawn to exit, and
 * CPU time (user + system, steadier than wall time on a busy machine) and peak memory of the child
 * from GNU time when it is there and passes detectRssMethod's check. Resolves to { wallMs, cpuMs,
 * rssKb, stdout }; throws with the end of stderr on a failure or a timeout.
 */
export async function timedRun(argv, { cwd, okExitCodes = [0], timeoutMs = 600_000 }) {
  gnuTimeChecked ??= detectRssMethod() === 'gnu-time';
  const timeFile = tmpFile('cpu');
  const command = gnuTimeChecked ? [GNU_TIME, '-f', '%U %S %M', '-o', timeFile, ...argv] : argv;
  const r = await runChild({ argv: command, cwd, env: { NO_COLOR: '1' }, timeoutMs });
  let cpuMs;
  let rssKb;
  if (gnuTimeChecked) {
    try {
      // "Command exited with non-zero status N" comes first when it did.
      const [user, sys, rss] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
      if ([user, sys, rss].every(Number.isFinite)) [cpuMs, rssKb] = [(user + sys) * 1000, rss];
    } catch {}
    fs.rmSync(timeFile, { force: true });
  }
  if (r.timedOut || !okExitCodes.includes(r.code)) {
    const why = r.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${r.code}`;
    throw new Error(`${argv.slice(1).map((a) => path.basename(a)).join(' ')}: ${why}\n    ${r.stderr.trim().split('\n').slice(-6).join('\n    ')}`);
  }
  return { wallMs: r.wallMs, cpuMs, rssKb, stdout: r.stdout };
}
