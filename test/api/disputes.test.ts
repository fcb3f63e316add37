import { caseIdFor } from '../../api/case-id';
import { apiOver, reportBody, waitForStatus } from '../support/api';
import { useCaseSystem } from '../support/temporal';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { sharedRecordsPool } from '../support/database';
import { createPostgresRecords } from '../../records/postgres';

const TASK_QUEUE = 'api-dev-server';
// The worker writes its case records where the API's queues read them (the run's shared database).
const system = useCaseSystem('dev', TASK_QUEUE, (s) => ({ ...s.ports, records: createPostgresRecords(sharedRecordsPool()) }));
let api: ReturnType<typeof apiOver>;

beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY);
});

afterEach(() => {
  // No request in this file may end in a 500.
  expect(api.logged).toEqual([]);
});

const refund = (amountMinor: number, currency = 'EUR') => ({ action: 'REFUND', amount: { amountMinor, currency }, reason: 'duplicate capture' });

/** Opens a case on a fresh duplicate charge and waits until it is with an agent. */
async function caseAwaitingDecision() {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const res = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(202);
  await waitForStatus(api.as('agent'), res.body.disputeId, 'AWAITING_DECISION');
  return { id: res.body.disputeId as string, tx };
}

function expectProblem(res: { status: number; headers: Record<string, string>; body: { code: string; errors: { field: string }[] } }, status: number, code: string, fields: string[]) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
  expect(res.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(fields));
}

