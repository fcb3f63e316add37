import { SignJWT } from 'jose';
import { TEST_JWT, apiOver, reportBody, testJwt, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'api-hardening';
const system = useCaseSystem('dev', TASK_QUEUE);
let api: ReturnType<typeof apiOver>;

beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY);
});

async function caseAwaitingDecision(): Promise<string> {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const opened = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(202);
  await waitForStatus(api.as('agent'), opened.body.disputeId, 'AWAITING_DECISION');
  return opened.body.disputeId;
}

describe('people sign in with bearer tokens', () => {
  test('a supervisor\'s token decides, and the case records the token\'s subject and role, not what the body says', async () => {
    const id = await caseAwaitingDecision();
    const token = await testJwt('sup_claire', 'supervisor');
    const forged = await api.http.post(`/v1/disputes/${id}/decision`).set('Authorization', `Bearer ${token}`).send({ action: 'DENY', reason: 'no', agentId: 'someone_else', role: 'supervisor' });
    expect(forged.status).toBe(400);
    expect(forged.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['agentId', 'role']);

    const decided = await api.http.post(`/v1/disputes/${id}/decision`).set('Authorization', `Bearer ${token}`).send({ action: 'DENY', reason: 'the charge matches the order' }).expect(200);
    expect(decided.body.decision).toMatchObject({ action: 'DENY', agentId: 'sup_claire', role: 'supervisor' });
  });

  test('a customer\'s token reads their own case', async () => {
    const id = await caseAwaitingDecision();
    const token = await testJwt('cus_ada', 'customer');
    const res = await api.http.get(`/v1/disputes/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.disputeId).toBe(id);
  });

  const key = new TextEncoder().encode(TEST_JWT.secret);
  const base = () => new SignJWT({ role: 'agent' }).setProtectedHeader({ alg: 'HS256' }).setSubject('agent_9').setIssuedAt();
  test.each([
    ['expired', () => base().setIssuer(TEST_JWT.issuer).setAudience(TEST_JWT.audience).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key), 'expired'],
    ['for another audience', () => base().setIssuer(TEST_JWT.issuer).setAudience('someone-else').setExpirationTime('5m').sign(key), '"aud"'],
    ['from another issuer', () => base().setIssuer('https://evil.example/').setAudience(TEST_JWT.audience).setExpirationTime('5m').sign(key), '"iss"'],
    ['signed with another key', () => base().setIssuer(TEST_JWT.issuer).setAudience(TEST_JWT.audience).setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(40))), 'not valid'],
    ['without an expiry', () => base().setIssuer(TEST_JWT.issuer).setAudience(TEST_JWT.audience).sign(key), '"exp"'],
    ['with a role we do not have', () => new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(TEST_JWT.issuer).setAudience(TEST_JWT.audience).setExpirationTime('5m').sign(key), 'role'],
    ['unsigned (alg none)', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'supervisor', iss: TEST_JWT.issuer, aud: TEST_JWT.audience, exp: 9e9 })).toString('base64url')}.`, 'not valid'],
  ])('a token %s is refused with 401', async (_name, mint, reason) => {
    const res = await api.http.get('/v1/disputes').set('Authorization', `Bearer ${await mint()}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.body.detail).toContain(reason);
  });

  test('an unknown API key and a malformed Authorization header are refused with 401', async () => {
    expect((await api.http.get('/v1/disputes').set('X-API-Key', 'not-a-key-we-issued-000000000')).status).toBe(401);
    expect((await api.http.get('/v1/disputes').set('Authorization', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l')).status).toBe(401);
  });
});

describe('the API protects itself and its callers', () => {
  test('answers carry security headers and a request id, the caller\'s when it sends a sane one', async () => {
    const res = await api.as('agent').get('/v1/disputes?limit=1').set('X-Request-Id', 'req-from-website-42');
    expect(res.headers['x-request-id']).toBe('req-from-website-42');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const generated = await api.as('agent').get('/v1/disputes?limit=1').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a problem names its request id, so a support question finds the log line', async () => {
    const res = await api.as('agent').get('/v1/disputes/DSP-0000000000').set('X-Request-Id', 'req-support-1234');
    expect(res.body).toMatchObject({ code: 'CASE_NOT_FOUND', requestId: 'req-support-1234' });
  });

  test('a body over 32 kB is refused with 413 naming the limit before it reaches a case', async () => {
    const tx = system.sandbox.charge();
    const res = await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { description: 'x'.repeat(40_000) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', errors: [{ field: '(body)', reason: `is larger than ${32 * 1024} bytes` }] });
  });

  test('a full card number anywhere in a body is refused with 422 naming the field, and no case opens', async () => {
    const tx = system.sandbox.charge();
    const body = reportBody(tx.id, { description: 'I paid with 4242 4242 4242 4242 and was charged twice' });
    const res = await api.as('website').post('/v1/disputes').send(body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'CARD_NUMBER_REFUSED', errors: [{ field: 'description' }] });
    expect(JSON.stringify(res.body)).not.toContain('4242 4242');
    await api.as('agent').get(`/v1/disputes/${(await import('../../api/case-id')).caseIdFor('sandbox', tx.id)}`).expect(404);
    const viaKey = await api.as('website').post('/v1/disputes').set('Idempotency-Key', '4111111111111111').send(reportBody(tx.id));
    expect(viaKey.body).toMatchObject({ code: 'CARD_NUMBER_REFUSED', errors: [{ field: 'header:Idempotency-Key' }] });
    const viaRequestId = await api.as('agent').get('/v1/disputes/DSP-0000000000').set('X-Request-Id', '4111-1111-1111-1111');
    expect(viaRequestId.headers['x-request-id']).not.toContain('4111');
    // The last four digits alone, or an order number that fails Luhn, are fine.
    await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { description: 'Visa ending 4242, order 1234567890123' })).expect(202);
  });

  test('each credential has its own budget: past it, 429 with Retry-After, while other callers go on', async () => {
    const limited = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) await limited.as('agent').get('/v1/disputes?limit=1').expect(200);
    const refused = await limited.as('agent').get('/v1/disputes?limit=1');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    await limited.as('supervisor').get('/v1/disputes?limit=1').expect(200);
  });

  test('guessing credentials is slowed down: after 20 refused keys in a minute the address gets 429, even with a good key', async () => {
    const guarded = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { failedCredentialsPerMinute: 20 });
    for (let i = 0; i < 20; i++) expect((await guarded.http.get('/v1/disputes').set('X-API-Key', `guess-${i}-000000000000000000000`)).status).toBe(401);
    const blocked = await guarded.as('agent').get('/v1/disputes?limit=1');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('60');
  });

  test('successful requests do not count towards the refused-credential limit', async () => {
    const guarded = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { failedCredentialsPerMinute: 3 });
    for (let i = 0; i < 10; i++) await guarded.as('agent').get('/v1/disputes?limit=1').expect(200);
    await guarded.http.get('/v1/disputes').set('X-API-Key', 'wrong-000000000000000000000000').expect(401);
    await guarded.as('agent').get('/v1/disputes?limit=1').expect(200);
  });

  test('an unexpected failure answers 500 with no stack trace and no internal message', async () => {
    const broken = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, {
      documents: { save: async () => undefined, read: async () => null, latest: async () => { throw new Error('disk /var/secret exploded at line 42'); } },
    });
    const id = await caseAwaitingDecision();
    const res = await broken.as('agent').get(`/v1/disputes/${id}/document`).set('Accept', 'application/json');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'INTERNAL', detail: 'Something went wrong on our side; the error is logged.' });
    expect(JSON.stringify(res.body)).not.toMatch(/secret|line 42|at .*\.ts/);
    expect(broken.logged).toHaveLength(1);
  });
});

describe('the access log', () => {
  test('has one line per request with its id, route, status and caller, and never the query or a secret', async () => {
    const lines: string[] = [];
    const logged = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { accessLog: (line) => lines.push(line) });
    await logged.as('agent').get('/v1/disputes?limit=1&status=RESOLVED').set('X-Request-Id', 'req-access-log-1').expect(200);
    await logged.http.get('/v1/disputes/DSP-0000000000').expect(401);
    expect(lines[0]).toMatch(/^\[request req-access-log-1\] GET \/v1\/disputes\/? 200 \d+ms key:agent_7$/);
    expect(lines[1]).toMatch(/GET \/v1\/disputes\/DSP-0000000000 401 \d+ms anonymous$/);
    expect(lines.join('\n')).not.toMatch(/status=RESOLVED|test-agent-key/);
  });
});
