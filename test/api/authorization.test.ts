import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { parseKeyRing } from '../../security/keys';
import type { Role } from '../../config/credentials';
import { DEFAULT_CASE_POLICY } from '../../domain/vocabulary';
import { OTHER_KEYS, apiOver, reportBody, waitForStatus } from '../support/api';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'api-authorization';
const system = useCaseSystem('dev', TASK_QUEUE);
let api: ReturnType<typeof apiOver>;

/** What a cell of the matrix expects: the call reaches the case (`ok`), or is refused before it does. */
type Outcome = 'ok' | 401 | 403 | 404;
type Who = Role | 'nobody';
const WHO: Who[] = ['nobody', 'website', 'customer', 'agent', 'supervisor', 'engineer'];

/** Two resolved cases: "own" reported by the website for cus_ada (the customer key), "other" by a partner site for cus_bob. */
const cases = { own: '', other: '' };
const ownTx = { id: '' };

beforeAll(async () => {
  // The production policy resolves a small duplicate capture by itself: both cases end RESOLVED, with a document.
  api = apiOver(system.env, TASK_QUEUE, DEFAULT_CASE_POLICY, {
    codec: { ring: parseKeyRing(`k1:${randomBytes(32).toString('base64')}`), allowedOrigins: ['http://localhost:8233'], namespace: 'default' },
  });
  ownTx.id = system.sandbox.charge({ captureCount: 2, amountMinor: 1500 }).id;
  const own = await api.as('website').post('/v1/disputes').send(reportBody(ownTx.id)).expect(202);
  const otherBody = reportBody(system.sandbox.charge({ captureCount: 2, amountMinor: 1500 }).id, { customer: { id: 'cus_bob', email: 'bob@example.com', locale: 'en' } });
  const other = await api.other('website').post('/v1/disputes').send(otherBody).expect(202);
  cases.own = own.body.disputeId;
  cases.other = other.body.disputeId;
  await waitForStatus(api.as('agent'), cases.own, 'RESOLVED');
  await waitForStatus(api.as('agent'), cases.other, 'RESOLVED');
});

function caller(who: Who) {
  return who === 'nobody' ? api.http : api.as(who);
}

/** Each endpoint, called with a body that passes validation and is then refused by the case's state (it is RESOLVED). */
const CASE_ENDPOINTS: Record<string, (who: Who, id: string) => PromiseLike<Response>> = {
  'GET /v1/disputes/:id': (who, id) => caller(who).get(`/v1/disputes/${id}`),
  'POST /v1/disputes/:id/decision': (who, id) => caller(who).post(`/v1/disputes/${id}/decision`).send({ action: 'DENY', reason: 'checked' }),
  'POST /v1/disputes/:id/information': (who, id) => caller(who).post(`/v1/disputes/${id}/information`).send({ message: 'the receipt' }),
  'POST /v1/disputes/:id/withdrawal': (who, id) => caller(who).post(`/v1/disputes/${id}/withdrawal`).send({}),
  'POST /v1/disputes/:id/satisfaction': (who, id) => caller(who).post(`/v1/disputes/${id}/satisfaction`).send({ satisfied: true }),
  'GET /v1/disputes/:id/document': (who, id) => caller(who).get(`/v1/disputes/${id}/document`).set('Accept', 'application/json'),
  'PUT /v1/disputes/:id/assignee': (who, id) => caller(who).put(`/v1/disputes/${id}/assignee`).send({ assignee: null }),
  'POST /v1/disputes/:id/notes': (who, id) => caller(who).post(`/v1/disputes/${id}/notes`).send({ text: 'checked' }),
  'GET /v1/disputes/:id/emails': (who, id) => caller(who).get(`/v1/disputes/${id}/emails`),
};