describe('the disputes API on a Temporal dev server', () => {
  test('reports health, with Temporal reachable', async () => {
    await api.http.get('/health').expect(200, { status: 'ok', temporal: 'ok' });
  });

  test('a report opens a case that investigates, recommends a refund, and pays it once an agent decides', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const opened = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(202);
    expect(opened.body).toEqual({ disputeId: caseIdFor('sandbox', tx.id), status: 'RECEIVED', duplicate: false });
    expect(opened.headers.location).toBe(`/v1/disputes/${opened.body.disputeId}`);

    const id = opened.body.disputeId;
    const awaiting = await waitForStatus(api.as('agent'), id, 'AWAITING_DECISION');
    expect(awaiting.findings.transaction.captures).toHaveLength(2);
    expect(awaiting.assessment).toMatchObject({ liability: 'MERCHANT', recommendedAmount: { amountMinor: 4999, currency: 'EUR' } });

    const decided = await api.as('agent').post(`/v1/disputes/${id}/decision`).send(refund(4999)).expect(200);
    expect(decided.body).toMatchObject({ status: 'RESOLVING', decision: { action: 'REFUND' } });

    const resolved = await waitForStatus(api.as('agent'), id, 'RESOLVED');
    const refunds = system.sandbox.store.getTransaction(tx.id)!.refunds;
    expect(refunds).toHaveLength(1);
    expect(resolved.resolution).toMatchObject({ action: 'REFUND', amount: { amountMinor: 4999 }, reference: refunds[0]!.id });
  });

  test('lists cases from the records the worker wrote, filtered by status, category and processor, and finds one by its transaction', async () => {
    const { id, tx } = await caseAwaitingDecision();
    const deadline = Date.now() + 15_000;
    let listed: { disputeId: string }[] = [];
    while (Date.now() < deadline && !listed.some((c) => c.disputeId === id)) {
      listed = (await api.as('agent').get('/v1/disputes?status=AWAITING_DECISION&category=DUPLICATE_CHARGE&processor=sandbox').expect(200)).body.data;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed.find((c) => c.disputeId === id)).toMatchObject({ status: 'AWAITING_DECISION', category: 'DUPLICATE_CHARGE', processor: 'sandbox', channel: 'web' });
    const otherCategory = (await api.as('agent').get('/v1/disputes?status=AWAITING_DECISION&category=UNAUTHORIZED').expect(200)).body.data;
    expect(otherCategory.some((c: { disputeId: string }) => c.disputeId === id)).toBe(false);
    const found = (await api.as('agent').get('/v1/disputes').query({ q: tx.id }).expect(200)).body.data;
    expect(found.map((c: { disputeId: string }) => c.disputeId)).toEqual([id]);
    expect(found[0]).toMatchObject({ customerEmail: 'ada@example.com', amount: { currency: 'EUR' } });
  });

  test('reporting the same transaction again returns the same case with 200, never a second one', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const first = await api.as('website').post('/v1/disputes').set('Idempotency-Key', 'form-123').send(reportBody(tx.id)).expect(202);
    const retry = await api.as('website').post('/v1/disputes').set('Idempotency-Key', 'form-123').send(reportBody(tx.id)).expect(200);
    const byChat = await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { channel: 'chat' })).expect(200);
    expect(retry.body).toMatchObject({ disputeId: first.body.disputeId, duplicate: true });
    expect(byChat.body.disputeId).toBe(first.body.disputeId);

    const state = (await api.as('agent').get(`/v1/disputes/${first.body.disputeId}`).expect(200)).body;
    expect(state.duplicateReports).toBe(1);
    const again = state.timeline.filter((t: { event: string }) => t.event === 'REPORTED_AGAIN').map((t: { detail: string }) => t.detail);
    expect(again).toEqual([`via chat (DUPLICATE_CHARGE): ${reportBody(tx.id).description}`]);
    const runs = await system.env.client.workflow.count(`WorkflowId = 'dispute-${first.body.disputeId}'`);
    expect(runs.count).toBe(1);
  });

  test('a report that joins an open case keeps what the customer wrote, and an amount the case lacked re-runs the assessment', async () => {
    const { id, tx } = await caseAwaitingDecision();
    const expectedAmount = { amountMinor: 4999, currency: 'EUR' };
    const description = 'Charged €99.98 for one €49.99 order; I expected €49.99.';
    const again = await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { category: 'AMOUNT_MISMATCH', description, expectedAmount })).expect(200);
    expect(again.body).toEqual({ disputeId: id, status: 'AWAITING_DECISION', duplicate: true });

    const state = (await api.as('agent').get(`/v1/disputes/${id}`).expect(200)).body;
    expect(state.reports).toEqual([{ at: expect.any(String), channel: 'web', category: 'AMOUNT_MISMATCH', description, expectedAmount, customerId: 'cus_ada' }]);
    expect(state.report.expectedAmount).toEqual(expectedAmount);
    const events = state.timeline.map((t: { event: string; detail?: string }) => `${t.event}: ${t.detail ?? ''}`);
    expect(events).toContainEqual(`REPORTED_AGAIN: via web (AMOUNT_MISMATCH, expects 4999 EUR): ${description}`);
    expect(events).toContainEqual('REASSESSED: the customer expects 4999 EUR: MERCHANT (DUPLICATE_CAPTURE)');
    expect(state.assessment).toMatchObject({ liability: 'MERCHANT', recommendedAmount: expectedAmount });
    // The customer reads what they reported since, never the agents' notes.
    const mine = (await api.as('customer').get(`/v1/disputes/${id}`).expect(200)).body;
    expect(mine.laterReports).toEqual([{ at: expect.any(String), channel: 'web', category: 'AMOUNT_MISMATCH', description, expectedAmount }]);
    expect(mine.amounts.expected).toEqual(expectedAmount);
  });

  test.each([
    ['an empty body', {}, ['customer', 'channel', 'category', 'transaction', 'description']],
    ['a bad e-mail and an unknown locale', { customer: { id: 'c1', email: 'not-an-email', locale: 'de' } }, ['customer.email', 'customer.locale']],
    ['an unknown category', { category: 'FRAUD' }, ['category']],
    ['a processor this deployment does not accept', { transaction: { processor: 'stripe', id: 'ch_1' } }, ['transaction.processor']],
    ['an amount in decimal euros', { expectedAmount: { amountMinor: 12.5, currency: 'EUR' } }, ['expectedAmount.amountMinor']],
    ['an unknown currency', { expectedAmount: { amountMinor: 1250, currency: 'EUX' } }, ['expectedAmount.currency']],
    ['an unexpected field', { note: 'call me' }, ['note']],
  ])('refuses a report with %s: 400 naming each bad field, and no case is opened', async (_name, override, fields) => {
    const tx = system.sandbox.charge();
    const body = Object.keys(override).length ? reportBody(tx.id, override) : {};
    const before = (await system.env.client.workflow.count()).count;
    expectProblem(await api.as('website').post('/v1/disputes').send(body), 400, 'INVALID_INPUT', fields);
    await api.as('agent').get(`/v1/disputes/${caseIdFor('sandbox', tx.id)}`).expect(404);
    expect((await system.env.client.workflow.count()).count).toBe(before);
  });

  test('refuses a body that is not JSON with 400', async () => {
    const res = await api.as('website').post('/v1/disputes').set('content-type', 'application/json').send('{"customer":');
    expectProblem(res, 400, 'INVALID_INPUT', ['(body)']);
  });

  test('answers 404 for an unknown case and for an id that is not a case number', async () => {
    expectProblem(await api.as('agent').get('/v1/disputes/DSP-0000000000'), 404, 'CASE_NOT_FOUND', []);
    expectProblem(await api.as('agent').get('/v1/disputes/..%2Fhealth'), 404, 'CASE_NOT_FOUND', []);
    expectProblem(await api.as('agent').post('/v1/disputes/DSP-0000000000/decision').send(refund(1)), 404, 'CASE_NOT_FOUND', []);
  });

  test('refuses a refund above what is still refundable with 422, and one in the wrong currency', async () => {
    const { id } = await caseAwaitingDecision();
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send(refund(9999)), 422, 'AMOUNT_EXCEEDS_REFUNDABLE', ['amount.amountMinor']);
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send(refund(100, 'USD')), 422, 'CURRENCY_MISMATCH', ['amount.currency']);
    const state = (await api.as('agent').get(`/v1/disputes/${id}`).expect(200)).body;
    expect(state).toMatchObject({ status: 'AWAITING_DECISION', decision: null });
  });

  test('refuses a malformed decision with 400 before it reaches the case', async () => {
    const { id } = await caseAwaitingDecision();
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'REFUND', reason: 'x' }), 400, 'INVALID_INPUT', ['amount']);
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'PAY', reason: '' }), 400, 'INVALID_INPUT', ['action', 'reason']);
  });

  test('refuses a second decision once the case is resolving with 409, and pays only once', async () => {
    const { id, tx } = await caseAwaitingDecision();
    await api.as('agent').post(`/v1/disputes/${id}/decision`).send(refund(4999)).expect(200);
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send(refund(4999)), 409, 'WRONG_STATE', ['status']);
    await waitForStatus(api.as('agent'), id, 'RESOLVED');
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);
  });

  test('refuses a satisfaction answer before the follow-up question with 409', async () => {
    const { id } = await caseAwaitingDecision();
    expectProblem(await api.as('customer').post(`/v1/disputes/${id}/satisfaction`).send({ satisfied: true }), 409, 'WRONG_STATE', ['status']);
    expectProblem(await api.as('customer').post(`/v1/disputes/${id}/satisfaction`).send({ satisfied: 'yes' }), 400, 'INVALID_INPUT', ['satisfied']);
  });

  test('refuses an unknown list filter with 400', async () => {
    expectProblem(await api.as('agent').get('/v1/disputes?status=LOST'), 400, 'INVALID_INPUT', ['query:status']);
  });

  test('an agent\'s request for information goes to the customer, whose answer (and only then) is accepted', async () => {
    const { id } = await caseAwaitingDecision();
    expectProblem(await api.as('customer').post(`/v1/disputes/${id}/information`).send({ message: 'here' }), 409, 'WRONG_STATE', ['status']);
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'REQUEST_INFO', reason: 'unclear' }), 400, 'INVALID_INPUT', ['question']);
    const asked = await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'REQUEST_INFO', question: 'Which card?', reason: 'unclear' }).expect(200);
    expect(asked.body).toMatchObject({ status: 'AWAITING_CUSTOMER', informationRequest: { question: 'Which card?', askedBy: 'agent_7' } });
    expectProblem(await api.as('customer').post(`/v1/disputes/${id}/information`).send({ message: '' }), 400, 'INVALID_INPUT', ['message']);
    const answered = await api.as('customer').post(`/v1/disputes/${id}/information`).send({ message: 'The Visa ending 4242' }).expect(200);
    expect(answered.body.status).toBe('INVESTIGATING');
    await waitForStatus(api.as('agent'), id, 'AWAITING_DECISION');
  });

  test('a customer withdraws a case before resolution; afterwards nothing more is accepted', async () => {
    const { id } = await caseAwaitingDecision();
    const withdrawn = await api.as('customer').post(`/v1/disputes/${id}/withdrawal`).send({ reason: 'my mistake' }).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'WITHDRAWN', nextStep: { code: 'NONE' } });
    expect(withdrawn.body.timeline).toBeUndefined();
    await waitForStatus(api.as('agent'), id, 'WITHDRAWN');
    const deadline = Date.now() + 10_000;
    let res = await api.as('customer').post(`/v1/disputes/${id}/withdrawal`).send({});
    while (res.status !== 409 && Date.now() < deadline) res = await api.as('customer').post(`/v1/disputes/${id}/withdrawal`).send({});
    expectProblem(res, 409, 'WRONG_STATE', ['status']);
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'DENY', reason: 'late' }), 409, 'WRONG_STATE', ['status']);
    expectProblem(await api.as('customer').post(`/v1/disputes/${id}/information`).send({ message: 'more' }), 409, 'WRONG_STATE', ['status']);
  });

  test('a chargeback webhook joins the case, and a refund is refused with 409 while the chargeback is open', async () => {
    const { id, tx } = await caseAwaitingDecision();
    const cb = system.sandbox.store.openChargeback(tx.id);
    const event = { type: 'chargeback.opened', transaction_id: tx.id, currency: 'EUR', chargeback: cb };
    await api.http.post('/v1/webhooks/sandbox').send(event).expect(200, { received: true, disputeId: id });
    const deadline = Date.now() + 10_000;
    while ((await api.as('agent').get(`/v1/disputes/${id}`)).body.chargebacks.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send(refund(4999)), 409, 'CHARGEBACK_OPEN', ['action']);
    expectProblem(await api.http.post('/v1/webhooks/sandbox').send({ type: 'chargeback.opened' }), 400, 'INVALID_INPUT', ['transaction_id']);
  });
});
