import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { Problem, problemMiddleware } from '../../api/problems';
import { ErrorType } from '../../domain/errors';
import { createEncryptionCodec } from '../../security/codec';
import { createCodecRouter } from '../../security/codec-server';
import { keyRingOf } from '../../security/keys';

const UI = 'http://localhost:8233';
const ENGINEER_KEY = 'eng-key-0123456789';
const AGENT_KEY = 'agent-key-0123456789';
const ring = keyRingOf([{ id: 'k1', key: randomBytes(32) }]);

/** Like the API's guard: an engineer's API key, or a bearer token that only engineers hold. */
const engineersOnly: RequestHandler = (req, _res, next) => {
  const key = req.header('x-api-key');
  const bearer = req.header('authorization');
  if (key === ENGINEER_KEY || bearer === 'Bearer eng.jwt.sig') return next();
  if (key === AGENT_KEY) return next(new Problem(ErrorType.FORBIDDEN, 'The agent role may not do this; it is for engineer.'));
  next(new Problem(ErrorType.UNAUTHENTICATED, 'This endpoint needs a credential.'));
};

function app() {
  const a = express();
  a.use('/codec', createCodecRouter({ ring, guard: engineersOnly, allowedOrigins: [UI], namespace: 'default' }));
  a.use(problemMiddleware(() => undefined));
  return a;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const clearPayload = { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify({ email: 'ada@example.com', amountMinor: 4999 })) };
const post = (path: string) => request(app()).post(`/codec${path}`).set('X-Namespace', 'default');

describe('the codec server', () => {
  test('encodes and decodes payloads in the codec-server protocol shape, encrypted in between', async () => {
    const encoded = await post('/encode').set('X-API-Key', ENGINEER_KEY).send({ payloads: [clearPayload] });
    expect(encoded.status).toBe(200);
    const [sealed] = encoded.body.payloads;
    expect(Buffer.from(sealed.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed.metadata['encryption-key-id'], 'base64').toString()).toBe('k1');
    expect(Buffer.from(sealed.data, 'base64').toString('latin1')).not.toContain('ada@example.com');

    const decoded = await post('/decode').set('X-API-Key', ENGINEER_KEY).send(encoded.body);
    expect(decoded.status).toBe(200);
    expect(decoded.body).toEqual({ payloads: [clearPayload] });
  });

  test('decodes what a worker encrypted with the same ring, and passes payloads in clear through', async () => {
    const [fromWorker] = await createEncryptionCodec(ring).encode([defaultPayloadConverter.toPayload({ description: 'Débité deux fois' })]);
    const body = { payloads: [{ metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('k1') }, data: Buffer.from(fromWorker!.data!).toString('base64') }, clearPayload] };
    const res = await post('/decode').set('Authorization', 'Bearer eng.jwt.sig').send(body);
    expect(res.status).toBe(200);
    expect(JSON.parse(Buffer.from(res.body.payloads[0].data, 'base64').toString())).toEqual({ description: 'Débité deux fois' });
    expect(res.body.payloads[1]).toEqual(clearPayload);
  });

  test("takes a body without a payloads list as an empty one: what the Temporal CLI posts for a query with no argument (proto JSON leaves empty lists out)", async () => {
    for (const path of ['/encode', '/decode']) {
      const res = await post(path).set('X-API-Key', ENGINEER_KEY).send({});
      expect([path, res.status, res.body]).toEqual([path, 200, { payloads: [] }]);
    }
  });

  test('refuses a request without an engineer credential (401) or with another role (403), before reading the body', async () => {
    const none = await post('/decode').send({ payloads: [clearPayload] });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const agent = await post('/encode').set('X-API-Key', AGENT_KEY).send('{not json');
    expect(agent.status).toBe(403);
    expect(agent.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('answers the UI origin with CORS headers for credentials, and refuses any other origin with none', async () => {
    const allowed = await post('/decode').set('Origin', UI).set('X-API-Key', ENGINEER_KEY).send({ payloads: [] });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(UI);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(allowed.headers.vary).toMatch(/Origin/);

    const refused = await post('/decode').set('Origin', 'http://localhost:9999').set('X-API-Key', ENGINEER_KEY).send({ payloads: [clearPayload] });
    expect(refused.status).toBe(403);
    expect(refused.body.payloads).toBeUndefined();
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-allow-credentials']).toBeUndefined();
    expect(refused.headers.vary).toMatch(/Origin/);

    const unauthenticated = await post('/decode').set('Origin', UI).send({ payloads: [] });
    expect(unauthenticated.status).toBe(401);
    // The UI can read the refusal.
    expect(unauthenticated.headers['access-control-allow-origin']).toBe(UI);
  });

  test('answers the preflight from the UI origin without a credential, and refuses it from another origin', async () => {
    const preflight = await request(app())
      .options('/codec/decode')
      .set('Origin', UI)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-namespace');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Content-Type/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Namespace/);

    const other = await request(app()).options('/codec/decode').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(other.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  test.each([
    ['a body that is not JSON', '{"payloads": [', '(body)', /not valid JSON/],
    ['payloads that are not a list', { payloads: 'x' }, 'payloads', /array/],
    ['data that is not base64', { payloads: [{ data: 'not base64!' }] }, 'payloads.0.data', /not base64/],
    ['a metadata value that is not a string', { payloads: [{ metadata: { encoding: 7 } }] }, 'payloads.0.metadata.encoding', /string/],
    ['an unknown payload field', { payloads: [{ data: '', extra: 1 }] }, 'payloads.0.extra', /not a known field/],
    ['an unknown top-level field', { payloads: [], more: true }, 'more', /not a known field/],
  ])('answers 400 with the field and the reason for %s', async (_name, body, field, reason) => {
    const req = post('/decode').set('X-API-Key', ENGINEER_KEY).set('Content-Type', 'application/json');
    const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('INVALID_INPUT');
    const problem = res.body.errors.find((e: { field: string }) => e.field === field);
    expect(problem?.reason).toMatch(reason);
  });

  test('answers 400 naming the payload and its key id when a payload cannot be decrypted', async () => {
    const [other] = await createEncryptionCodec(keyRingOf([{ id: 'retired-2024', key: randomBytes(32) }])).encode([defaultPayloadConverter.toPayload('secret')]);
    const body = { payloads: [clearPayload, { metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('retired-2024') }, data: Buffer.from(other!.data!).toString('base64') }] };
    const res = await post('/decode').set('X-API-Key', ENGINEER_KEY).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'payloads.1', reason: expect.stringMatching(/key "retired-2024", which is not in the key ring/) }]);
  });

  test('refuses a request for another namespace', async () => {
    const res = await post('/decode').set('X-Namespace', 'payments').set('X-API-Key', ENGINEER_KEY).send({ payloads: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'header:x-namespace', reason: 'is not default' }]);
  });
});

