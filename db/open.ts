import type { Pool } from 'pg';
import { ConfigError, type Config } from '../config';
import { migrateDatabase } from './migrate';
import { createPool } from './pool';

/**
 * The records database of a worker or API process: checks DATABASE_URL is set, applies pending
 * migrations (node-pg-migrate's lock makes processes starting together safe), and opens the pool.
 */
export async function openDatabase(config: Config, applicationName: string, log: (line: string) => void = () => undefined): Promise<Pool> {
  const { url, poolMax, statementTimeoutMs } = config.database;
  if (!url) {
    throw new ConfigError(
      'invalid configuration:\n  DATABASE_URL: is required by the worker and the API (the records database, PostgreSQL 15 or later: postgres://user:password@host:5432/loop); `npm start` runs an embedded server and sets it',
    );
  }
  await migrateDatabase(url, log);
  return createPool({ url, poolMax, statementTimeoutMs, applicationName });
}
