import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_CASE_POLICY, type CasePolicy, type Decision } from '../../domain/vocabulary';
import type { SandboxEvent } from '../../sandbox/store';
import {
  caseStateQuery,
  decisionSignal,
  decisionUpdate,
  informationUpdate,
  satisfactionUpdate,
  withdrawalUpdate,
  type resolveDiscrepancy,
} from '../../workflows/resolve-discrepancy';
import { EscalatedKey, LiabilityKey, SlaBreachedKey } from '../../workflows/search-attributes';
import { caseIdFor } from '../../api/case-id';
import { workflowIdFor } from '../../domain/ids';
import { apiOver } from '../support/api';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { recordHistory } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'policy';
const system = useCaseSystem('time-skipping', TASK_QUEUE);
const events: SandboxEvent[] = [];
let api: ReturnType<typeof apiOver>;

beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE);
  system.sandbox.events.deliver = (event) => events.push(event);
});

/** Delivers the sandbox's pending webhook events to the API, as the processor would. */
async function deliverEvents() {
  for (const event of events.splice(0)) await api.http.post('/v1/webhooks/sandbox').send(event).expect(200);
}

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const agent = (d: Partial<Decision> & Pick<Decision, 'action'>): Decision => ({ reason: 'checked the findings', agentId: 'agent_7', ...d });
const kinds = (caseId: string) => system.sandbox.store.outbox(caseId).map((m) => m.kind);
const events_ = (s: { timeline: { event: string }[] }) => s.timeline.map((t) => t.event);
const start = (txId: string, policy: CasePolicy = AGENT_ONLY_POLICY, report: Partial<Parameters<typeof reportFor>[1]> = {}) =>
  startCase(system.env.client, TASK_QUEUE, reportFor(txId, report), policy);
async function searchAttribute<T>(handle: WorkflowHandle, key: { name: string }) {
  return (await handle.describe()).typedSearchAttributes.get(key as never) as T | undefined;
}

