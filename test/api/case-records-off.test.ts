import { apiOver, reportBody, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'api-case-records';
const system = useCaseSystem('time-skipping', TASK_QUEUE);

describe('case records from the API (CASE_RECORDS)', () => {
  test('a case the API opens writes its record', async () => {
    const agent = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY).as('agent');
    const website = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY).as('website');
    const { body } = await website.post('/v1/disputes').send(reportBody(system.sandbox.charge({ captureCount: 2 }).id)).expect(202);
    await waitForStatus(agent, body.disputeId, 'AWAITING_DECISION');
    for (let i = 0; system.sandbox.records.get(body.disputeId)?.status !== 'AWAITING_DECISION' && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
    expect(system.sandbox.records.get(body.disputeId)?.status).toBe('AWAITING_DECISION');
  });

  test('with records off (benchmarks only), the case goes on and writes none', async () => {
    const api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { caseRecords: false });
    const { body } = await api.as('website').post('/v1/disputes').send(reportBody(system.sandbox.charge({ captureCount: 2 }).id)).expect(202);
    await waitForStatus(api.as('agent'), body.disputeId, 'AWAITING_DECISION');
    // A case opened after it, with records on, has its record: the first one would have had time to write.
    const later = await apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY).as('website').post('/v1/disputes').send(reportBody(system.sandbox.charge({ captureCount: 2 }).id)).expect(202);
    for (let i = 0; system.sandbox.records.get(later.body.disputeId)?.status !== 'AWAITING_DECISION' && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
    expect(system.sandbox.records.get(later.body.disputeId)?.status).toBe('AWAITING_DECISION');
    expect(system.sandbox.records.get(body.disputeId)).toBeUndefined();
  });
});
