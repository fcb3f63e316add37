import { createFileDocumentStore } from '../../adapters/documents/filesystem';
import { apiOver, reportBody, waitForStatus } from '../support/api';
import { useCaseSystem } from '../support/temporal';
import { AGENT_ONLY_POLICY } from '../support/cases';

const TASK_QUEUE = 'api-lifecycle';
const system = useCaseSystem('time-skipping', TASK_QUEUE);

test('a case goes from report to closed through the API, each step by its own role: the website reports, an agent decides, the customer answers; investigate, decide, refund, follow up a week later, closed', async () => {
  const { env, sandbox } = system;
  const api = apiOver(env, TASK_QUEUE, AGENT_ONLY_POLICY, { documents: createFileDocumentStore(sandbox.documentsDir) });
  const [website, customer, agent] = [api.as('website'), api.as('customer'), api.as('agent')];
  const tx = sandbox.charge({ captureCount: 2 });

  const opened = await website.post('/v1/disputes').send(reportBody(tx.id)).expect(202);
  const id = opened.body.disputeId;
  const awaiting = await waitForStatus(agent, id, 'AWAITING_DECISION');
  expect(awaiting.assessment.recommendedAmount).toEqual({ amountMinor: 4999, currency: 'EUR' });

  await agent.post(`/v1/disputes/${id}/decision`).send({ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture' }).expect(200);
  await waitForStatus(customer, id, 'RESOLVED');
  const refunds = sandbox.store.getTransaction(tx.id)!.refunds;
  expect(refunds).toHaveLength(1);

  // The customer reads how the case was resolved: JSON or PDF by Accept.
  let record = await customer.get(`/v1/disputes/${id}/document`).set('Accept', 'application/json');
  for (let i = 0; record.status === 404 && i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    record = await customer.get(`/v1/disputes/${id}/document`).set('Accept', 'application/json');
  }
  expect(record.status).toBe(200);
  expect(JSON.stringify(record.body)).toContain(refunds[0]!.id);
  const pdf = await customer.get(`/v1/disputes/${id}/document`).set('Accept', 'application/pdf').expect(200);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  expect(pdf.headers['content-disposition']).toContain(`${id}-`);

  await customer.post(`/v1/disputes/${id}/satisfaction`).send({ satisfied: true }).expect(409);
  await env.sleep('7 days');
  await waitForStatus(customer, id, 'FOLLOW_UP');
  await customer.post(`/v1/disputes/${id}/satisfaction`).send({ satisfied: true, comment: 'Merci !' }).expect(200);
  const seen = await waitForStatus(customer, id, 'CLOSED');
  expect(seen).toMatchObject({ closedReason: 'SATISFIED', outcomes: [{ action: 'REFUND', amount: { amountMinor: 4999 } }], nextStep: { code: 'NONE' } });
  const closed = (await agent.get(`/v1/disputes/${id}`).expect(200)).body;

  expect(closed).toMatchObject({ closedReason: 'SATISFIED', decision: { agentId: 'agent_7' }, resolution: { action: 'REFUND', amount: { amountMinor: 4999 } } });
  expect(closed.timeline.map((t: { event: string }) => t.event)).toEqual([
    'REPORTED', 'INVESTIGATION_STARTED', 'FINDINGS_RECORDED', 'AWAITING_DECISION', 'DECIDED', 'RESOLVED', 'DOCUMENTED', 'SATISFACTION_ASKED', 'SATISFACTION_ANSWERED', 'CLOSED',
  ]);
  await agent.post(`/v1/disputes/${id}/decision`).send({ action: 'DENY', reason: 'late' }).expect(409);
});
