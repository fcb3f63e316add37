import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_CASE_POLICY, type CaseState, type Decision } from '../../domain/vocabulary';
import { caseIdFor } from '../../api/case-id';
import { caseStateQuery, decisionUpdate, processorAnswerUpdate, satisfactionUpdate } from '../../workflows/resolve-discrepancy';
import { DisputeStatusKey, EscalatedKey } from '../../workflows/search-attributes';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { recordHistory } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'outcomes';
const system = useCaseSystem('time-skipping', TASK_QUEUE);

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const agent = (d: Partial<Decision> & Pick<Decision, 'action'>): Decision => ({ reason: 'checked the findings', agentId: 'agent_7', ...d });
const messages = (caseId: string) => system.sandbox.store.outbox(caseId);
const kinds = (caseId: string) => messages(caseId).map((m) => m.kind);
const events = (s: CaseState) => s.timeline.map((t) => t.event);
async function searchAttribute<T>(handle: WorkflowHandle, key: { name: string }) {
  return (await handle.describe()).typedSearchAttributes.get(key as never) as T | undefined;
}

/** A charge where the processor captured 55 € though Loop asked for 50 €, reported as a wrong amount, with an agent. */
async function processorOvercharged() {
  const tx = system.sandbox.charge({ amountMinor: 5500, requestedAmountMinor: 5000, orderTotalMinor: 5000 });
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id, { category: 'AMOUNT_MISMATCH' }), AGENT_ONLY_POLICY);
  const waiting = await waitForCase(handle, 'AWAITING_DECISION');
  expect(waiting.assessment).toMatchObject({ rule: 'PROCESSOR_CHARGED_OTHER_AMOUNT', liability: 'THIRD_PARTY' });
  return { tx, handle };
}

describe('an explanation closes a claim with no money moved', () => {
  test('a refund already settled at the processor is explained: RESOLVED with no money moved, followed up, closed', async () => {
    const tx = system.sandbox.charge({ amountMinor: 5000 });
    const settled = system.sandbox.store.refund(tx.id, 5000, 'EUR', 'order cancelled', 'refund-before-report').refund;
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id, { category: 'REFUND_NOT_RECEIVED' }), AGENT_ONLY_POLICY);
    const waiting = await waitForCase(handle, 'AWAITING_DECISION');
    expect(waiting.assessment).toMatchObject({ rule: 'REFUND_SETTLED_NOT_SEEN', liability: 'THIRD_PARTY' });

    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'EXPLAIN', reason: `refund ${settled.id} settled on the processor side` })] });
    const resolved = await waitForCase(handle, (s) => s.status === 'RESOLVED' && kinds(s.caseId).includes('RESOLUTION'));
    expect(resolved.resolution).toMatchObject({ action: 'EXPLAIN', amount: null, reference: null });
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds.map((r) => r.id)).toEqual([settled.id]);
    expect(system.sandbox.store.creditsFor('cus_ada')).toEqual([]);
    expect(messages(resolved.caseId).find((m) => m.kind === 'RESOLUTION')?.facts).toMatchObject({ action: 'EXPLAIN', rule: 'REFUND_SETTLED_NOT_SEEN' });

    await system.env.sleep('7 days');
    await waitForCase(handle, 'FOLLOW_UP');
    await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: true }] });
    expect(await handle.result()).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED', resolutions: [{ action: 'EXPLAIN', amount: null }] });
    await recordHistory(handle, 'explain-refund-settled-closed');
  });
});

