import { Pool, type PoolConfig } from 'pg';

export interface DatabaseSettings {
  url: string;
  /** Connections this process may hold at most. @default 10 */
  poolMax?: number;
  /** A statement running longer is cancelled by the server. @default 5000 */
  statementTimeoutMs?: number;
  /** Shown in pg_stat_activity (worker, api, ...). */
  applicationName?: string;
}

/**
 * The one connection pool of a process. Limits are named: a bounded pool, a connection attempt that
 * gives up after 5 s (a database that is down fails fast, and the caller retries), idle connections
 * closed after 30 s, and a statement timeout set on every connection by the server.
 */
export function createPool({ url, poolMax = 10, statementTimeoutMs = 5000, applicationName = 'loop-disputes' }: DatabaseSettings): Pool {
  const config: PoolConfig = {
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs,
    application_name: applicationName,
  };
  const pool = new Pool(config);
  // An idle connection the server closed (a restart) is reported here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/** The URL with its password hidden, for logs and the start banner. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
