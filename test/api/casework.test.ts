import type { Response } from 'supertest';
import { createPostgresRecords } from '../../records/postgres';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { apiOver, reportBody, testJwt, waitForStatus } from '../support/api';
import { freshDatabase, type TestDatabase } from '../support/database';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'api-casework';
// A database of this file's own: "next case" must see only the cases this file opens.
let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.drop());
const system = useCaseSystem('dev', TASK_QUEUE, (s) => ({ ...s.ports, records: createPostgresRecords(db.pool) }));
let api: ReturnType<typeof apiOver>;
beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { records: db.pool });
});
afterEach(() => {
  // No request in this file may end in a 500.
  expect(api.logged).toEqual([]);
});

/** Another person, signed in with a bearer token (the test keys have one agent and one supervisor). */
async function person(sub: string, role: 'agent' | 'supervisor' = 'agent') {
  const authorization = `Bearer ${await testJwt(sub, role)}`;
  return {
    get: (url: string) => api.http.get(url).set('Authorization', authorization),
    post: (url: string) => api.http.post(url).set('Authorization', authorization),
    put: (url: string) => api.http.put(url).set('Authorization', authorization),
  };
}

async function caseAwaitingDecision(): Promise<string> {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const res = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(202);
  await waitForStatus(api.as('agent'), res.body.disputeId, 'AWAITING_DECISION');
  return res.body.disputeId as string;
}

