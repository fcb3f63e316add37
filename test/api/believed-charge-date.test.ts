import { caseIdFor } from '../../api/case-id';
import { apiOver, reportBody, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'api-believed-date';
const system = useCaseSystem('dev', TASK_QUEUE);
let api: ReturnType<typeof apiOver>;

beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY);
});

afterEach(() => {
  expect(api.logged).toEqual([]);
});

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('a report saying when the customer believes they were charged', () => {
  test('keeps the date for the agent and names it beside the processor\'s date, which still rules the window', async () => {
    const tx = system.sandbox.charge({ amountMinor: 6000, orderTotalMinor: 5000, createdAt: daysAgo(70) });
    const believed = daysAgo(50).slice(0, 10);
    const opened = await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { category: 'AMOUNT_MISMATCH', believedChargedOn: believed })).expect(202);
    const state = await waitForStatus(api.as('agent'), opened.body.disputeId, 'AWAITING_DECISION');
    expect(state.report.believedChargedOn).toBe(believed);
    expect(state.assessment.outsideReportingWindow).toBe(true);
    expect(state.assessment.reasons).toContainEqual(expect.stringMatching(new RegExp(`^The customer believes the charge was on ${believed}; the processor dates it ${tx.created_at} \\(20 days apart\\)`)));
  });

  test('accepts the customer\'s today even where it is already tomorrow in UTC', async () => {
    const tx = system.sandbox.charge();
    const today = new Date(Date.now() + 13 * 3_600_000).toISOString().slice(0, 10);
    await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { believedChargedOn: today })).expect(202);
  });

  test.each([
    ['a date in the future', new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)],
    ['a date and time instead of a day', '2026-10-01T10:00:00Z'],
    ['a day that does not exist', '2026-02-30'],
    ['a date written the French way', '01/10/2026'],
  ])('refuses %s with a problem naming the field, and opens nothing', async (_name, believedChargedOn) => {
    const tx = system.sandbox.charge();
    const res = await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { believedChargedOn })).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['believedChargedOn']);
    await api.as('agent').get(`/v1/disputes/${caseIdFor('sandbox', tx.id)}`).expect(404);
  });
});