//                                           nobody website customer agent supervisor engineer
const CASE_MATRIX: Record<string, { own: Outcome[]; other: Outcome[] }> = {
  'GET /v1/disputes/:id': /*               */ { own: [401, 'ok', 'ok', 'ok', 'ok', 403], other: [401, 404, 404, 'ok', 'ok', 403] },
  'POST /v1/disputes/:id/decision': /*     */ { own: [401, 403, 403, 'ok', 'ok', 403], other: [401, 403, 403, 'ok', 'ok', 403] },
  'POST /v1/disputes/:id/information': /*  */ { own: [401, 403, 'ok', 403, 403, 403], other: [401, 403, 404, 403, 403, 403] },
  'POST /v1/disputes/:id/withdrawal': /*   */ { own: [401, 403, 'ok', 403, 403, 403], other: [401, 403, 404, 403, 403, 403] },
  'POST /v1/disputes/:id/satisfaction': /* */ { own: [401, 403, 'ok', 403, 403, 403], other: [401, 403, 404, 403, 403, 403] },
  'GET /v1/disputes/:id/document': /*      */ { own: [401, 403, 'ok', 'ok', 'ok', 403], other: [401, 403, 404, 'ok', 'ok', 403] },
  'PUT /v1/disputes/:id/assignee': /*      */ { own: [401, 403, 403, 'ok', 'ok', 403], other: [401, 403, 403, 'ok', 'ok', 403] },
  'POST /v1/disputes/:id/notes': /*        */ { own: [401, 403, 403, 'ok', 'ok', 403], other: [401, 403, 403, 'ok', 'ok', 403] },
  'GET /v1/disputes/:id/emails': /*        */ { own: [401, 403, 403, 'ok', 'ok', 403], other: [401, 403, 403, 'ok', 'ok', 403] },
};

const CASE_CELLS = Object.entries(CASE_MATRIX).flatMap(([endpoint, row]) =>
  (['own', 'other'] as const).flatMap((whose) => WHO.map((who, i) => [endpoint, who, whose, row[whose][i]!] as const)),
);

/** Refused before the case: 401 / 403 / 404 with their codes. Reached the case: anything else, never a 5xx. */
function expectOutcome(res: Response, outcome: Outcome) {
  const codes = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'CASE_NOT_FOUND' } as const;
  if (outcome === 'ok') {
    expect(res.status).toBeLessThan(500);
    expect([401, 403]).not.toContain(res.status);
    expect(res.body.code).not.toBe('CASE_NOT_FOUND');
  } else {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: outcome, code: codes[outcome] });
  }
}

describe('who may do what to which case', () => {
  test.each(CASE_CELLS)('%s by %s on %s case: %s', async (endpoint, who, whose, outcome) => {
    expectOutcome(await CASE_ENDPOINTS[endpoint]!(who, cases[whose]), outcome);
  });

  test('another customer\'s case answers exactly like a case that does not exist', async () => {
    const hidden = await api.as('customer').get(`/v1/disputes/${cases.other}`);
    const missing = await api.as('customer').get('/v1/disputes/DSP-0000000000');
    expect(hidden.status).toBe(404);
    expect({ ...hidden.body, detail: undefined, instance: undefined, requestId: undefined }).toEqual({ ...missing.body, detail: undefined, instance: undefined, requestId: undefined });
  });
});

