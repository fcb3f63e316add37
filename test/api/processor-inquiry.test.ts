import { apiOver, reportBody, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'api-processor-inquiry';
const system = useCaseSystem('dev', TASK_QUEUE);
let api: ReturnType<typeof apiOver>;

beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY);
});

afterEach(() => {
  // No request in this file may end in a 500.
  expect(api.logged).toEqual([]);
});

type ProblemResponse = { status: number; headers: Record<string, string>; body: { code: string; errors: { field: string }[] } };

function expectProblem(res: ProblemResponse, status: number, code: string, fields: string[] = []) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
  expect(res.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(fields));
}

const answer = { outcome: 'PROCESSOR_ERROR_CONFIRMED', text: 'The processor confirms it captured 55 € instead of 50 €.' };
const raise = { action: 'RAISE_WITH_PROCESSOR', reason: 'captured 55 € for 50 € asked' };

/** A case where the processor captured more than Loop asked, with an agent. */
async function caseAwaitingDecision() {
  const tx = system.sandbox.charge({ amountMinor: 5500, requestedAmountMinor: 5000, orderTotalMinor: 5000 });
  const res = await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { category: 'AMOUNT_MISMATCH' })).expect(202);
  const id = res.body.disputeId as string;
  await waitForStatus(api.as('agent'), id, 'AWAITING_DECISION');
  return id;
}

async function caseAwaitingProcessor() {
  const id = await caseAwaitingDecision();
  const raised = await api.as('agent').post(`/v1/disputes/${id}/decision`).send(raise).expect(200);
  expect(raised.body).toMatchObject({ status: 'AWAITING_PROCESSOR', processorInquiry: { raisedBy: 'agent_7', answer: null } });
  return id;
}

describe('raising a case with the processor and recording its answer, through the API', () => {
  test('an agent records the answer; the case goes back to the agent, who recorded it taken from the credential', async () => {
    const id = await caseAwaitingProcessor();
    const answered = await api.as('agent').post(`/v1/disputes/${id}/processor-answer`).send(answer).expect(200);
    expect(answered.body).toMatchObject({ disputeId: id, status: 'AWAITING_DECISION', processorInquiry: { answer: { ...answer, recordedBy: 'agent_7' } } });
    const again = await api.as('supervisor').post(`/v1/disputes/${id}/processor-answer`).send(answer);
    expectProblem(again, 409, 'WRONG_STATE', ['status']);
  });

  test.each([
    ['no outcome', { text: 'x' }, 'outcome'],
    ['an outcome that is not one of the two', { ...answer, outcome: 'MAYBE' }, 'outcome'],
    ['an empty text', { ...answer, text: '   ' }, 'text'],
    ['who recorded it, which comes from the credential', { ...answer, recordedBy: 'someone_else' }, 'recordedBy'],
  ])('refuses an answer with %s as 400 naming the field', async (_name, body, field) => {
    const id = await caseAwaitingProcessor();
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/processor-answer`).send(body), 400, 'INVALID_INPUT', [field]);
  });

  test('refuses an answer to a case that is not waiting for the processor with 409, and to an unknown case with 404', async () => {
    const id = await caseAwaitingDecision();
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/processor-answer`).send(answer), 409, 'WRONG_STATE', ['status']);
    const unknown = await api.as('agent').post('/v1/disputes/DSP-ZZZZZZZZZZ/processor-answer').send(answer);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'CASE_NOT_FOUND' });
  });

  test('only agents and supervisors record an answer', async () => {
    const id = await caseAwaitingProcessor();
    for (const role of ['customer', 'website', 'engineer'] as const) {
      expectProblem(await api.as(role).post(`/v1/disputes/${id}/processor-answer`).send(answer), 403, 'FORBIDDEN');
    }
    expect((await api.http.post(`/v1/disputes/${id}/processor-answer`).send(answer)).status).toBe(401);
  });

  test('an inquiry or an explanation with an amount is refused as 400; while the processor is asked, a decision is 409', async () => {
    const id = await caseAwaitingDecision();
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ ...raise, amount: { amountMinor: 500, currency: 'EUR' } }), 400, 'INVALID_INPUT', ['amount']);
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'EXPLAIN', reason: 'x', amount: { amountMinor: 500, currency: 'EUR' } }), 400, 'INVALID_INPUT', ['amount']);
    await api.as('agent').post(`/v1/disputes/${id}/decision`).send(raise).expect(200);
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'EXPLAIN', reason: 'no error' }), 409, 'WRONG_STATE', ['status']);
  });

  test('the customer may withdraw while the processor is asked; the answer is then refused with 409', async () => {
    const id = await caseAwaitingProcessor();
    const withdrawn = await api.as('customer').post(`/v1/disputes/${id}/withdrawal`).send({ reason: 'my bank sorted it out' }).expect(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    await waitForStatus(api.as('agent'), id, 'WITHDRAWN');
    // As for the other updates, the run's last moments may answer otherwise; once it has ended, 409.
    const deadline = Date.now() + 10_000;
    let res = await api.as('agent').post(`/v1/disputes/${id}/processor-answer`).send(answer);
    while (res.status !== 409 && Date.now() < deadline) res = await api.as('agent').post(`/v1/disputes/${id}/processor-answer`).send(answer);
    expectProblem(res, 409, 'WRONG_STATE');
  });

  test('an explanation resolves the case with no money moved', async () => {
    const id = await caseAwaitingDecision();
    const decided = await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'EXPLAIN', reason: 'the processor charged other than asked' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'RESOLVING', decision: { action: 'EXPLAIN' } });
    const resolved = await waitForStatus(api.as('agent'), id, 'RESOLVED');
    expect(resolved.resolution).toMatchObject({ action: 'EXPLAIN', amount: null, reference: null });
  });
});
