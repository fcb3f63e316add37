import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import request from 'supertest';
import type { ApiDeps } from '../../api/app';
import { createPool } from '../../db/pool';
import { createPostgresConsoleSessionStore } from '../../security/console-session-store';
import { TEST_JWT, TEST_KEYS, apiOver, testJwt } from '../support/api';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';

/** Sessions, the queues and the console's files: none of it calls Temporal. */
const noTemporal = { client: {} } as unknown as TestWorkflowEnvironment;
const HOUR = 3_600_000;

function consoleApi(agentConsole: ApiDeps['agentConsole'] = {}, more: Partial<ApiDeps> = {}) {
  return apiOver(noTemporal, 'unused', undefined, { agentConsole, ...more });
}

const setCookies = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const consoleCookie = (res: request.Response) => setCookies(res).find((c) => c.startsWith('loop_console='));
/** The `name=value` part of the console cookie, as the browser sends it back. */
const cookiePair = (res: request.Response) => consoleCookie(res)!.split(';')[0]!;
const attributes = (cookie: string) => cookie.split(';').slice(1).map((a) => a.trim().toLowerCase());

async function signIn(app: ReturnType<typeof consoleApi>['app'], role = 'agent', sub = 'agent_ada') {
  const res = await request(app).post('/v1/session').set('Authorization', `Bearer ${await testJwt(sub, role)}`);
  expect(res.status).toBe(201);
  return { cookie: cookiePair(res), csrfToken: res.body.csrfToken as string, res };
}

describe('signing in to the console: a bearer token for a cookie', () => {
  test('an agent\'s token opens a session: 201 with who, the CSRF token and the end, and an HttpOnly SameSite=Strict cookie for the whole API, not Secure on localhost', async () => {
    const { app } = consoleApi();
    const res = await request(app).post('/v1/session').set('Host', 'localhost:3000').set('Authorization', `Bearer ${await testJwt('agent_ada', 'agent')}`);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ subject: 'agent_ada', role: 'agent', csrfToken: expect.stringMatching(/^[\w-]{40,}$/), expiresAt: expect.any(String) });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(8 * HOUR - 60_000);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(8 * HOUR);
    expect(res.headers['cache-control']).toBe('no-store');
    const attrs = attributes(consoleCookie(res)!);
    expect(attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    expect(attrs).not.toContain('secure');
    // No longer than the absolute life of the session.
    expect(attrs).toContain(`max-age=${12 * 3600}`);
  });

  test.each(['127.0.0.1:3000', '[::1]:3000'])('the cookie is not Secure on the loopback host %s over http', async (host) => {
    const res = await request(consoleApi().app).post('/v1/session').set('Host', host).set('Authorization', `Bearer ${await testJwt('sup_1', 'supervisor')}`);
    expect(res.status).toBe(201);
    expect(attributes(consoleCookie(res)!)).not.toContain('secure');
  });

  test('on any other host the cookie is Secure, even over http (behind a proxy that terminates TLS)', async () => {
    const res = await request(consoleApi().app).post('/v1/session').set('Host', 'disputes.loop.tech').set('Authorization', `Bearer ${await testJwt('agent_ada', 'agent')}`);
    expect(res.status).toBe(201);
    expect(attributes(consoleCookie(res)!)).toContain('secure');
  });

  test.each(['supervisor', 'analyst'])('a %s may sign in too', async (role) => {
    const { res } = await signIn(consoleApi().app, role, `${role}_1`);
    expect(res.body).toMatchObject({ subject: `${role}_1`, role });
  });

  test.each(['customer', 'website', 'engineer'])('a %s token is refused with 403 FORBIDDEN saying who the console is for, and no cookie', async (role) => {
    const res = await request(consoleApi().app).post('/v1/session').set('Authorization', `Bearer ${await testJwt(`${role}_1`, role)}`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.body.detail).toBe(`The console is for agents, supervisors and analysts; the ${role} role cannot use it.`);
    expect(consoleCookie(res)).toBeUndefined();
  });

  test('an API key, even an agent\'s, opens no session: services keep their keys', async () => {
    const res = await request(consoleApi().app).post('/v1/session').set('X-API-Key', TEST_KEYS.agent.secret);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.body.detail).toMatch(/An API key cannot open a console session: services keep their keys/);
    expect(consoleCookie(res)).toBeUndefined();
  });

  test('a bad or expired token is 401 as anywhere else, and no request without a token opens a session', async () => {
    const { app } = consoleApi();
    const expired = await testJwt('agent_ada', 'agent', {}, Math.floor(Date.now() / 1000) - 60);
    expect((await request(app).post('/v1/session').set('Authorization', `Bearer ${expired}`)).body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: 'The token has expired.' });
    const none = await request(app).post('/v1/session');
    expect(none.status).toBe(401);
    expect(none.body.errors).toEqual([{ field: 'header:authorization', reason: 'is missing' }]);
  });
});