/** Polls the records until `check` holds on what `GET` answers (records lag their cases by a moment). */
async function eventually<T>(read: () => PromiseLike<Response>, check: (body: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await read();
    if (res.status === 200 && check(res.body as T)) return res.body as T;
    if (Date.now() > deadline) throw new Error(`${what} never held; last answer ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const recordOf = async (id: string) => (await db.pool.query('SELECT status, assignee, escalated FROM case_records WHERE case_id = $1', [id])).rows[0];

async function recordsShow(ids: string[], check: (r: { status: string; assignee: string | null; escalated: boolean }) => boolean) {
  const deadline = Date.now() + 20_000;
  while (!(await Promise.all(ids.map(recordOf))).every((r) => r && check(r))) {
    if (Date.now() > deadline) throw new Error(`the records of ${ids.join(', ')} never showed what was expected`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function expectProblem(res: Response, status: number, code: string, fields: string[] = []) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
  expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
}

// First in the file: the database holds no other case yet.
describe('POST /v1/queues/next', () => {
  const opened: string[] = [];
  let escalated = '';

  test('with nothing waiting, answers 404 QUEUE_EMPTY', async () => {
    expectProblem(await api.as('agent').post('/v1/queues/next'), 404, 'QUEUE_EMPTY');
  });

  test('gives an agent the most urgent unassigned case, assigned to them; a supervisor the escalated one first', async () => {
    for (let i = 0; i < 3; i++) opened.push(await caseAwaitingDecision());
    escalated = await caseAwaitingDecision();
    await api.as('agent').post(`/v1/disputes/${escalated}/decision`).send({ action: 'ESCALATE', reason: 'needs a supervisor' }).expect(200);
    await recordsShow(opened, (r) => r.status === 'AWAITING_DECISION');
    await recordsShow([escalated], (r) => r.escalated);

    const next = await api.as('agent').post('/v1/queues/next').expect(200);
    expect(next.body.disputeId).toBe(opened[0]);
    expect(next.body.case).toMatchObject({ disputeId: opened[0], status: 'AWAITING_DECISION', assignee: 'agent_7' });
    expect(next.body.case.timeline.at(-1)).toMatchObject({ event: 'ASSIGNED', detail: 'to agent_7 by agent_7' });

    const sup = await api.as('supervisor').post('/v1/queues/next').expect(200);
    expect(sup.body).toMatchObject({ disputeId: escalated, case: { assignee: 'sup_1' } });
  });

  test('two agents pressing at once get two different cases, each assigned to the one who pressed', async () => {
    const nine = await person('agent_9');
    const [a, b] = await Promise.all([api.as('agent').post('/v1/queues/next'), nine.post('/v1/queues/next')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(new Set([a.body.disputeId, b.body.disputeId])).toEqual(new Set([opened[1], opened[2]]));
    expect(a.body.case.assignee).toBe('agent_7');
    expect(b.body.case.assignee).toBe('agent_9');
  });

  test('once every waiting case is taken (the escalated one is a supervisor\'s anyway), answers 404 again', async () => {
    expectProblem(await api.as('agent').post('/v1/queues/next'), 404, 'QUEUE_EMPTY');
    expectProblem(await api.as('supervisor').post('/v1/queues/next'), 404, 'QUEUE_EMPTY');
  });

  test.each(['website', 'customer', 'analyst', 'engineer'] as const)('the %s role may not take a case', async (role) => {
    expectProblem(await api.as(role).post('/v1/queues/next'), 403, 'FORBIDDEN');
  });
});

describe('PUT /v1/disputes/:id/assignee', () => {
  test('assign, reassign and unassign show in the case, its timeline, the Mine tab and the assignee filter', async () => {
    const id = await caseAwaitingDecision();
    const q = await person('agent_q');
    const r = await person('agent_r');
    const mine = (who: Awaited<ReturnType<typeof person>>, n: number) => eventually<{ queues: { mine: number } }>(() => who.get('/v1/queues'), (b) => b.queues.mine === n, `mine = ${n}`);
    const listed = (assignee: string, present: boolean) =>
      eventually<{ data: { disputeId: string; assignee: string | null }[] }>(() => api.as('agent').get('/v1/disputes').query({ assignee }), (b) => b.data.some((c) => c.disputeId === id) === present, `listed under ${assignee}`);

    const assigned = await q.put(`/v1/disputes/${id}/assignee`).send({ assignee: 'agent_q' }).expect(200);
    expect(assigned.body).toMatchObject({ disputeId: id, assignee: 'agent_q' });
    await mine(q, 1);
    const page = await listed('agent_q', true);
    expect(page.data.find((c) => c.disputeId === id)!.assignee).toBe('agent_q');

    const reassigned = await api.as('supervisor').put(`/v1/disputes/${id}/assignee`).send({ assignee: 'agent_r' }).expect(200);
    expect(reassigned.body.assignee).toBe('agent_r');
    await mine(r, 1);
    await mine(q, 0);
    await listed('agent_q', false);

    const unassigned = await r.put(`/v1/disputes/${id}/assignee`).send({ assignee: null }).expect(200);
    expect(unassigned.body.assignee).toBeNull();
    await mine(r, 0);
    const events = unassigned.body.timeline.filter((t: { event: string }) => /ASSIGNED$/.test(t.event)).map((t: { event: string; detail: string }) => `${t.event} ${t.detail}`);
    expect(events).toEqual(['ASSIGNED to agent_q by agent_q', 'REASSIGNED to agent_r (was agent_q) by sup_1', 'UNASSIGNED agent_r unassigned by agent_r']);
    await recordsShow([id], (rec) => rec.assignee === null);
  });

  test.each([
    ['no assignee', {}, ['assignee']],
    ['an empty assignee', { assignee: '  ' }, ['assignee']],
    ['a number', { assignee: 7 }, ['assignee']],
    ['who assigns in the body', { assignee: 'agent_7', by: 'sup_1' }, ['by']],
  ])('refuses %s: 400 naming the field', async (_name, body, fields) => {
    const id = await caseAwaitingDecision();
    expectProblem(await api.as('agent').put(`/v1/disputes/${id}/assignee`).send(body), 400, 'INVALID_INPUT', fields);
  });

  test('refuses customers and the website (403), an unknown case (404), and a case that ended (409 WRONG_STATE)', async () => {
    const id = await caseAwaitingDecision();
    expectProblem(await api.as('customer').put(`/v1/disputes/${id}/assignee`).send({ assignee: 'cus_ada' }), 403, 'FORBIDDEN');
    expectProblem(await api.as('website').put(`/v1/disputes/${id}/assignee`).send({ assignee: null }), 403, 'FORBIDDEN');
    expectProblem(await api.as('agent').put('/v1/disputes/DSP-0000000000/assignee').send({ assignee: 'agent_7' }), 404, 'CASE_NOT_FOUND');
    await api.as('customer').post(`/v1/disputes/${id}/withdrawal`).send({ reason: 'found it' }).expect(200);
    expectProblem(await api.as('agent').put(`/v1/disputes/${id}/assignee`).send({ assignee: 'agent_7' }), 409, 'WRONG_STATE', ['status']);
  });
});

describe('POST /v1/disputes/:id/notes', () => {
  const secret = 'Customer sounded unsure; check the second card on file.';

  test('a note answers 201 with the case, is in the agents\' view and timeline, and never in the customer\'s or the website\'s', async () => {
    const id = await caseAwaitingDecision();
    await api.as('agent').put(`/v1/disputes/${id}/assignee`).send({ assignee: 'agent_7' }).expect(200);
    const res = await api.as('agent').post(`/v1/disputes/${id}/notes`).send({ text: secret }).expect(201);
    expect(res.body.notes).toEqual([{ at: expect.any(String), by: 'agent_7', text: secret }]);
    expect(res.body.timeline.at(-1)).toMatchObject({ event: 'NOTE', detail: `agent_7: ${secret}` });

    const sup = await api.as('supervisor').get(`/v1/disputes/${id}`).expect(200);
    expect(sup.body).toMatchObject({ assignee: 'agent_7', notes: [{ by: 'agent_7', text: secret }] });
    for (const role of ['customer', 'website'] as const) {
      const view = await api.as(role).get(`/v1/disputes/${id}`).expect(200);
      expect(view.body).not.toHaveProperty('notes');
      expect(view.body).not.toHaveProperty('assignee');
      expect(JSON.stringify(view.body)).not.toContain('second card');
      expect(JSON.stringify(view.body)).not.toContain('agent_7');
    }
  });

  test('a resolved case still takes a note', async () => {
    const id = await caseAwaitingDecision();
    await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture' }).expect(200);
    await waitForStatus(api.as('agent'), id, 'RESOLVED');
    const res = await api.as('supervisor').post(`/v1/disputes/${id}/notes`).send({ text: 'Refund seen at the processor.' }).expect(201);
    expect(res.body).toMatchObject({ status: 'RESOLVED', notes: [{ by: 'sup_1', text: 'Refund seen at the processor.' }] });
  });

  test.each([
    ['no text', {}, ['text']],
    ['empty text', { text: '   ' }, ['text']],
    ['text over 2000 characters', { text: 'x'.repeat(2001) }, ['text']],
    ['an author in the body', { text: 'hello', by: 'sup_1' }, ['by']],
  ])('refuses %s: 400 naming the field, and the case has no note', async (_name, body, fields) => {
    const id = await caseAwaitingDecision();
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/notes`).send(body), 400, 'INVALID_INPUT', fields);
    expect((await api.as('agent').get(`/v1/disputes/${id}`).expect(200)).body.notes).toEqual([]);
  });

  test('refuses customers (403) and a note holding a card number (422)', async () => {
    const id = await caseAwaitingDecision();
    expectProblem(await api.as('customer').post(`/v1/disputes/${id}/notes`).send({ text: 'hello' }), 403, 'FORBIDDEN');
    expectProblem(await api.as('agent').post(`/v1/disputes/${id}/notes`).send({ text: 'card 4242 4242 4242 4242' }), 422, 'CARD_NUMBER_REFUSED');
  });
});