describe('reporting and listing', () => {
  const REPORT: Outcome[] = [401, 'ok', 'ok', 403, 403, 403];
  test.each(WHO.map((who, i) => [who, REPORT[i]!] as const))('a report of cus_ada\'s charge by %s: %s', async (who, outcome) => {
    expectOutcome(await caller(who).post('/v1/disputes').send(reportBody(system.sandbox.charge().id)), outcome);
  });

  test('a customer may not report for someone else: 403 naming customer.id, and no case opens', async () => {
    const tx = system.sandbox.charge();
    const res = await api.as('customer').post('/v1/disputes').send(reportBody(tx.id, { customer: { id: 'cus_bob', email: 'bob@example.com', locale: 'en' } }));
    expect(res.status).toBe(403);
    expect(res.body.errors).toEqual([{ field: 'customer.id', reason: 'is not the signed-in customer' }]);
  });

  test('reporting a charge someone else already disputes tells a customer nothing about that case', async () => {
    const tx = system.sandbox.charge();
    await api.other('website').post('/v1/disputes').send(reportBody(tx.id, { customer: { id: 'cus_bob', email: 'bob@example.com', locale: 'en' } })).expect(202);
    const mine = await api.as('customer').post('/v1/disputes').send(reportBody(tx.id));
    expect(mine.status).toBe(202);
    expect(mine.body).toMatchObject({ status: 'RECEIVED', duplicate: false });
    await api.as('customer').get(`/v1/disputes/${mine.body.disputeId}`).expect(404);
    // Bob's case keeps Bob as its customer; the second report is only noted for the agents.
    const bobs = (await api.as('agent').get(`/v1/disputes/${mine.body.disputeId}`).expect(200)).body;
    expect(bobs.customer.id).toBe('cus_bob');
    expect(bobs.timeline.some((t: { event: string }) => t.event === 'REPORTED_AGAIN')).toBe(true);
  });

  const LIST: Outcome[] = [401, 403, 403, 'ok', 'ok', 403];
  test.each(WHO.map((who, i) => [who, LIST[i]!] as const))('listing cases by %s: %s', async (who, outcome) => {
    expectOutcome(await caller(who).get('/v1/disputes?limit=5'), outcome);
  });

  test.each(WHO.map((who, i) => [who, LIST[i]!] as const))('taking the next case by %s: %s', async (who, outcome) => {
    expectOutcome(await caller(who).post('/v1/queues/next'), outcome);
  });

  const chat = () => ({
    customer: { id: 'cus_ada', email: 'ada@example.com', locale: 'fr' },
    transcript: [{ from: 'customer', at: new Date().toISOString(), text: 'Débitée deux fois' }],
    report: { category: 'DUPLICATE_CHARGE', transaction: { processor: 'sandbox', id: system.sandbox.charge({ captureCount: 2 }).id } },
  });
  const email = () => `From: Ada <ada@example.com>\r\nTo: support@loop.tech\r\nSubject: Charged twice\r\nMessage-ID: <${Math.random().toString(36).slice(2)}@example.com>\r\n\r\nCharged twice for ${system.sandbox.charge({ captureCount: 2 }).id}\r\n`;
  const INTAKE: Outcome[] = [401, 'ok', 403, 403, 403, 403];
  test.each(WHO.map((who, i) => [who, INTAKE[i]!] as const))('chat intake by %s: %s', async (who, outcome) => {
    expectOutcome(await caller(who).post('/v1/intake/chat').send(chat()), outcome);
  });
  test.each(WHO.map((who, i) => [who, INTAKE[i]!] as const))('e-mail intake by %s: %s', async (who, outcome) => {
    expectOutcome(await caller(who).post('/v1/intake/email').set('content-type', 'message/rfc822').send(email()), outcome);
  });

  const CODEC: Outcome[] = [401, 403, 403, 403, 403, 'ok'];
  test.each(WHO.map((who, i) => [who, CODEC[i]!] as const))('the codec server (decoding payloads) for %s: %s', async (who, outcome) => {
    const res = await caller(who).post('/codec/decode').set('X-Namespace', 'default').send({ payloads: [] });
    expectOutcome(res, outcome);
    if (outcome === 'ok') expect(res.body).toEqual({ payloads: [] });
  });

  test('the website reads back a case it opened, but not one a partner site opened', async () => {
    await api.as('website').get(`/v1/disputes/${cases.own}`).expect(200);
    await api.other('website').get(`/v1/disputes/${cases.own}`).expect(404);
    expect(OTHER_KEYS.website.name).not.toBe('loop-website');
  });
});

