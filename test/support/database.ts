import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Client, Pool } from 'pg';
import { MIGRATIONS_DIR, migrateDatabase } from '../../db/migrate';
import { createPool } from '../../db/pool';
import type { DatabaseKind, TestDatabaseServer } from './databases';

export type { DatabaseKind } from './databases';

/** The servers the global setup started (or found), for `describe.each(databaseKinds())`. */
export function testDatabaseServers(): TestDatabaseServer[] {
  const value = process.env.LOOP_TEST_DATABASES;
  if (!value) throw new Error('LOOP_TEST_DATABASES is not set: run the tests through jest (npm test) so the global setup runs');
  return JSON.parse(value) as TestDatabaseServer[];
}

/** Every server kind available: under CI both `postgresql` and `embedded` (the setup fails otherwise). */
/** The migrations in db/migrations by name, in the order they are applied (what a first `npm start` reports applying). */
export const MIGRATIONS = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().map((f) => f.replace(/\.sql$/, ''));

export const databaseKinds = (): DatabaseKind[] => testDatabaseServers().map((s) => s.kind);

export interface TestDatabase {
  kind: DatabaseKind;
  /** The new database's URL, migrated. */
  url: string;
  /** A pool on it (closed by `drop`). */
  pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

let shared: Pool | undefined;
/**
 * A pool on the run's shared, migrated database (empty unless a test writes to it): what `apiOver`
 * gives the API by default. It lets the process exit when idle, so no test needs to close it.
 */
export function sharedRecordsPool(): Pool {
  const url = process.env.LOOP_TEST_SHARED_DATABASE_URL;
  if (!url) throw new Error('LOOP_TEST_SHARED_DATABASE_URL is not set: run the tests through jest (npm test) so the global setup runs');
  shared ??= new Pool({ connectionString: url, max: 4, idleTimeoutMillis: 1000, allowExitOnIdle: true });
  return shared;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A database of its own on the `kind` server, with every migration applied: one per test file (or test). */
export async function freshDatabase(kind: DatabaseKind = databaseKinds()[0]!): Promise<TestDatabase> {
  const server = testDatabaseServers().find((s) => s.kind === kind);
  if (!server) throw new Error(`no ${kind} database server in this run`);
  const name = `loop_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server.url, name);
  await migrateDatabase(url);
  const pool = createPool({ url, poolMax: 10, applicationName: 'loop-test' });
  return {
    kind,
    url,
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      const c = new Client({ connectionString: server.url });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
