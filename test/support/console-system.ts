import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role } from '../../config/credentials';
import { createApp } from '../../api/app';
import { createPostgresRecords } from '../../records/postgres';
import { createPostgresConsoleSessionStore } from '../../security/console-session-store';
import { AGENT_ONLY_POLICY } from './cases';
import { TEST_KEYS, testAuthenticator, testJwt } from './api';
import { freshDatabase, type TestDatabase } from './database';
import { useCaseSystem, type CaseSystem } from './temporal';

/** The built console the API serves; built before the tests when missing or stale. */
import { CONSOLE_DIST, ensureConsoleBuilt } from '../../tooling/console-build';

export { CONSOLE_DIST, ensureConsoleBuilt };

export { findChromium } from '../../tooling/chromium';

export interface ConsoleSystem {
  /** The Temporal dev server, the sandbox and the worker (whose records go to `db`). */
  cases: CaseSystem;
  db: TestDatabase;
  /** The API, with the console at `${url}/console`. */
  url: string;
  /** Errors the API logged (a 500 anywhere is a bug). */
  logged: unknown[];
  /** The link `npm start` prints: a token for `subject` with `role`, in the fragment of the sign-in page. */
  signInLink(role: Role | string, subject?: string): Promise<string>;
  /** A call to the API with `role`'s test key (the website opens cases, staff read them). */
  call(role: Role, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

/**
 * The whole system for the console's browser tests, started once per file: a Temporal dev server,
 * the sandbox, a case worker writing case records to a database of the file's own, and the API
 * listening on a free loopback port with the JWT sign-in, that database's records and console
 * sessions (PostgreSQL, as production), and the built console.
 */
export function useConsoleSystem(taskQueue: string): ConsoleSystem {
  const out = { logged: [] as unknown[] } as ConsoleSystem;
  let server: Server | undefined;
  beforeAll(async () => {
    ensureConsoleBuilt();
    out.db = await freshDatabase();
  }, 240_000);
  out.cases = useCaseSystem('dev', taskQueue, (s) => ({ ...s.ports, records: createPostgresRecords(out.db.pool) }));
  beforeAll(async () => {
    const app = createApp({
      client: out.cases.env.client,
      taskQueue,
      policy: AGENT_ONLY_POLICY,
      processors: ['sandbox'],
      authenticate: testAuthenticator(),
      rateLimitPerMinute: 100_000,
      serviceRateLimitPerMinute: 100_000,
      customerRateLimitPerMinute: 100_000,
      failedCredentialsPerMinute: 100_000,
      records: out.db.pool,
      agentConsole: { sessions: createPostgresConsoleSessionStore(out.db.pool), dir: CONSOLE_DIST },
      log: (_m, err) => out.logged.push(err),
    });
    server = await new Promise<Server>((done) => {
      const s = app.listen(0, '127.0.0.1', () => done(s));
    });
    // localhost, as npm start prints it: the cookie is not Secure on a loopback host over http.
    out.url = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await out.db?.drop();
  });

  out.signInLink = async (role, subject = `${role}_e2e`) => `${out.url}/console/sign-in#token=${await testJwt(subject, role, {}, '1h')}`;
  out.call = async (role, method, path, body) => {
    const res = await fetch(`${out.url}${path}`, {
      method,
      headers: { 'X-API-Key': TEST_KEYS[role].secret, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return out;
}
