import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createPostgresSentLog } from '../../adapters/smtp/sent-log';
import { createPostgresRecords } from '../../records/postgres';
import { apiOver } from '../support/api';
import { freshDatabase, type TestDatabase } from '../support/database';
import { sampleRecord } from '../support/records';

/** These routes read only the records database: the Temporal client is never called. */
const noTemporal = { client: {} } as unknown as TestWorkflowEnvironment;

function expectProblem(res: { status: number; body: { code?: string; errors?: { field: string }[] } }, status: number, code: string, fields: string[] = []) {
  expect(res.status).toBe(status);
  expect(res.body.code).toBe(code);
  for (const f of fields) expect(res.body.errors?.map((e) => e.field)).toContain(f);
}

let db: TestDatabase;
let api: ReturnType<typeof apiOver>;
beforeAll(async () => {
  db = await freshDatabase();
  api = apiOver(noTemporal, 'unused', undefined, { records: db.pool });
  const records = createPostgresRecords(db.pool);
  for (let n = 1; n <= 120; n++) {
    await records.write({
      record: sampleRecord({ caseId: `DSP-${String(n).padStart(10, '0')}`, caseRunId: `r${n}`, customerEmail: `c${n}@example.com`, openedAt: '2026-11-10T10:00:00.000Z', decidedBy: n <= 10 ? 'agent_7' : 'agent_8', outcome: 'REFUND', refundedMinor: 100 }),
      statusChanges: [],
    });
  }
});
afterAll(() => db.drop());

describe('GET /v1/disputes reads the case records', () => {
  test('an agent pages through a queue with the cursor the answer gives', async () => {
    const first = await api.as('agent').get('/v1/disputes?status=RECEIVED&limit=100').expect(200);
    expect(first.body.data).toHaveLength(100);
    const second = await api.as('agent').get('/v1/disputes').query({ status: 'RECEIVED', limit: 100, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.data).toHaveLength(20);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([...first.body.data, ...second.body.data].map((r: { disputeId: string }) => r.disputeId)).size).toBe(120);
  });

  test('a search by e-mail finds the customer\'s case', async () => {
    const res = await api.as('supervisor').get('/v1/disputes?q=C42@example.com').expect(200);
    expect(res.body.data.map((r: { disputeId: string }) => r.disputeId)).toEqual(['DSP-0000000042']);
  });

  test.each([
    ['status=LOST', 'query:status'],
    ['sort=random', 'query:sort'],
    ['order=up', 'query:order'],
    ['limit=500', 'query:limit'],
    ['due_before=tomorrow', 'query:due_before'],
    ['cursor=garbage', 'query:cursor'],
    ['colour=blue', 'query:colour'],
  ])('a bad parameter (%s) is a 400 naming it', async (query, field) => {
    expectProblem(await api.as('agent').get(`/v1/disputes?${query}`), 400, 'INVALID_INPUT', [field]);
  });

  test.each(['website', 'customer', 'engineer', 'analyst'] as const)('the %s role may not list cases', async (role) => {
    expectProblem(await api.as(role).get('/v1/disputes'), 403, 'FORBIDDEN');
  });
});

describe('GET /v1/queues', () => {
  test('counts the open cases per tab', async () => {
    const res = await api.as('agent').get('/v1/queues').expect(200);
    expect(res.body.queues).toMatchObject({ all: 120, needsDecision: 0, mine: 0 });
  });
});

