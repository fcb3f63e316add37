import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { parseKeyRing } from '../../security/keys';
import type { Response } from 'supertest';
import { caseIdFromWorkflowId } from '../../domain/ids';
import { CATEGORIES, CHANNELS, LOCALES } from '../../domain/vocabulary';
import { apiOver, reportBody, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

/**
 * Property-based fuzzing of every endpoint's body, parameters and headers on a real dev server:
 * whatever arrives, the API never answers 5xx, never logs an unexpected error, and a case exists
 * only where a report was accepted (2xx).
 */
const TASK_QUEUE = 'api-fuzz';
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const system = useCaseSystem('dev', TASK_QUEUE);
let api: ReturnType<typeof apiOver>;
/** Case numbers the API said it opened or joined; every case on the task queue must be one of them. */
const accepted = new Set<string>();
/** Runs per endpoint, as executed, for the summary line. */
const executed: Record<string, number> = {};

beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, {
    codec: { ring: parseKeyRing(`k1:${randomBytes(32).toString('base64')}`), allowedOrigins: ['http://localhost:8233'], namespace: 'default' },
    answerLinkSecret: 'fuzz-link-secret-0123456789abcdef0123',
  });
});

afterAll(() => {
  console.log(`fuzz runs per endpoint: ${Object.entries(executed).map(([e, n]) => `${e} ${n}`).join('; ')}`);
});

