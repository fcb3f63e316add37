import { randomBytes } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import type { Pool } from 'pg';
import request from 'supertest';
import { Problem, problemMiddleware } from '../../api/problems';
import { createPool } from '../../db/pool';
import { ErrorType } from '../../domain/errors';
import { createCodecRouter } from '../../security/codec-server';
import { createPostgresSessionStore } from '../../security/codec-session';
import { keyRingOf, type KeyRing } from '../../security/keys';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';

const ENGINEER_KEY = 'eng-key-0123456789';
const ring = keyRingOf([{ id: 'k1', key: randomBytes(32) }]);

const engineersOnly: RequestHandler = (req, _res, next) => {
  if (req.header('x-api-key') === ENGINEER_KEY) return next();
  next(new Problem(ErrorType.UNAUTHENTICATED, 'This endpoint needs a credential.'));
};

/** One API process's codec server, its sessions in the database behind `pool`. */
function apiOn(pool: Pool, options: { ring?: KeyRing; now?: () => number } = {}) {
  const app = express();
  const sessions = createPostgresSessionStore(pool, options.ring ?? ring);
  app.use('/codec', createCodecRouter({ ring, guard: engineersOnly, allowedOrigins: [], session: { store: sessions, ttlMs: 60_000, ...(options.now ? { now: options.now } : {}) } }));
  app.use(problemMiddleware(() => undefined));
  return app;
}

async function signIn(app: express.Express): Promise<string> {
  const res = await request(app).post('/codec/session').send({ credential: ENGINEER_KEY });
  expect(res.status).toBe(200);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('loop_codec_session='))!;
  return cookie.split(';')[0]!;
}

const decodeStatus = async (app: express.Express, cookie: string) => (await request(app).post('/codec/decode').set('Cookie', cookie).send({ payloads: [] })).status;

describe.each(databaseKinds())('codec sign-ins in PostgreSQL on the %s server', (kind) => {
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

  test('a session started by one API is honoured by another (a restarted API keeps engineers signed in), and sign-out ends it for both', async () => {
    const first = apiOn(db.pool);
    const second = apiOn(other);
    const cookie = await signIn(first);
    expect(await decodeStatus(second, cookie)).toBe(200);
    expect((await request(second).delete('/codec/session').set('Cookie', cookie)).status).toBe(204);
    expect(await decodeStatus(first, cookie)).toBe(401);
    expect(await decodeStatus(second, cookie)).toBe(401);
  });

  test('an expired session is refused and its row deleted', async () => {
    let now = Date.now();
    const app = apiOn(db.pool, { now: () => now });
    const cookie = await signIn(app);
    const digestCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM codec_sessions')).rows[0].n);
    const before = await digestCount();
    now += 60_001;
    expect(await decodeStatus(apiOn(other, { now: () => now }), cookie)).toBe(401);
    expect(await digestCount()).toBe(before - 1);
  });

  test('the table never holds the session id or the credential in clear', async () => {
    const cookie = await signIn(apiOn(db.pool));
    const id = cookie.slice('loop_codec_session='.length);
    const { rows } = await db.pool.query('SELECT * FROM codec_sessions');
    expect(rows.length).toBeGreaterThan(0);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(id);
    expect(raw).not.toContain(ENGINEER_KEY);
    expect(raw).not.toContain(Buffer.from(ENGINEER_KEY).toString('base64'));
  });

  test('a rotated payload key ring signs engineers out', async () => {
    const cookie = await signIn(apiOn(db.pool));
    const rotated = keyRingOf([{ id: 'k2', key: randomBytes(32) }, ring.current]);
    expect(await decodeStatus(apiOn(other, { ring: rotated }), cookie)).toBe(401);
  });
});
