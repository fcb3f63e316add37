import { apiOver, reportBody, waitForStatus } from '../support/api';
import { useCaseSystem } from '../support/temporal';
import { AGENT_ONLY_POLICY } from '../support/cases';

const TASK_QUEUE = 'api-lifecycle';
const system = useCaseSystem('time-skipping', TASK_QUEUE);

test('a case goes from report to closed through the API: investigate, decide, refund, follow up a week later, closed', async () => {
  const { env, sandbox } = system;
  const { http } = apiOver(env, TASK_QUEUE, AGENT_ONLY_POLICY);
  const tx = sandbox.charge({ captureCount: 2 });

  const opened = await http.post('/v1/disputes').send(reportBody(tx.id)).expect(202);
  const id = opened.body.disputeId;
  const awaiting = await waitForStatus(http, id, 'AWAITING_DECISION');
  expect(awaiting.assessment.recommendedAmount).toEqual({ amountMinor: 4999, currency: 'EUR' });

  await http.post(`/v1/disputes/${id}/decision`).send({ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' }).expect(200);
  await waitForStatus(http, id, 'RESOLVED');
  expect(sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);

  await http.post(`/v1/disputes/${id}/satisfaction`).send({ satisfied: true }).expect(409);
  await env.sleep('7 days');
  await waitForStatus(http, id, 'FOLLOW_UP');
  await http.post(`/v1/disputes/${id}/satisfaction`).send({ satisfied: true, comment: 'Merci !' }).expect(200);
  const closed = await waitForStatus(http, id, 'CLOSED');

  expect(closed).toMatchObject({ closedReason: 'SATISFIED', decision: { agentId: 'agent_7' }, resolution: { action: 'REFUND', amount: { amountMinor: 4999 } } });
  expect(closed.timeline.map((t: { event: string }) => t.event)).toEqual([
    'REPORTED', 'INVESTIGATION_STARTED', 'FINDINGS_RECORDED', 'AWAITING_DECISION', 'DECIDED', 'RESOLVED', 'SATISFACTION_ASKED', 'SATISFACTION_ANSWERED', 'CLOSED',
  ]);
  await http.post(`/v1/disputes/${id}/decision`).send({ action: 'DENY', reason: 'late', agentId: 'agent_7' }).expect(409);
});
