import { ApiError, claimedRole, createApiClient, currentSession, endSession, notATokenReason, signIn, tokenFrom, type FetchLike } from '../../console/src/lib/api';

type Call = { path: string; method: string; headers: Record<string, string>; body?: string };

/** A fake API answering from a list, recording each request. */
function fakeFetch(answers: { status: number; body?: unknown }[]) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (path, init) => {
    calls.push({ path, method: init.method, headers: init.headers, ...(init.body ? { body: init.body } : {}) });
    const a = answers.shift() ?? { status: 500, body: { detail: 'no answer left' } };
    return { status: a.status, ok: a.status < 300, headers: { get: () => null }, json: async () => a.body, text: async () => JSON.stringify(a.body) };
  };
  return { fetch, calls };
}

describe('the console API client', () => {
  test('writes carry the CSRF token, reads do not, and both stay same-origin JSON', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: { queues: {} } }, { status: 201, body: { ok: true } }]);
    const api = createApiClient({ fetch, csrfToken: () => 'csrf-1', onSessionExpired: async () => undefined });
    await api.get('/v1/queues');
    await api.post('/v1/disputes/DSP-1/notes', { text: 'called the bank' });
    expect(calls[0]!.headers['X-CSRF-Token']).toBeUndefined();
    expect(calls[1]).toMatchObject({ method: 'POST', headers: { 'X-CSRF-Token': 'csrf-1', 'Content-Type': 'application/json' }, body: '{"text":"called the bank"}' });
  });

  test('a session that expired mid-work is renewed through the dialog and the request sent again with the new token', async () => {
    const { fetch, calls } = fakeFetch([{ status: 401, body: { code: 'SESSION_EXPIRED', detail: 'expired' } }, { status: 200, body: { status: 'RESOLVING' } }]);
    let token = 'old';
    const api = createApiClient({ fetch, csrfToken: () => token, onSessionExpired: async () => { token = 'new'; } });
    await expect(api.post('/v1/disputes/DSP-1/decision', { action: 'DENY', reason: 'x' })).resolves.toEqual({ status: 'RESOLVING' });
    expect(calls.map((c) => c.headers['X-CSRF-Token'])).toEqual(['old', 'new']);
    expect(calls[1]!.body).toBe(calls[0]!.body);
  });

  test('a cookie that is gone (cleared, or signed out in another tab) also brings the sign-in dialog, not an error on the page', async () => {
    const { fetch } = fakeFetch([{ status: 401, body: { code: 'UNAUTHENTICATED' } }, { status: 200, body: { queues: { all: 3 } } }]);
    let asked = 0;
    const api = createApiClient({ fetch, csrfToken: () => 't', onSessionExpired: async () => { asked++; } });
    await expect(api.get('/v1/queues')).resolves.toEqual({ queues: { all: 3 } });
    expect(asked).toBe(1);
  });

  test('signing out ends the session with the CSRF token, and succeeds even when the session had already ended', async () => {
    const { fetch, calls } = fakeFetch([{ status: 401, body: { code: 'SESSION_EXPIRED' } }]);
    await expect(endSession(fetch, 'csrf-9')).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ path: '/v1/session', method: 'DELETE', headers: { 'X-CSRF-Token': 'csrf-9' } });
    await expect(endSession(async () => { throw new Error('offline'); }, null)).resolves.toBeUndefined();
  });

  test('a problem is thrown with its status and field errors; a second expiry is not retried forever', async () => {
    const { fetch } = fakeFetch([
      { status: 422, body: { code: 'AMOUNT_EXCEEDS_REFUNDABLE', errors: [{ field: 'amount.amountMinor', reason: 'too much' }] } },
      { status: 401, body: { code: 'SESSION_EXPIRED' } },
      { status: 401, body: { code: 'SESSION_EXPIRED' } },
    ]);
    const api = createApiClient({ fetch, csrfToken: () => 't', onSessionExpired: async () => undefined });
    const err = (await api.post('/x', {}).catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.code, err.problem.errors?.[0]?.field]).toEqual([422, 'AMOUNT_EXCEEDS_REFUNDABLE', 'amount.amountMinor']);
    await expect(api.get('/y')).rejects.toMatchObject({ status: 401 });
  });

  test('signing in sends the token as a bearer credential; no session reads as null', async () => {
    const { fetch, calls } = fakeFetch([{ status: 201, body: { subject: 'agent_7', role: 'agent', csrfToken: 'c', expiresAt: 'z' } }, { status: 401, body: { code: 'UNAUTHENTICATED' } }]);
    expect((await signIn(fetch, 'a.b.c')).subject).toBe('agent_7');
    expect(calls[0]).toMatchObject({ path: '/v1/session', method: 'POST', headers: { Authorization: 'Bearer a.b.c' } });
    expect(await currentSession(fetch)).toBeNull();
  });

  test.each([
    ['http://localhost:3000/console/sign-in#token=eyJa.eyJb.sig', 'eyJa.eyJb.sig'],
    ['eyJa.eyJb.sig', 'eyJa.eyJb.sig'],
    ['  eyJa.eyJb.sig\n', 'eyJa.eyJb.sig'],
    ['not a token', null],
  ])('the token in %j is %j', (text, token) => {
    expect(tokenFrom(text)).toBe(token);
  });
});

describe('what a pasted text that is not a token is', () => {
  test.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['dev_agent_Qm9vYmFyYmF6cXV4MTIzNDU2Nzg5', 'apiKey'],
    ['hello there', 'unknown'],
  ] as const)('%j is %s', (text, why) => {
    expect(notATokenReason(text)).toBe(why);
  });
});

describe('claimedRole', () => {
  const jwt = (payload: unknown) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
  test('reads the role a token claims, for the refusal page to name it', () => {
    expect(claimedRole(jwt({ sub: 'cus_ada', role: 'customer', name: 'Zoë ✓' }))).toBe('customer');
  });
  test('answers undefined for a token without a role, or that is not a JWT', () => {
    expect(claimedRole(jwt({ sub: 'x' }))).toBeUndefined();
    expect(claimedRole('not-a-token')).toBeUndefined();
    expect(claimedRole('a.%%%.c')).toBeUndefined();
  });
});