function expectHandled(res: Response) {
  if (res.status >= 500) throw new Error(`answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  expect(api.logged).toEqual([]);
}

/** Any JSON at all, and bodies one mutation away from valid (a field removed, retyped or replaced by junk). */
function nearly<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  const mutated = fc.tuple(valid, fc.nat(), fc.jsonValue(), fc.boolean()).map(([body, n, junk, drop]) => {
    const keys = Object.keys(body);
    const key = keys[n % keys.length]!;
    const copy: Record<string, unknown> = { ...body };
    if (drop) delete copy[key];
    else copy[key] = junk;
    return copy;
  });
  return fc.oneof(fc.jsonValue(), mutated, mutated, valid);
}

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', ' ', '\u0000', 'a'.repeat(6000), '<script>', "'; DROP TABLE x; --"));
const money = fc.record({ amountMinor: fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.double()), currency: fc.oneof(fc.constantFrom('EUR', 'USD', 'eur', 'EUX'), text) });
const transactionId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/), text);

const report = fc.record({
  customer: fc.record({ id: fc.constantFrom('cus_ada'), email: fc.oneof(fc.constantFrom('ada@example.com'), text), locale: fc.oneof(fc.constantFrom(...LOCALES), text) }),
  channel: fc.oneof(fc.constantFrom(...CHANNELS), text),
  category: fc.oneof(fc.constantFrom(...CATEGORIES), text),
  transaction: fc.record({ processor: fc.constantFrom('sandbox', 'stripe', 'visa'), id: transactionId }),
  description: text,
  expectedAmount: money,
});
const decision = fc.record({
  action: fc.oneof(fc.constantFrom('REFUND', 'ACCOUNT_CREDIT', 'DENY', 'REQUEST_INFO', 'ESCALATE'), text),
  amount: money,
  reason: text,
  question: text,
});

/** Sends any JSON value as the body (superagent refuses bare numbers and strings itself). */
function json(req: import('supertest').Test, body: unknown) {
  return req.set('content-type', 'application/json').send(JSON.stringify(body));
}

/** Runs `numRuns` fuzzed calls of one endpoint and counts them. */
async function fuzz<T>(endpoint: string, arbitrary: fc.Arbitrary<T>, call: (input: T) => PromiseLike<Response>, after?: (input: T, res: Response) => void) {
  executed[endpoint] = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      executed[endpoint]!++;
      const res = await call(input);
      expectHandled(res);
      after?.(input, res);
    }),
    { numRuns: RUNS },
  );
  expect(executed[endpoint]).toBeGreaterThanOrEqual(RUNS);
}

async function caseAwaitingDecision(): Promise<string> {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const opened = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(202);
  accepted.add(opened.body.disputeId);
  await waitForStatus(api.as('agent'), opened.body.disputeId, 'AWAITING_DECISION');
  return opened.body.disputeId;
}

describe(`fuzzing every endpoint (${RUNS} inputs each): never a 5xx`, () => {
  test('POST /v1/disputes with any body and Idempotency-Key', async () => {
    await fuzz(
      'POST /v1/disputes',
      fc.tuple(nearly(report), fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^[!-~]{1,20}$/)))),
      ([body, key]) => {
        const req = api.as('website').post('/v1/disputes');
        if (key !== null) {
          try {
            req.set('Idempotency-Key', key);
          } catch {
            // Node refuses some header values before they are sent; the API never sees them.
          }
        }
        return json(req, body);
      },
      (_input, res) => {
        if (res.status === 200 || res.status === 202) accepted.add(res.body.disputeId);
        else expect([400, 403, 413, 422]).toContain(res.status);
      },
    );
  });

  test('GET /v1/disputes with any query', async () => {
    const query = fc.dictionary(fc.constantFrom('status', 'category', 'processor', 'channel', 'liability', 'slaBreached', 'escalated', 'limit', 'other'), fc.oneof(text, fc.constantFrom('true', 'false', '0', '201', 'RESOLVED', 'web')), { maxKeys: 4 });
    await fuzz('GET /v1/disputes', query, (q) => api.as('agent').get('/v1/disputes').query(q));
  });

  test('GET /v1/disputes/:id with any id', async () => {
    await fuzz('GET /v1/disputes/:id', fc.oneof(fc.string({ maxLength: 30 }), fc.stringMatching(/^DSP-[0-9A-Z]{10}$/)), (id) => api.as('customer').get(`/v1/disputes/${encodeURIComponent(id)}`));
  });

  test('POST /v1/disputes/:id/decision with any body', async () => {
    const id = await caseAwaitingDecision();
    await fuzz('POST /v1/disputes/:id/decision', nearly(decision), (body) => json(api.as('agent').post(`/v1/disputes/${id}/decision`), body));
  });

  test('POST /v1/disputes/:id/information with any body', async () => {
    const id = await caseAwaitingDecision();
    await fuzz('POST /v1/disputes/:id/information', nearly(fc.record({ message: text, transactionId })), (body) => json(api.as('customer').post(`/v1/disputes/${id}/information`), body));
  });

  test('POST /v1/disputes/:id/withdrawal with any body', async () => {
    const id = await caseAwaitingDecision();
    await fuzz('POST /v1/disputes/:id/withdrawal', nearly(fc.record({ reason: text })), (body) => json(api.as('customer').post(`/v1/disputes/${id}/withdrawal`), body));
  });

  test('POST /v1/disputes/:id/satisfaction with any body', async () => {
    const id = await caseAwaitingDecision();
    await fuzz('POST /v1/disputes/:id/satisfaction', nearly(fc.record({ satisfied: fc.oneof(fc.boolean(), text), comment: text })), (body) => json(api.as('customer').post(`/v1/disputes/${id}/satisfaction`), body));
  });

  test('GET /v1/disputes/:id/document with any Accept header', async () => {
    const id = await caseAwaitingDecision();
    const accept = fc.oneof(fc.constantFrom('application/pdf', 'application/json', '*/*', 'text/html', 'application/pdf;q=0.1, application/json'), fc.stringMatching(/^[!-~ ]{0,40}$/));
    await fuzz('GET /v1/disputes/:id/document', accept, (a) => api.as('agent').get(`/v1/disputes/${id}/document`).set('Accept', a));
  });

  test('POST /v1/webhooks/sandbox with any body', async () => {
    await fuzz('POST /v1/webhooks/sandbox', fc.jsonValue(), (body) => api.http.post('/v1/webhooks/sandbox').set('content-type', 'application/json').send(JSON.stringify(body)), (_i, res) => {
      if (res.status === 200 && res.body.disputeId) accepted.add(res.body.disputeId);
    });
  });

  test('POST /v1/intake/chat with any body', async () => {
    const chat = fc.record({
      customer: fc.record({ id: fc.oneof(fc.constantFrom('cus_ada'), text), email: fc.oneof(fc.constantFrom('ada@example.com'), text), locale: fc.oneof(fc.constantFrom(...LOCALES), text) }),
      transcript: fc.array(fc.record({ from: fc.constantFrom('customer', 'agent', 'bot', 'x'), at: fc.oneof(fc.constantFrom('2026-11-20T10:00:00Z'), text), text }), { maxLength: 3 }),
      report: fc.record({ category: fc.oneof(fc.constantFrom(...CATEGORIES), text), transaction: fc.record({ processor: fc.constantFrom('sandbox', 'visa'), id: transactionId }), description: text }, { requiredKeys: [] }),
    });
    await fuzz('POST /v1/intake/chat', nearly(chat), (body) => json(api.as('website').post('/v1/intake/chat'), body), (_i, res) => {
      if (res.status === 202) accepted.add(res.body.disputeId);
      else expect([400, 422]).toContain(res.status);
    });
  });

  test('POST /v1/intake/email with any message or inbound-parse JSON', async () => {
    const header = fc.constantFrom('From: Ada <ada@example.com>', 'From: <>', 'Subject: =?utf-8?B?w6k=?=', 'In-Reply-To: <DSP-0000000000.x@loop-disputes>', 'Content-Type: multipart/mixed; boundary=b', 'Content-Transfer-Encoding: base64', 'Content-Type: text/html; charset=iso-8859-1');
    const raw = fc.tuple(fc.array(header, { maxLength: 5 }), fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')))).map(([h, body]) => Buffer.from(`${h.join('\r\n')}\r\n\r\n${body}`, 'latin1'));
    const parsed = fc.record({ from: fc.oneof(fc.constantFrom('ada@example.com', 'Ada <ada@example.com>'), text), subject: text, text, html: text, headers: fc.oneof(text, fc.dictionary(fc.string({ maxLength: 10 }), text, { maxKeys: 3 })) }, { requiredKeys: [] });
    await fuzz(
      'POST /v1/intake/email',
      fc.oneof(raw.map((bytes) => ({ raw: bytes })), nearly(parsed).map((body) => ({ body }))),
      (input) => ('raw' in input ? api.as('website').post('/v1/intake/email').set('content-type', 'message/rfc822').send(input.raw) : json(api.as('website').post('/v1/intake/email'), input.body)),
      (_i, res) => {
        if (res.status === 202) accepted.add(res.body.disputeId);
        else expect([400, 413, 415, 422]).toContain(res.status);
      },
    );
  });

  test('POST /codec/encode and /codec/decode with any body and namespace', async () => {
    const b64 = fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('base64'));
    const payload = fc.record({ metadata: fc.dictionary(fc.constantFrom('encoding', 'encryption-key-id', 'x'), fc.oneof(b64, fc.constantFrom(Buffer.from('binary/encrypted').toString('base64'), Buffer.from('json/plain').toString('base64')), text)), data: fc.oneof(b64, text) }, { requiredKeys: [] });
    const input = fc.record({ op: fc.constantFrom('encode', 'decode'), namespace: fc.constantFrom('default', 'other', ''), body: nearly(fc.record({ payloads: fc.array(payload, { maxLength: 4 }) })) });
    await fuzz('POST /codec/encode|decode', input, ({ op, namespace, body }) => json(api.as('engineer').post(`/codec/${op}`).set('X-Namespace', namespace), body));
  });

  test('the e-mail answer links with any token and answer', async () => {
    const id = await caseAwaitingDecision();
    const input = fc.record({ post: fc.boolean(), id: fc.oneof(fc.constant(id), fc.string({ maxLength: 20 })), token: fc.oneof(text, fc.base64String({ maxLength: 44 })), satisfied: fc.oneof(fc.constantFrom('true', 'false'), text), comment: text });
    await fuzz('GET|POST /v1/disputes/:id/satisfaction/answer', input, ({ post, id: caseId, token, satisfied, comment }) => {
      const path = `/v1/disputes/${encodeURIComponent(caseId)}/satisfaction/answer`;
      return post ? api.http.post(path).type('form').send({ token, satisfied, comment }) : api.http.get(path).query({ token, satisfied });
    });
  });

  test('raw bytes with any content type, to every POST endpoint', async () => {
    const id = await caseAwaitingDecision();
    const paths = ['/v1/disputes', '/v1/intake/email', '/v1/intake/chat', `/v1/disputes/${id}/decision`, `/v1/disputes/${id}/information`, `/v1/disputes/${id}/withdrawal`, `/v1/disputes/${id}/satisfaction`];
    const input = fc.record({
      path: fc.constantFrom(...paths),
      type: fc.constantFrom('application/json', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data'),
      bytes: fc.oneof(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), fc.string({ maxLength: 200 }).map((s) => Buffer.from(s))),
    });
    await fuzz('raw POST bodies', input, ({ path, type, bytes }) => api.as(path === '/v1/disputes' || path.startsWith('/v1/intake') ? 'website' : path.endsWith('decision') ? 'agent' : 'customer').post(path).set('content-type', type).send(bytes));
  });

  test('no case exists that the API did not accept', async () => {
    const ids: string[] = [];
    for await (const wf of system.env.client.workflow.list({ query: `TaskQueue = '${TASK_QUEUE}'` })) ids.push(caseIdFromWorkflowId(wf.workflowId)!);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !accepted.has(id))).toEqual([]);
  });
});