describe('the cookie as a credential', () => {
  test('GET /v1/session answers the session again (after a reload) and the cookie reads the queues as the token would', async () => {
    const { app } = consoleApi();
    const { cookie, csrfToken, res: signedIn } = await signIn(app, 'supervisor', 'sup_ada');
    const again = await request(app).get('/v1/session').set('Cookie', cookie);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ subject: 'sup_ada', role: 'supervisor', csrfToken, expiresAt: signedIn.body.expiresAt });
    const queues = await request(app).get('/v1/queues').set('Cookie', cookie);
    expect(queues.status).toBe(200);
  });

  test('the cookie stands for the same principal as the bearer token: id jwt:<issuer>#<sub> (as the access log names the caller)', async () => {
    const lines: string[] = [];
    const { app } = consoleApi({}, { accessLog: (line) => lines.push(line) });
    const token = await testJwt('agent_ada', 'agent');
    await request(app).get('/v1/queues').set('Authorization', `Bearer ${token}`).expect(200);
    const { cookie } = await signIn(app, 'agent', 'agent_ada');
    await request(app).get('/v1/queues').set('Cookie', cookie).expect(200);
    const callers = lines.filter((l) => l.includes('GET /v1/queues')).map((l) => l.split(' ').pop());
    expect(callers).toEqual([`jwt:${TEST_JWT.issuer}#agent_ada`, `jwt:${TEST_JWT.issuer}#agent_ada`]);
  });

  test('a role the route does not allow is still refused with the cookie (an analyst cannot read the queues)', async () => {
    const { app } = consoleApi();
    const { cookie } = await signIn(app, 'analyst', 'analyst_ada');
    expect((await request(app).get('/v1/queues').set('Cookie', cookie)).body.code).toBe('FORBIDDEN');
    expect((await request(app).get('/v1/reports/summary').set('Cookie', cookie)).status).not.toBe(403);
  });

  test('a state-changing request signed in by the cookie without X-CSRF-Token is 403 naming the header, before it reaches the case', async () => {
    const { app } = consoleApi();
    const { cookie } = await signIn(app);
    const res = await request(app).post('/v1/disputes/DSP-0000000001/decision').set('Cookie', cookie).send({ action: 'DENY', reason: 'no' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.body.errors).toEqual([{ field: 'header:x-csrf-token', reason: expect.stringMatching(/^is missing/) }]);
    const wrong = await request(app).post('/v1/disputes/DSP-0000000001/decision').set('Cookie', cookie).set('X-CSRF-Token', 'not-the-token').send({ action: 'DENY', reason: 'no' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.errors).toEqual([{ field: 'header:x-csrf-token', reason: "does not match the console session's CSRF token" }]);
  });

  test('with the session\'s CSRF token the request goes through to its route', async () => {
    const { app } = consoleApi();
    const { cookie, csrfToken } = await signIn(app);
    // Past the credential check, a route that does not exist: 404 from the router, not 401/403.
    const res = await request(app).post('/v1/no-such-route').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).send({});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  test('requests with an API key or a bearer token need no CSRF token, cookie or not', async () => {
    const { app } = consoleApi();
    const { cookie } = await signIn(app);
    const withKey = await request(app).post('/v1/no-such-route').set('Cookie', cookie).set('X-API-Key', TEST_KEYS.agent.secret).send({});
    expect(withKey.status).toBe(404);
    const withToken = await request(app).post('/v1/no-such-route').set('Authorization', `Bearer ${await testJwt('agent_ada', 'agent')}`).send({});
    expect(withToken.status).toBe(404);
  });

  test('without any cookie GET /v1/session is 401 UNAUTHENTICATED, not SESSION_EXPIRED', async () => {
    const res = await request(consoleApi().app).get('/v1/session');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('signing out and expiry', () => {
  test('DELETE /v1/session with the CSRF token signs out: 204, the cookie cleared, then GET /v1/session and the queues say SESSION_EXPIRED', async () => {
    const { app } = consoleApi();
    const { cookie, csrfToken } = await signIn(app);
    const refused = await request(app).delete('/v1/session').set('Cookie', cookie);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].field).toBe('header:x-csrf-token');
    const out = await request(app).delete('/v1/session').set('Cookie', cookie).set('X-CSRF-Token', csrfToken);
    expect(out.status).toBe(204);
    expect(consoleCookie(out)).toMatch(/^loop_console=;.*Expires=Thu, 01 Jan 1970/);
    for (const path of ['/v1/session', '/v1/queues']) {
      const after = await request(app).get(path).set('Cookie', cookie);
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({ code: 'SESSION_EXPIRED', errors: [{ field: 'cookie:loop_console', reason: expect.any(String) }] });
    }
    // A half-written decision sent after expiry: 401 SESSION_EXPIRED (the console keeps the draft and signs in again).
    const late = await request(app).post('/v1/disputes/DSP-0000000001/decision').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).send({ action: 'DENY', reason: 'no' });
    expect(late.body.code).toBe('SESSION_EXPIRED');
  });

  test('a session unused for the idle timeout has ended; one in use ends at the absolute limit', async () => {
    let now = Date.now();
    const { app } = consoleApi({ idleMs: 8 * HOUR, maxMs: 12 * HOUR, now: () => now });
    const idle = await signIn(app);
    const busy = await signIn(app, 'supervisor', 'sup_1');
    for (let uses = 0; uses < 5; uses++) {
      now += 2 * HOUR;
      const res = await request(app).get('/v1/session').set('Cookie', busy.cookie);
      expect(res.status).toBe(200);
      expect(Date.parse(res.body.expiresAt)).toBe(Math.min(now + 8 * HOUR, Date.parse(busy.res.body.expiresAt) + 4 * HOUR));
    }
    // 10 h after sign-in, never used since: over. The other, used two hours ago, ends at 12 h all the same.
    expect((await request(app).get('/v1/session').set('Cookie', idle.cookie)).body.code).toBe('SESSION_EXPIRED');
    now += 2 * HOUR;
    expect((await request(app).get('/v1/session').set('Cookie', busy.cookie)).body.code).toBe('SESSION_EXPIRED');
  });

  test('signed-out or expired answers never count as guessed credentials (the console can always sign in again)', async () => {
    const { app } = consoleApi({}, { failedCredentialsPerMinute: 3 });
    const { cookie, csrfToken } = await signIn(app);
    await request(app).delete('/v1/session').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).expect(204);
    for (let i = 0; i < 5; i++) await request(app).get('/v1/session').set('Cookie', cookie).expect(401);
    for (let i = 0; i < 5; i++) await request(app).get('/v1/session').expect(401);
    await signIn(app);
  });
});

describe('the console\'s files at /console', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'loop-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Loop console</title><script type="module" src="/console/assets/index-4f2a9c.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-4f2a9c.js'), 'console.log("hello");');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('GET /console serves the app without a credential, never cached, with a CSP of its own origin only', async () => {
    const res = await request(consoleApi({ dir }).app).get('/console');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<title>Loop console</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/https:|unsafe-inline|unsafe-eval|\*/);
  });

  test('a hashed asset is served with a year\'s immutable cache; a missing one is a 404, not the page', async () => {
    const { app } = consoleApi({ dir });
    const res = await request(app).get('/console/assets/index-4f2a9c.js');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(app).get('/console/assets/index-000000.js');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  test('any other path under /console is the app (it routes in the browser): the sign-in page, a case', async () => {
    const { app } = consoleApi({ dir });
    for (const path of ['/console/', '/console/sign-in', '/console/cases/DSP-0000000001', '/console/../console/x']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<title>Loop console</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const icon = await request(app).get('/console/favicon.svg');
    expect(icon.type).toBe('image/svg+xml');
  });

  test('a folder with no index.html answers 503 with a readable page saying how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'loop-console-empty-'));
    try {
      const res = await request(consoleApi({ dir: empty }).app).get('/console/sign-in');
      expect(res.status).toBe(503);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('The console is not built yet: run <code>npm run console:build</code>');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe.each(databaseKinds())('console sessions in PostgreSQL on the %s server', (kind) => {
  let db: TestDatabase;
  let other: Pool;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    other = createPool({ url: db.url, poolMax: 2, applicationName: 'loop-test-second-api' });
  });
  afterAll(async () => {
    await other.end();
    await db.drop();
  });

  const apiOn = (pool: Pool, now?: () => number) => consoleApi({ sessions: createPostgresConsoleSessionStore(pool), ...(now ? { now } : {}) }).app;

  test('a session one API process started is accepted by another, and signing out on one ends it on both', async () => {
    const first = apiOn(db.pool);
    const second = apiOn(other);
    const { cookie, csrfToken, res } = await signIn(first, 'agent', 'agent_ada');
    expect((await request(second).get('/v1/session').set('Cookie', cookie)).body).toEqual(res.body);
    expect((await request(second).get('/v1/queues').set('Cookie', cookie)).status).toBe(200);
    await request(second).delete('/v1/session').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).expect(204);
    expect((await request(first).get('/v1/session').set('Cookie', cookie)).body.code).toBe('SESSION_EXPIRED');
  });

  test('the row keeps the principal and a digest of the id, never the id itself', async () => {
    const { cookie } = await signIn(apiOn(db.pool), 'supervisor', 'sup_ada');
    const id = cookie.slice('loop_console='.length);
    const { rows } = await db.pool.query("SELECT * FROM console_sessions WHERE subject = 'sup_ada'");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ principal_id: `jwt:${TEST_JWT.issuer}#sup_ada`, role: 'supervisor' });
    expect(JSON.stringify(rows)).not.toContain(id);
  });

  test('an expired session is refused as SESSION_EXPIRED and its row deleted; a sign-in sweeps the others', async () => {
    let now = Date.now();
    const app = apiOn(db.pool, () => now);
    const a = await signIn(app);
    const b = await signIn(app);
    const count = async () => Number((await db.pool.query('SELECT count(*) AS n FROM console_sessions WHERE expires_at <= $1', [new Date(now)])).rows[0].n);
    now += 8 * HOUR + 1;
    expect(await count()).toBeGreaterThanOrEqual(2);
    expect((await request(apiOn(other, () => now)).get('/v1/session').set('Cookie', a.cookie)).body.code).toBe('SESSION_EXPIRED');
    await signIn(app);
    expect(await count()).toBe(0);
    expect((await request(app).get('/v1/session').set('Cookie', b.cookie)).body.code).toBe('SESSION_EXPIRED');
  });
});