describe('the dispute policy on the time-skipping server', () => {
  test('a duplicate capture under the ceiling is refunded without an agent, recorded as decided by the system and its rule', async () => {
    const tx = system.sandbox.charge({ amountMinor: 2500, captureCount: 2 });
    const handle = await start(tx.id, DEFAULT_CASE_POLICY);
    const resolved = await waitForCase(handle, 'RESOLVED');
    expect(resolved.decision).toMatchObject({ action: 'REFUND', amount: eur(2500), agentId: 'system:DUPLICATE_CAPTURE', role: 'system' });
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds.map((r) => r.amount_minor)).toEqual([2500]);
    expect(await searchAttribute(handle, LiabilityKey)).toBe('MERCHANT');
    await recordHistory(handle, 'auto-resolved-duplicate-capture');
  });

  test('a report 70 days after the charge is investigated and flagged, and waits for an agent even when the evidence is clear', async () => {
    const tx = system.sandbox.charge({ amountMinor: 2500, captureCount: 2, createdAt: new Date(Date.now() - 70 * 86_400_000).toISOString() });
    const handle = await start(tx.id, DEFAULT_CASE_POLICY);
    const state = await waitForCase(handle, 'AWAITING_DECISION');
    expect(state.assessment).toMatchObject({ outsideReportingWindow: true, liability: 'MERCHANT', unambiguous: false });
    expect(state.decision).toBeNull();
    await recordHistory(handle, 'late-report-waits-for-agent');
  });

  test('a payment the processor does not know makes the case ask the customer; a corrected reference runs the investigation again', async () => {
    const handle = await start('tx_typo_123');
    const asking = await waitForCase(handle, 'AWAITING_CUSTOMER');
    expect(asking.assessment).toMatchObject({ rule: 'TRANSACTION_NOT_FOUND', liability: 'UNDETERMINED' });
    expect(asking.informationRequest?.askedBy).toBe('system');
    await waitForCase(handle, () => kinds(asking.caseId).includes('INFORMATION_REQUEST'));

    const tx = system.sandbox.charge({ amountMinor: 9000, captureCount: 2 });
    await handle.executeUpdate(informationUpdate, { args: [{ message: 'Sorry, the reference is this one', transactionId: tx.id }] });
    const found = await waitForCase(handle, 'AWAITING_DECISION');
    expect(found.findings?.transaction?.id).toBe(tx.id);
    expect(found.assessment).toMatchObject({ rule: 'DUPLICATE_CAPTURE', recommendedAmount: eur(9000) });
    expect(events_(found)).toEqual(expect.arrayContaining(['INFORMATION_REQUESTED', 'INFORMATION_RECEIVED']));
    await recordHistory(handle, 'not-found-then-corrected-reference');
  });

  test('a request for information left unanswered for 14 days closes the case with that reason', async () => {
    const handle = await start('tx_nobody_knows');
    const asking = await waitForCase(handle, 'AWAITING_CUSTOMER');
    const askedAt = Date.parse(asking.informationRequest!.askedAt);
    await system.env.sleep(askedAt + 14 * 86_400_000 - (await system.env.currentTimeMs()) - 3_600_000);
    expect((await handle.query(caseStateQuery)).status).toBe('AWAITING_CUSTOMER');
    const closed = await handle.result();
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'NO_INFORMATION' });
    expect(Date.parse(closed.timeline.find((t) => t.event === 'CLOSED')!.at) - askedAt).toBeGreaterThanOrEqual(14 * 86_400_000);
    await recordHistory(handle, 'information-never-answered');
  });

  test('an agent asks the customer, then escalates; after that only a supervisor decides, and both are recorded', async () => {
    const tx = system.sandbox.charge({ amountMinor: 3000 });
    const handle = await start(tx.id, AGENT_ONLY_POLICY, { category: 'OTHER' });
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REQUEST_INFO', question: 'Which line of your statement is wrong?' })] });
    await handle.executeUpdate(informationUpdate, { args: [{ message: 'The second line, 30 €.' }] });
    await waitForCase(handle, 'AWAITING_DECISION');
    const escalated = await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'ESCALATE', reason: 'needs a goodwill gesture' })] });
    expect(escalated.escalation?.reason).toBe('agent_7: needs a goodwill gesture');
    expect(await searchAttribute(handle, EscalatedKey)).toBe(true);

    await expect(handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'ACCOUNT_CREDIT', amount: eur(500) })] })).rejects.toMatchObject({ cause: { type: 'WRONG_STATE' } });
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'ACCOUNT_CREDIT', amount: eur(500), agentId: 'sup_1', role: 'supervisor' })] });
    const resolved = await waitForCase(handle, 'RESOLVED');
    expect(resolved.decision).toMatchObject({ agentId: 'sup_1', role: 'supervisor' });
    expect(system.sandbox.store.creditsFor('cus_ada').some((c) => c.amount_minor === 500)).toBe(true);
    await recordHistory(handle, 'request-info-escalate-supervisor-credit');
  });

  test('no agent decision within 2 business days breaches the SLA once: escalated, SlaBreached set', async () => {
    const tx = system.sandbox.charge({ amountMinor: 3000 });
    const handle = await start(tx.id, AGENT_ONLY_POLICY, { category: 'OTHER' });
    const waiting = await waitForCase(handle, 'AWAITING_DECISION');
    expect(await searchAttribute(handle, SlaBreachedKey)).toBe(false);
    await system.env.sleep(Date.parse(waiting.deadlines.firstDecisionDueAt!) - (await system.env.currentTimeMs()) - 3_600_000);
    expect((await handle.query(caseStateQuery)).slaBreached).toBe(false);
    await system.env.sleep('2 hours');
    const breached = await waitForCase(handle, (s) => s.slaBreached);
    expect(breached.escalation?.reason).toBe('no agent decision within the SLA');
    expect(await searchAttribute(handle, SlaBreachedKey)).toBe(true);
    await system.env.sleep('10 days');
    const later = events_(await handle.query(caseStateQuery));
    expect(later.filter((e) => e === 'ESCALATED')).toHaveLength(1);
    expect(later).not.toContain('ESCALATION_REPEATED');
    await recordHistory(handle, 'sla-breached');
  });

  test('a case an agent answered in time but nobody resolved goes to a supervisor at its 30-business-day deadline', async () => {
    const tx = system.sandbox.charge({ amountMinor: 3000 });
    const handle = await start(tx.id, AGENT_ONLY_POLICY, { category: 'OTHER' });
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REQUEST_INFO', question: 'Do you have the receipt?' })] });
    await handle.executeUpdate(informationUpdate, { args: [{ message: 'Attached to my e-mail.' }] });
    await waitForCase(handle, 'AWAITING_DECISION');
    await system.env.sleep('45 days');
    const late = await waitForCase(handle, (s) => s.escalation !== null);
    expect(late).toMatchObject({ slaBreached: false, escalation: { reason: 'resolution deadline passed' }, status: 'AWAITING_DECISION' });
    await recordHistory(handle, 'resolution-deadline-escalates');
  });

  test('a pending refund waits for the processor: its settlement webhook resolves the case', async () => {
    const tx = system.sandbox.charge({ amountMinor: 9000, captureCount: 2, refundSettlement: 'pending' });
    const handle = await start(tx.id);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(9000) })] });
    const pending = await waitForCase(handle, (s) => s.pendingRefund !== null);
    expect(pending.status).toBe('RESOLVING');
    system.sandbox.store.settleRefund(pending.pendingRefund!.refundId, 'succeeded');
    await deliverEvents();
    const resolved = await waitForCase(handle, 'RESOLVED');
    expect(resolved.resolution).toMatchObject({ reference: pending.pendingRefund!.refundId, amount: eur(9000) });
    await recordHistory(handle, 'refund-settled-by-webhook');
  });

  test('a pending refund whose webhook never comes is found settled by polling', async () => {
    const tx = system.sandbox.charge({ amountMinor: 9000, captureCount: 2, refundSettlement: 'pending' });
    const handle = await start(tx.id);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(9000) })] });
    const pending = await waitForCase(handle, (s) => s.pendingRefund !== null);
    await system.env.sleep('90 seconds');
    await waitForCase(handle, (s) => s.timeline.some((t) => t.event === 'SETTLEMENT_CHECKED'));
    system.sandbox.store.settleRefund(pending.pendingRefund!.refundId, 'succeeded');
    events.splice(0); // the webhook is lost
    await system.env.sleep('3 minutes');
    const resolved = await waitForCase(handle, 'RESOLVED');
    expect(resolved.resolution?.reference).toBe(pending.pendingRefund!.refundId);
    await recordHistory(handle, 'refund-settled-by-polling');
  });

  test('a refund that fails at settlement goes back to an agent with the reason', async () => {
    const tx = system.sandbox.charge({ amountMinor: 9000, captureCount: 2, refundSettlement: 'pending' });
    const handle = await start(tx.id);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(9000) })] });
    const pending = await waitForCase(handle, (s) => s.pendingRefund !== null);
    system.sandbox.store.settleRefund(pending.pendingRefund!.refundId, 'failed');
    await deliverEvents();
    const back = await waitForCase(handle, (s) => s.status === 'AWAITING_DECISION' && s.pendingRefund === null);
    expect(back.timeline.at(-1)).toMatchObject({ event: 'EXECUTION_REFUSED', detail: expect.stringContaining('failed at settlement') });
    await recordHistory(handle, 'refund-failed-at-settlement');
  });

  test('a chargeback opens a case for its transaction; while it is open a refund is refused, after it closes it is not', async () => {
    const tx = system.sandbox.charge({ amountMinor: 4000, customer: { id: 'cus_cb', email: 'cb@example.com', locale: 'en' } });
    const chargeback = system.sandbox.store.openChargeback(tx.id);
    await deliverEvents();
    const handle = system.env.client.workflow.getHandle<typeof resolveDiscrepancy>(workflowIdFor(caseIdFor('sandbox', tx.id)));
    const opened = await waitForCase(handle, (s) => s.status === 'AWAITING_DECISION' || s.status === 'AWAITING_CUSTOMER');
    expect(opened).toMatchObject({ report: { channel: 'processor', customer: null }, customer: { id: 'cus_cb' }, chargebacks: [{ id: chargeback.id, status: 'OPEN' }] });

    await expect(handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(4000) })] })).rejects.toMatchObject({ cause: { type: 'CHARGEBACK_OPEN' } });
    system.sandbox.store.closeChargeback(chargeback.id, 'won');
    await deliverEvents();
    await waitForCase(handle, (s) => s.chargebacks.every((c) => c.status === 'WON'));
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(4000) })] });
    await waitForCase(handle, 'RESOLVED');
    await recordHistory(handle, 'chargeback-opens-case');
  });

  test('a chargeback on a transaction the customer already reported joins that case', async () => {
    const tx = system.sandbox.charge({ amountMinor: 4000 });
    const handle = await start(tx.id, AGENT_ONLY_POLICY, { category: 'UNAUTHORIZED' });
    await waitForCase(handle, (s) => s.status === 'AWAITING_DECISION' || s.status === 'AWAITING_CUSTOMER');
    system.sandbox.store.openChargeback(tx.id);
    await deliverEvents();
    const joined = await waitForCase(handle, (s) => s.chargebacks.length === 1);
    expect(joined.report.channel).toBe('web');
    expect((await handle.describe()).runId).toBe(handle.firstExecutionRunId);
    await recordHistory(handle, 'chargeback-joins-case');
  });

  test('the customer may withdraw before resolution (WITHDRAWN, told so), not after', async () => {
    const tx = system.sandbox.charge({ amountMinor: 3000 });
    const handle = await start(tx.id, AGENT_ONLY_POLICY, { category: 'OTHER' });
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(withdrawalUpdate, { args: [{ reason: 'found it on my statement' }] });
    const withdrawn = await handle.result();
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(kinds(withdrawn.caseId)).toContain('WITHDRAWAL');
    await recordHistory(handle, 'withdrawn');

    const tx2 = system.sandbox.charge({ amountMinor: 9000, captureCount: 2 });
    const other = await start(tx2.id);
    await waitForCase(other, 'AWAITING_DECISION');
    await other.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(9000) })] });
    await waitForCase(other, 'RESOLVED');
    await expect(other.executeUpdate(withdrawalUpdate, { args: [{}] })).rejects.toMatchObject({ cause: { type: 'WRONG_STATE' } });
    await expect(other.executeUpdate(decisionUpdate, { args: [agent({ action: 'DENY' })] })).rejects.toMatchObject({ cause: { type: 'WRONG_STATE' } });
  });

  test('an unsatisfied customer reopens the case; past the limit a supervisor decides, and a further no closes it', async () => {
    const tx = system.sandbox.charge({ amountMinor: 9000, orderTotalMinor: 6000 });
    const handle = await start(tx.id, { ...AGENT_ONLY_POLICY, maxReopenings: 1 }, { category: 'AMOUNT_MISMATCH' });
    const unhappy = async () => {
      await waitForCase(handle, 'RESOLVED');
      await system.env.sleep('7 days');
      await waitForCase(handle, 'FOLLOW_UP');
      await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: false, comment: 'still wrong' }] });
    };
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(1000) })] });
    await unhappy();
    const reopened = await waitForCase(handle, 'AWAITING_DECISION');
    expect(reopened).toMatchObject({ reopenings: 1, escalation: null });
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(1000) })] });
    await unhappy();
    const toSupervisor = await waitForCase(handle, (s) => s.status === 'AWAITING_DECISION' && s.escalation !== null);
    expect(toSupervisor.escalation?.reason).toContain('still unsatisfied');
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'DENY', reason: 'the order total was 60 €', agentId: 'sup_1', role: 'supervisor' })] });
    await unhappy();
    const closed = await handle.result();
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'UNSATISFIED_AFTER_SUPERVISOR' });
    expect(closed.resolutions.map((r) => r.action)).toEqual(['REFUND', 'REFUND', 'DENY']);
    await recordHistory(handle, 'reopened-then-supervisor-then-closed');
  });

  test('a fraud strongly authenticated by the bank is THIRD_PARTY: the agent still resolves it and the customer is told what to do', async () => {
    const tx = system.sandbox.charge({ amountMinor: 3000, authentication: 'three_d_secure' });
    const handle = await start(tx.id, AGENT_ONLY_POLICY, { category: 'UNAUTHORIZED' });
    const state = await waitForCase(handle, 'AWAITING_DECISION');
    expect(state.assessment).toMatchObject({ liability: 'THIRD_PARTY', recommendedAction: 'ASSIST' });
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'DENY', reason: 'authenticated by 3-D Secure; no Loop incident' })] });
    // The resolution e-mail follows the resolution document.
    await waitForCase(handle, (s) => s.status === 'RESOLVED' && kinds(s.caseId).includes('RESOLUTION'));
    const message = system.sandbox.store.outbox(state.caseId).find((m) => m.kind === 'RESOLUTION');
    expect(message?.facts.guidance).toContain('bank');
    await recordHistory(handle, 'third-party-assist');
  });

  test('a payment declined for the card details the customer typed is the customer\'s error: assisted, never refunded', async () => {
    const tx = system.sandbox.charge({ amountMinor: 3000, declineCode: 'incorrect_cvc' });
    const handle = await start(tx.id, DEFAULT_CASE_POLICY, { category: 'OTHER' });
    const state = await waitForCase(handle, 'AWAITING_DECISION');
    expect(state.assessment).toMatchObject({ rule: 'DECLINED_FOR_CUSTOMER_DETAILS', liability: 'CUSTOMER', recommendedAction: 'ASSIST', refundable: eur(0) });
    await expect(handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(100) })] })).rejects.toMatchObject({ cause: { type: 'AMOUNT_EXCEEDS_REFUNDABLE' } });
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'DENY', reason: 'declined for a wrong security code; no money was taken' })] });
    // The resolution e-mail follows the resolution document.
    await waitForCase(handle, (s) => s.status === 'RESOLVED' && kinds(s.caseId).includes('RESOLUTION'));
    expect(system.sandbox.store.outbox(state.caseId).find((m) => m.kind === 'RESOLUTION')?.facts.guidance).toContain('security code');
    await recordHistory(handle, 'customer-error-assist');
  });

  test('an overcharge under the ceiling is refunded automatically, the difference only', async () => {
    const tx = system.sandbox.charge({ amountMinor: 6000, orderTotalMinor: 5000 });
    const handle = await start(tx.id, DEFAULT_CASE_POLICY, { category: 'AMOUNT_MISMATCH' });
    const resolved = await waitForCase(handle, 'RESOLVED');
    expect(resolved.decision).toMatchObject({ agentId: 'system:CHARGED_MORE_THAN_ORDER', amount: eur(1000) });
    await recordHistory(handle, 'auto-resolved-overcharge');
  });

  test('an unauthorized charge inside a Loop security incident is Loop\'s: a full refund is recommended', async () => {
    const tx = system.sandbox.charge({ amountMinor: 3000, authentication: 'three_d_secure' });
    system.sandbox.store.addIncident({ starts_at: new Date(Date.now() - 86_400_000).toISOString(), ends_at: new Date(Date.now() + 86_400_000).toISOString(), affected_accounts: ['cus_ada'], summary: 'session tokens leaked' });
    const handle = await start(tx.id, AGENT_ONLY_POLICY, { category: 'UNAUTHORIZED' });
    const state = await waitForCase(handle, 'AWAITING_DECISION');
    expect(state.assessment).toMatchObject({ rule: 'UNAUTHORIZED_IN_LOOP_INCIDENT', liability: 'MERCHANT', recommendedAmount: eur(3000) });
    await recordHistory(handle, 'unauthorized-loop-incident');
  });

  test('a long case continues as new, keeping its state, and still runs to the end', async () => {
    const tx = system.sandbox.charge({ amountMinor: 9000, captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY, { historyEventLimit: 40 });
    await waitForCase(handle, 'AWAITING_DECISION');
    const firstRun = (await handle.describe()).runId;
    for (let i = 0; i < 25; i++) await handle.signal(decisionSignal, { action: 'PAY' } as unknown as Decision);
    await waitForCase(handle, (s) => s.timeline.filter((t) => t.event === 'DECISION_REFUSED').length === 25);
    const later = system.env.client.workflow.getHandle<typeof resolveDiscrepancy>(handle.workflowId);
    expect((await later.describe()).runId).not.toBe(firstRun);

    await later.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(9000) })] });
    await waitForCase(later, 'RESOLVED');
    await system.env.sleep('7 days');
    await waitForCase(later, 'FOLLOW_UP');
    await later.executeUpdate(satisfactionUpdate, { args: [{ satisfied: true }] });
    const closed = await later.result();
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED', escalation: null, slaBreached: false });
    expect(events_(closed).filter((e) => e === 'DECISION_REFUSED')).toHaveLength(25);
    expect(events_(closed)).not.toContain('ESCALATION_REPEATED');
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);
    await recordHistory(later, 'continued-as-new-then-closed');
  });
});