describe('signing in to the codec server from a browser', () => {
  const cookieOf = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('loop_codec_session='));

  test('an engineer credential sets an HttpOnly, SameSite=Strict cookie that the UI origin then decodes with', async () => {
    const server = app();
    const signIn = await request(server).post('/codec/session').send({ credential: ENGINEER_KEY });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toEqual({ signedIn: true, expiresAt: expect.any(String) });
    const cookie = cookieOf(signIn)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/codec/);
    expect(cookie).not.toContain(ENGINEER_KEY);

    const session = cookie.split(';')[0]!;
    const decoded = await request(server).post('/codec/decode').set('Origin', UI).set('Cookie', session).send({ payloads: [clearPayload] });
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toEqual([clearPayload]);

    const signOut = await request(server).delete('/codec/session').set('Cookie', session);
    expect(signOut.status).toBe(204);
    expect(cookieOf(signOut)).toMatch(/Expires=Thu, 01 Jan 1970/);
    const after = await request(server).post('/codec/decode').set('Origin', UI).set('Cookie', session).send({ payloads: [clearPayload] });
    expect(after.status).toBe(401);
  });

  test('a bearer token signs in as a bearer token; the sign-in form answers a page', async () => {
    const form = await request(app()).post('/codec/session').type('form').send({ credential: 'eng.jwt.sig' });
    expect(form.status).toBe(200);
    expect(form.headers['content-type']).toMatch(/text\/html/);
    expect(form.text).toMatch(/Signed in until/);
    expect(cookieOf(form)).toBeDefined();
    const page = await request(app()).get('/codec/session');
    expect(page.text).toMatch(/<form method="post">/);
  });

  test('the sign-in form works as a browser posts it: Origin null or its own, Sec-Fetch-Site same-origin; another site is refused', async () => {
    const page = await request(app()).get('/codec/session');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    const asChromium = await request(app()).post('/codec/session').set('Origin', 'null').set('Sec-Fetch-Site', 'same-origin').type('form').send({ credential: 'eng.jwt.sig' });
    expect(asChromium.status).toBe(200);
    const crossSite = await request(app()).post('/codec/session').set('Origin', 'https://evil.example').set('Sec-Fetch-Site', 'cross-site').type('form').send({ credential: 'eng.jwt.sig' });
    expect(crossSite.status).toBe(403);
  });

  test('another role, a wrong credential or no credential gets no cookie', async () => {
    const agent = await request(app()).post('/codec/session').send({ credential: AGENT_KEY });
    expect(agent.status).toBe(403);
    expect(cookieOf(agent)).toBeUndefined();
    const wrong = await request(app()).post('/codec/session').set('X-API-Key', ENGINEER_KEY).send({ credential: 'guess' });
    expect(wrong.status).toBe(401);
    expect(cookieOf(wrong)).toBeUndefined();
    const empty = await request(app()).post('/codec/session').send({});
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0]).toMatchObject({ field: 'credential' });
  });

  test('a made-up or expired session cookie is no credential', async () => {
    let now = Date.now();
    const server = express();
    server.use('/codec', createCodecRouter({ ring, guard: engineersOnly, allowedOrigins: [UI], session: { ttlMs: 60_000, now: () => now } }));
    server.use(problemMiddleware(() => undefined));
    const signIn = await request(server).post('/codec/session').send({ credential: ENGINEER_KEY });
    const session = cookieOf(signIn)!.split(';')[0]!;
    expect((await request(server).post('/codec/decode').set('Cookie', session).send({ payloads: [] })).status).toBe(200);
    expect((await request(server).post('/codec/decode').set('Cookie', 'loop_codec_session=made-up').send({ payloads: [] })).status).toBe(401);
    now += 61_000;
    expect((await request(server).post('/codec/decode').set('Cookie', session).send({ payloads: [] })).status).toBe(401);
  });

  test('a sign-in posted from another origin is refused', async () => {
    const res = await request(app()).post('/codec/session').set('Origin', 'https://evil.example').send({ credential: ENGINEER_KEY });
    expect(res.status).toBe(403);
    expect(cookieOf(res)).toBeUndefined();
  });
});
