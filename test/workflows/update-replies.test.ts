import type { Decision } from '../../domain/vocabulary';
import { caseStateQuery, decisionUpdate, informationUpdate, satisfactionUpdate, withdrawalUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'update-replies';
const system = useCaseSystem('time-skipping', TASK_QUEUE);
const agent = (d: Partial<Decision> & Pick<Decision, 'action'>): Decision => ({ reason: 'checked the findings', agentId: 'agent_7', ...d });
const refund = agent({ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' } });

async function inFollowUp() {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
  await waitForCase(handle, 'AWAITING_DECISION');
  await handle.executeUpdate(decisionUpdate, { args: [refund] });
  await waitForCase(handle, 'RESOLVED');
  await system.env.sleep('7 days');
  await waitForCase(handle, 'FOLLOW_UP');
  return handle;
}

describe('the reply to an update shows the case after the update', () => {
  test('a satisfied answer replies with the case CLOSED as SATISFIED', async () => {
    const handle = await inFollowUp();
    const reply = await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: true }] });
    expect(reply).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED', satisfaction: { satisfied: true } });
    expect((await handle.result()).status).toBe('CLOSED');
  });

  test('an unsatisfied answer replies with the case reopened, AWAITING_DECISION', async () => {
    const handle = await inFollowUp();
    const reply = await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: false, comment: 'still charged twice' }] });
    expect(reply).toMatchObject({ status: 'AWAITING_DECISION', reopenings: 1, closedReason: null });
    expect(reply.timeline.at(-1)).toMatchObject({ event: 'REOPENED', status: 'AWAITING_DECISION' });
    expect((await handle.query(caseStateQuery)).status).toBe('AWAITING_DECISION');
  });

  test('an answer to a request for information replies with the case investigating it again', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    const asked = await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REQUEST_INFO', question: 'Which line is wrong?' })] });
    expect(asked).toMatchObject({ status: 'AWAITING_CUSTOMER', informationRequest: { question: 'Which line is wrong?' } });
    const reply = await handle.executeUpdate(informationUpdate, { args: [{ message: 'The second one.' }] });
    expect(reply).toMatchObject({ status: 'INVESTIGATING', informationRequest: null, information: [{ message: 'The second one.' }] });
    await waitForCase(handle, 'AWAITING_DECISION');
  });

  test('a decision replies with the case carrying it out, and an escalation with the case escalated', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    const escalated = await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'ESCALATE', reason: 'large amount' })] });
    expect(escalated).toMatchObject({ status: 'AWAITING_DECISION', escalation: { reason: 'agent_7: large amount' } });
    const decided = await handle.executeUpdate(decisionUpdate, { args: [{ ...refund, agentId: 'sup_1', role: 'supervisor' }] });
    expect(decided).toMatchObject({ status: 'RESOLVING', decision: { action: 'REFUND', sequence: 1 } });
  });

  test('a withdrawal replies with the case WITHDRAWN', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    const reply = await handle.executeUpdate(withdrawalUpdate, { args: [{ reason: 'found it' }] });
    expect(reply).toMatchObject({ status: 'WITHDRAWN' });
    expect((await handle.result()).status).toBe('WITHDRAWN');
  });
});