describe('the reports', () => {
  test('a supervisor sees every case, an agent their own decisions, an analyst the figures', async () => {
    const all = await api.as('supervisor').get('/v1/reports/summary?from=2026-11-01&to=2026-11-30&groupBy=category').expect(200);
    expect(all.body).toMatchObject({ scope: 'all', totals: { opened: 120 }, groupBy: 'category' });
    const mine = await api.as('agent').get('/v1/reports/summary?from=2026-11-01&to=2026-11-30').expect(200);
    expect(mine.body).toMatchObject({ scope: 'mine', totals: { opened: 10 } });
    await api.as('analyst').get('/v1/reports/summary?from=2026-11-01&to=2026-11-30').expect(200);
  });

  test("the analyst's CSV has no customer details; the supervisor's has them", async () => {
    const analyst = await api.as('analyst').get('/v1/reports/cases.csv?from=2026-11-01&to=2026-11-30').expect(200);
    expect(analyst.headers['content-type']).toMatch(/^text\/csv/);
    expect(analyst.headers['content-disposition']).toContain('cases-2026-11-01-to-2026-11-30.csv');
    expect(analyst.text.split('\r\n').filter(Boolean)).toHaveLength(121);
    expect(analyst.text).not.toContain('@example.com');
    const supervisor = await api.as('supervisor').get('/v1/reports/cases.csv?from=2026-11-01&to=2026-11-30').expect(200);
    expect(supervisor.text).toContain('c42@example.com');
  });

  test.each([
    ['from=2026-11-30&to=2026-11-01', 'query:to'],
    ['from=2026-02-30&to=2026-03-01', 'query:from'],
    ['from=yesterday&to=2026-11-01', 'query:from'],
    ['to=2026-11-01', 'query:from'],
    ['from=2026-11-01&to=2026-11-30&groupBy=colour', 'query:groupBy'],
  ])('bad parameters (%s) are a 400 naming the field', async (query, field) => {
    expectProblem(await api.as('supervisor').get(`/v1/reports/summary?${query}`), 400, 'INVALID_INPUT', [field]);
  });

  test.each(['website', 'customer', 'engineer'] as const)('the %s role may not read reports', async (role) => {
    expectProblem(await api.as(role).get('/v1/reports/summary?from=2026-11-01&to=2026-11-30'), 403, 'FORBIDDEN');
  });
});

describe('GET /v1/disputes/{id}/emails lists what the outbound log sent for the case', () => {
  const caseId = 'DSP-0000000007';
  beforeAll(async () => {
    // Two workers sharing the log: one e-mail sent, one claimed and not yet accepted by the mail server.
    const [a, b] = [createPostgresSentLog(db.pool, { sender: 'worker-a' }), createPostgresSentLog(db.pool, { sender: 'worker-b' })];
    await a.claim('ack-7', { messageId: `<${caseId}.ACKNOWLEDGEMENT.1@loop>`, caseId, kind: 'ACKNOWLEDGEMENT' });
    await a.markSent('ack-7');
    await b.claim('res-7', { messageId: `<${caseId}.RESOLUTION.1@loop>`, caseId, kind: 'RESOLUTION' });
    await b.claim('ack-8', { messageId: '<DSP-0000000008.ACKNOWLEDGEMENT.1@loop>', caseId: 'DSP-0000000008', kind: 'ACKNOWLEDGEMENT' });
  });

  test('an agent sees the case\'s e-mails, oldest first, sent or still being sent, whichever worker sent them', async () => {
    const res = await api.as('agent').get(`/v1/disputes/${caseId}/emails`).expect(200);
    expect(res.body.data).toEqual([
      { kind: 'ACKNOWLEDGEMENT', messageId: `<${caseId}.ACKNOWLEDGEMENT.1@loop>`, state: 'SENT', claimedAt: expect.any(String), sentAt: expect.any(String) },
      { kind: 'RESOLUTION', messageId: `<${caseId}.RESOLUTION.1@loop>`, state: 'SENDING', claimedAt: expect.any(String), sentAt: null },
    ]);
  });

  test('a case with no e-mail yet has an empty list; a malformed case number is a 404', async () => {
    expect((await api.as('supervisor').get('/v1/disputes/DSP-0000000099/emails').expect(200)).body).toEqual({ data: [] });
    expectProblem(await api.as('agent').get('/v1/disputes/not-a-case/emails'), 404, 'CASE_NOT_FOUND');
  });

  test.each(['website', 'customer', 'engineer', 'analyst'] as const)('the %s role may not read a case\'s e-mails', async (role) => {
    expectProblem(await api.as(role).get(`/v1/disputes/${caseId}/emails`), 403, 'FORBIDDEN');
  });
});

describe('when the records database is missing or down', () => {
  test('without one configured, the queues say so with a 503', async () => {
    const without = apiOver(noTemporal, 'unused', undefined, { records: undefined });
    const res = await without.as('agent').get('/v1/disputes');
    expectProblem(res, 503, 'UNAVAILABLE');
    expect(res.body.detail).toContain('DATABASE_URL');
  });

  test('a database that is gone answers 503 with Retry-After, never 500', async () => {
    const gone = await freshDatabase();
    const stopped = apiOver(noTemporal, 'unused', undefined, { records: gone.pool });
    await gone.drop();
    const res = await stopped.as('agent').get('/v1/queues');
    expectProblem(res, 503, 'UNAVAILABLE');
    expect(res.headers['retry-after']).toBeDefined();
    expect(stopped.logged).toEqual([]);
  });
});