describe('an inquiry raised with the processor', () => {
  test('the agent raises it, the customer is told, the answer is recorded, and the agent decides on it', async () => {
    const { tx, handle } = await processorOvercharged();
    const raised = await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'RAISE_WITH_PROCESSOR', reason: 'captured 55 € for 50 € asked' })] });
    expect(raised.status).toBe('AWAITING_PROCESSOR');
    expect(raised.processorInquiry).toMatchObject({ raisedBy: 'agent_7', note: 'captured 55 € for 50 € asked', answer: null });
    await waitForCase(handle, (s) => kinds(s.caseId).includes('PROCESSOR_INQUIRY'));
    expect(await searchAttribute(handle, DisputeStatusKey)).toBe('AWAITING_PROCESSOR');
    expect(messages(raised.caseId).find((m) => m.kind === 'PROCESSOR_INQUIRY')?.facts).toEqual({ caseId: raised.caseId, dueAt: raised.processorInquiry!.dueAt });

    await expect(handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(500) })] })).rejects.toMatchObject({ cause: { type: 'WRONG_STATE' } });
    const answered = await handle.executeUpdate(processorAnswerUpdate, { args: [{ outcome: 'PROCESSOR_ERROR_CONFIRMED', text: 'capture error on their side', recordedBy: 'agent_7' }] });
    expect(answered.status).toBe('AWAITING_DECISION');
    expect(answered.processorInquiry?.answer).toMatchObject({ outcome: 'PROCESSOR_ERROR_CONFIRMED', recordedBy: 'agent_7' });
    await expect(handle.executeUpdate(processorAnswerUpdate, { args: [{ outcome: 'NO_PROCESSOR_ERROR', text: 'again', recordedBy: 'agent_7' }] })).rejects.toMatchObject({
      cause: { type: 'WRONG_STATE' },
    });

    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'REFUND', amount: eur(500), reason: 'processor confirmed the capture error' })] });
    const resolved = await waitForCase(handle, (s) => s.status === 'RESOLVED' && kinds(s.caseId).includes('RESOLUTION'));
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds.map((r) => r.amount_minor)).toEqual([500]);
    expect(messages(resolved.caseId).find((m) => m.kind === 'RESOLUTION')?.facts).toMatchObject({ action: 'REFUND', processorAnswer: 'PROCESSOR_ERROR_CONFIRMED' });
    expect(events(resolved)).toEqual(expect.arrayContaining(['PROCESSOR_INQUIRY_RAISED', 'PROCESSOR_ANSWERED', 'RESOLVED']));
    expect(resolved.escalation).toBeNull();
    await recordHistory(handle, 'processor-inquiry-answered-refund');
  });

  test('unanswered at its due date, it goes to a supervisor, the case keeps waiting, and the supervisor records the answer', async () => {
    const { handle } = await processorOvercharged();
    const raised = await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'RAISE_WITH_PROCESSOR', reason: 'captured 55 € for 50 € asked' })] });
    await system.env.sleep(Date.parse(raised.processorInquiry!.dueAt) - (await system.env.currentTimeMs()) - 3_600_000);
    expect((await handle.query(caseStateQuery)).escalation).toBeNull();
    await system.env.sleep('2 hours');
    const overdue = await waitForCase(handle, (s) => s.escalation !== null);
    expect(overdue.status).toBe('AWAITING_PROCESSOR');
    expect(overdue.escalation?.reason).toContain('has not answered');
    expect(await searchAttribute(handle, EscalatedKey)).toBe(true);
    await system.env.sleep('3 days');
    const still = await handle.query(caseStateQuery);
    expect(still.status).toBe('AWAITING_PROCESSOR');
    expect(events(still).filter((e) => e === 'PROCESSOR_INQUIRY_OVERDUE')).toHaveLength(1);

    await handle.executeUpdate(processorAnswerUpdate, { args: [{ outcome: 'NO_PROCESSOR_ERROR', text: 'the processor says it captured what it was sent', recordedBy: 'sup_1' }] });
    await expect(handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'EXPLAIN', reason: 'no processor error' })] })).rejects.toMatchObject({ cause: { type: 'WRONG_STATE' } });
    await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'EXPLAIN', reason: 'no processor error', agentId: 'sup_1', role: 'supervisor' })] });
    const resolved = await waitForCase(handle, 'RESOLVED');
    expect(resolved.resolution).toMatchObject({ action: 'EXPLAIN', amount: null });
    await recordHistory(handle, 'processor-inquiry-overdue-supervisor');
  });

  test('a run continued as new re-arms the due date from the state, and one already checked does not escalate again', async () => {
    // What continue-as-new carries over: the state as it stood. A case of its own per run (workflow ids are per transaction).
    const { handle } = await processorOvercharged();
    const raised = await handle.executeUpdate(decisionUpdate, { args: [agent({ action: 'RAISE_WITH_PROCESSOR', reason: 'captured 55 € for 50 € asked' })] });
    const resumed = async (state: CaseState) => {
      const tx = system.sandbox.charge({ amountMinor: 5500, requestedAmountMinor: 5000, orderTotalMinor: 5000 });
      const report = reportFor(tx.id, { category: 'AMOUNT_MISMATCH' });
      const caseId = caseIdFor('sandbox', tx.id);
      const resume = { state: { ...state, caseId, report, transactionId: tx.id }, seenKeys: [] };
      return startCase(system.env.client, TASK_QUEUE, report, AGENT_ONLY_POLICY, { resume });
    };
    const waiting = await resumed(raised);
    await system.env.sleep(Date.parse(raised.processorInquiry!.dueAt) - (await system.env.currentTimeMs()) + 3_600_000);
    const overdue = await waitForCase(waiting, (s) => s.escalation !== null);
    expect(events(overdue).filter((e) => e === 'PROCESSOR_INQUIRY_OVERDUE')).toHaveLength(1);
    expect(overdue.deadlines.processorInquiryChecked).toBe(true);

    const again = await resumed(overdue);
    await system.env.sleep('2 days');
    const still = await again.query(caseStateQuery);
    expect(still.status).toBe('AWAITING_PROCESSOR');
    expect(events(still).filter((e) => e === 'PROCESSOR_INQUIRY_OVERDUE')).toHaveLength(1);
    expect(events(still)).not.toContain('ESCALATION_REPEATED');
  });
});

describe('the 60-day window in Loop\'s time zone', () => {
  test('a duplicate charged 2 October 23:59 UTC (3 October in Paris) and reported 2 December is on day 61: never refunded automatically', async () => {
    const tx = system.sandbox.charge({ amountMinor: 2500, captureCount: 2, createdAt: '2026-10-02T23:59:00.000Z' });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), DEFAULT_CASE_POLICY, { receivedAt: '2026-12-02T10:00:00.000Z' });
    const state = await waitForCase(handle, 'AWAITING_DECISION');
    expect(state.assessment).toMatchObject({ rule: 'DUPLICATE_CAPTURE', outsideReportingWindow: true, unambiguous: false });
    expect(state.decision).toBeNull();
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds).toEqual([]);
    await recordHistory(handle, 'late-by-paris-calendar-waits-for-agent');
  });

  test('the same duplicate reported on day 60, at 23:59 in Paris, is still refunded by itself', async () => {
    const tx = system.sandbox.charge({ amountMinor: 2500, captureCount: 2, createdAt: '2026-10-03T21:59:00.000Z' });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), DEFAULT_CASE_POLICY, { receivedAt: '2026-12-01T22:59:00.000Z' });
    const resolved = await waitForCase(handle, 'RESOLVED');
    expect(resolved.assessment?.outsideReportingWindow).toBe(false);
    expect(resolved.decision).toMatchObject({ action: 'REFUND', agentId: 'system:DUPLICATE_CAPTURE' });
  });
});