describe('what the website reads: the cases it opened or reported into, for their own customer', () => {
  const ada = { id: 'cus_ada', email: 'ada@example.com', locale: 'fr' } as const;
  const bob = { id: 'cus_bob', email: 'bob@example.com', locale: 'en' } as const;
  const chatAbout = (transactionId: string) => ({
    customer: ada,
    transcript: [{ from: 'customer', at: new Date().toISOString(), text: 'Débitée deux fois' }],
    report: { category: 'DUPLICATE_CHARGE', transaction: { processor: 'sandbox', id: transactionId } },
  });
  const sameAsMissing = async (res: Response) => {
    const missing = await api.as('website').get('/v1/disputes/DSP-0000000000');
    const strip = (b: Record<string, unknown>) => ({ ...b, detail: undefined, instance: undefined, requestId: undefined });
    expect({ status: res.status, body: strip(res.body) }).toEqual({ status: 404, body: strip(missing.body) });
  };

  test('a case a website opened through the chat intake is one it reads back; another website may not', async () => {
    const opened = await api.other('website').post('/v1/intake/chat').send(chatAbout(system.sandbox.charge({ captureCount: 2 }).id)).expect(202);
    const read = await api.other('website').get(`/v1/disputes/${opened.body.disputeId}`).expect(200);
    expect(read.body).toMatchObject({ disputeId: opened.body.disputeId, report: { channel: 'chat' } });
    await sameAsMissing(await api.as('website').get(`/v1/disputes/${opened.body.disputeId}`));
  });

  test('a website reporting a charge already in a chat case, for that case\'s customer, reads the case at the Location it is given', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const opened = await api.other('website').post('/v1/intake/chat').send(chatAbout(tx.id)).expect(202);
    const again = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(200);
    expect(again.body).toMatchObject({ disputeId: opened.body.disputeId, duplicate: true });
    const read = await api.as('website').get(again.headers.location!).expect(200);
    expect(read.body.disputeId).toBe(opened.body.disputeId);
  });

  test('a website reporting a charge a chargeback opened a case for reads it once the order names the same customer', async () => {
    const tx = system.sandbox.charge({ captureCount: 2, customer: ada });
    const cb = system.sandbox.store.openChargeback(tx.id);
    const webhook = await api.http.post('/v1/webhooks/sandbox').send({ type: 'chargeback.opened', transaction_id: tx.id, currency: 'EUR', chargeback: cb }).expect(200);
    const id = webhook.body.disputeId as string;
    await waitForStatus(api.as('agent'), id, 'AWAITING_DECISION');
    const again = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(200);
    expect(again.body).toMatchObject({ disputeId: id, duplicate: true });
    await api.as('website').get(again.headers.location!).expect(200);
  });

  test('a website reporting someone else\'s charge for another customer learns nothing of the case and may not read it', async () => {
    const hidden = await api.other('website').post('/v1/disputes').send(reportBody(ownTx.id, { customer: bob }));
    expect({ status: hidden.status, body: hidden.body }).toEqual({ status: 202, body: { disputeId: cases.own, status: 'RECEIVED', duplicate: false } });
    await sameAsMissing(await api.other('website').get(`/v1/disputes/${cases.own}`));
  });
});

describe('what each role reads of a case', () => {
  const SENSITIVE = ['agentId', 'system:', 'DUPLICATE_CAPTURE', 'slaBreached', 'deadlines', 'processorEvents', 'timeline', 'escalation', 'assessment', 'reason'];

  test('the customer reads a whitelist: status, what they reported, the outcome and amounts, documents and what happens next', async () => {
    const mine = (await api.as('customer').get(`/v1/disputes/${cases.own}`).expect(200)).body;
    expect(Object.keys(mine).sort()).toEqual(
      ['amounts', 'closedReason', 'disputeId', 'documents', 'information', 'informationRequest', 'laterReports', 'nextStep', 'outcomes', 'receivedAt', 'report', 'satisfaction', 'status', 'transaction'].sort(),
    );
    expect(mine).toMatchObject({
      status: 'RESOLVED',
      report: { category: 'DUPLICATE_CHARGE', channel: 'web' },
      outcomes: [{ action: 'REFUND', amount: { amountMinor: 1500, currency: 'EUR' }, reference: expect.stringMatching(/^re_/) }],
      amounts: { charged: { amountMinor: 3000, currency: 'EUR' }, returned: { amountMinor: 1500, currency: 'EUR' } },
      nextStep: { code: 'SATISFACTION_QUESTION', dueAt: expect.any(String) },
    });
    const text = JSON.stringify(mine);
    for (const word of SENSITIVE) expect({ word, found: text.includes(word) }).toEqual({ word, found: false });
  });

  test('the website reads no more than the customer; agents and supervisors read the whole case', async () => {
    const customer = (await api.as('customer').get(`/v1/disputes/${cases.own}`).expect(200)).body;
    const website = (await api.as('website').get(`/v1/disputes/${cases.own}`).expect(200)).body;
    expect(Object.keys(customer)).toEqual(expect.arrayContaining(Object.keys(website)));
    expect(JSON.stringify(website)).not.toContain('agentId');
    for (const role of ['agent', 'supervisor'] as const) {
      const staff = (await api.as(role).get(`/v1/disputes/${cases.own}`).expect(200)).body;
      expect(staff).toMatchObject({ decision: { agentId: 'system:DUPLICATE_CAPTURE' }, assessment: { rule: 'DUPLICATE_CAPTURE' }, slaBreached: false });
      expect(staff.timeline.length).toBeGreaterThan(3);
    }
  });
});
