import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/**
 * vitest globalSetup: one throwaway PostgreSQL server for the whole run, in a temporary folder,
 * on 127.0.0.1 and a free port, without fsync (the data is thrown away). Test files reach it through
 * test/helpers/postgres.ts (`describePg`, `freshDatabase`), each in databases of their own.
 *
 * The URL travels in CA_TEST_PG_URL: vitest builds its workers' environment from process.env when
 * it runs the files, after globalSetup, so workers (and the processes they spawn) inherit it.
 *
 * Environment:
 * - CA_TEST_PG_URL=postgres://…  use that server as is and start nothing;
 * - CA_REQUIRE_POSTGRES=1        fail rather than skip without server binaries (.ci/run sets it);
 * - CA_TEST_PG_DISABLE=1         pretend there are no server binaries (to see the skip path);
 * - CA_TEST_PG_VERBOSE=1         print the server's URL and how long it took to start.
 */

const REQUIRED = process.env.CA_REQUIRE_POSTGRES === '1';
const INSTALL_HINT = 'apt-get install postgresql';

/** Who runs the server: initdb and pg_ctl refuse root, so as root it is the `postgres` user. */
interface RunAs {
  uid: number;
  gid: number;
}

interface Cluster {
  bin: string;
  dir: string;
  data: string;
  runAs: RunAs | undefined;
  watcher?: ChildProcess;
}

let cluster: Cluster | undefined;

export async function setup(): Promise<void> {
  if (process.env.CA_TEST_PG_URL) return;
  const bin = findServerBinaries();
  if (!bin) {
    if (REQUIRED) {
      throw new Error(
        `PostgreSQL is required (CA_REQUIRE_POSTGRES=1) but no server binaries were found on PATH or in /usr/lib/postgresql/*/bin: ${INSTALL_HINT}`,
      );
    }
    process.stderr.write(`PostgreSQL tests skipped: no server binaries (${INSTALL_HINT})\n`);
    return;
  }

  const started = performance.now();
  const runAs = process.getuid?.() === 0 ? await postgresUser() : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'ca-pg-'));
  cluster = { bin, dir, data: path.join(dir, 'data'), runAs };
  // From here on, whatever happens to this process, the server goes with it.
  process.on('exit', stopNow);
  try {
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    await asServerUser('initdb', ['-D', cluster.data, '--auth=trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      // The socket goes in our folder, not /var/run/postgresql (root's, or missing).
      `-k '${dir}'`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    await asServerUser('pg_ctl', ['start', '-w', '-D', cluster.data, '-l', path.join(dir, 'server.log'), '-o', options]);
    cluster.watcher = watchdog(process.pid, cluster);
    process.env.CA_TEST_PG_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  } catch (error) {
    stopNow();
    throw error;
  }
  if (process.env.CA_TEST_PG_VERBOSE) {
    process.stderr.write(`PostgreSQL test server at ${process.env.CA_TEST_PG_URL} (${Math.round(performance.now() - started)} ms)\n`);
  }
}

export async function teardown(): Promise<void> {
  if (!cluster) return;
  const { dir, data, watcher } = cluster;
  await asServerUser('pg_ctl', ['stop', '-m', 'immediate', '-w', '-D', data], { reject: false });
  rmSync(dir, { recursive: true, force: true });
  watcher?.kill();
  process.off('exit', stopNow);
  cluster = undefined;
}

/** The folder holding initdb, pg_ctl and postgres: PATH first, then Debian's, newest version first. */
function findServerBinaries(): string | undefined {
  if (process.env.CA_TEST_PG_DISABLE === '1') return undefined;
  const hasServer = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(path.join(dir, name)));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    // Symlinks (/usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin/pg_ctl) lead to the real folder.
    if (hasServer(dir)) return path.dirname(realpathSync(path.join(dir, 'pg_ctl')));
  }
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((name) => /^\d+(\.\d+)?$/.test(name)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.map((version) => path.join(debian, version, 'bin')).find(hasServer);
}

async function postgresUser(): Promise<RunAs> {
  try {
    const uid = Number((await execa('id', ['-u', 'postgres'])).stdout);
    const gid = Number((await execa('id', ['-g', 'postgres'])).stdout);
    return { uid, gid };
  } catch {
    throw new Error(`PostgreSQL refuses to run as root and there is no \`postgres\` user to run it as: ${INSTALL_HINT}`);
  }
}

/** One of the server's programs, as the server's user, with its output in the error if it fails. */
async function asServerUser(program: string, args: string[], options: { reject?: boolean } = {}) {
  const { bin, dir, runAs } = cluster!;
  // cwd: the server user may not be allowed into ours (root's).
  return execa(path.join(bin, program), args, { cwd: dir, ...runAs, ...options });
}

/** A port nobody listens on right now: the one the system hands out for port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Best effort on the way out (an exception, Ctrl-C, SIGTERM: vitest turns those into exit): stop and remove it. */
function stopNow(): void {
  if (!cluster) return;
  const { bin, dir, data, runAs, watcher } = cluster;
  cluster = undefined;
  watcher?.kill();
  try {
    execFileSync(path.join(bin, 'pg_ctl'), ['stop', '-m', 'immediate', '-w', '-D', data], { cwd: dir, stdio: 'ignore', ...runAs });
  } catch {
    // Not running (any more).
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * pg_ctl detaches the server (setsid), so a SIGKILLed vitest, which runs no exit handler, would
 * leave it running. A tiny detached shell watches our pid and, once it is gone, stops the server
 * (SIGQUIT: immediate shutdown) and removes the folder. A normal teardown ends it.
 */
function watchdog(pid: number, { dir, data }: Cluster): ChildProcess {
  const script = [
    `while kill -0 ${pid} 2>/dev/null; do sleep 1; done`,
    `[ -f '${data}/postmaster.pid' ] && kill -QUIT "$(head -1 '${data}/postmaster.pid')" 2>/dev/null`,
    `sleep 1; rm -rf '${dir}'`,
  ].join('\n');
  const watcher = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watcher.unref();
  return watcher;
}
