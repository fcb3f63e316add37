import { PortError, type PaymentProcessor } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { Decision } from '../../domain/vocabulary';
import { decisionSignal, decisionUpdate, satisfactionUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { recordHistory } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'cases-time-skipping';
const refund = (amountMinor: number): Decision => ({ action: 'REFUND', amount: { amountMinor, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' });

/** Faults a test can switch on in the processor the worker uses. */
const faults = { loseNextRefundAnswer: false, refuseRefunds: false, garbleNextRefundAnswer: false };
let refundCalls = 0;
let keyLookups = 0;

function faultyProcessor(real: PaymentProcessor): PaymentProcessor {
  return {
    getTransaction: (id) => real.getTransaction(id),
    findTransactionsForOrder: (orderId) => real.findTransactionsForOrder(orderId),
    getRefund: (transactionId, refundId) => real.getRefund(transactionId, refundId),
    findRefundByKey: (transactionId, key) => {
      keyLookups += 1;
      return real.findRefundByKey(transactionId, key);
    },
    async issueRefund(request) {
      refundCalls += 1;
      if (faults.refuseRefunds) throw new PortError(ErrorType.REFUND_REFUSED, 'charge_disputed: the charge is under chargeback', false);
      if (faults.garbleNextRefundAnswer) {
        faults.garbleNextRefundAnswer = false;
        throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, 'the processor answered something unreadable', false);
      }
      const result = await real.issueRefund(request);
      if (faults.loseNextRefundAnswer) {
        faults.loseNextRefundAnswer = false;
        throw new Error('socket hang up (the refund went through, its answer was lost)');
      }
      return result;
    },
  };
}

const system = useCaseSystem('time-skipping', TASK_QUEUE, (sandbox) => ({
  ...sandbox.ports,
  processors: { sandbox: faultyProcessor(sandbox.ports.processors.sandbox!) },
}));

beforeEach(() => {
  faults.loseNextRefundAnswer = false;
  faults.refuseRefunds = false;
  faults.garbleNextRefundAnswer = false;
  refundCalls = 0;
  keyLookups = 0;
});

const kinds = (caseId: string) => system.sandbox.store.outbox(caseId).map((m) => m.kind);

describe('a dispute case on the time-skipping server', () => {
  test('investigates the charge and waits for an agent with a recommendation', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    const state = await waitForCase(handle, 'AWAITING_DECISION');
    expect(state.assessment).toMatchObject({ liability: 'MERCHANT', recommendedAction: 'REFUND', recommendedAmount: { amountMinor: 4999 } });
    expect(kinds(state.caseId)).toEqual(['ACKNOWLEDGEMENT']);
    await recordHistory(handle, 'investigated-awaiting-agent');
  });

  test('asks whether the customer is satisfied after the 7-day follow-up delay and not before, and a yes closes the case', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [refund(4999)] });
    const resolved = await waitForCase(handle, 'RESOLVED');

    await system.env.sleep('167 hours');
    expect((await waitForCase(handle, () => true)).status).toBe('RESOLVED');
    expect(kinds(resolved.caseId)).not.toContain('SATISFACTION_QUESTION');

    await system.env.sleep('2 hours');
    await waitForCase(handle, 'FOLLOW_UP');
    expect(kinds(resolved.caseId)).toContain('SATISFACTION_QUESTION');

    await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: true }] });
    const closed = await handle.result();
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED', satisfaction: { satisfied: true } });
    expect(kinds(closed.caseId)).toEqual(['ACKNOWLEDGEMENT', 'RESOLUTION', 'SATISFACTION_QUESTION', 'CLOSURE']);
    await recordHistory(handle, 'refund-follow-up-satisfied');
  });

  test('closes the case as NO_ANSWER when the customer does not answer within 14 days of the question', async () => {
    const tx = system.sandbox.charge({ amountMinor: 2000, orderTotalMinor: 1500 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id, { category: 'AMOUNT_MISMATCH' }), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [{ action: 'DENY', reason: 'the price shown included delivery', agentId: 'agent_7' }] });
    const closed = await handle.result();
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'NO_ANSWER', satisfaction: null, resolution: { action: 'DENY', reference: null } });
    const asked = closed.timeline.find((t) => t.event === 'SATISFACTION_ASKED')!;
    const closedAt = closed.timeline.find((t) => t.event === 'CLOSED')!;
    expect(Date.parse(closedAt.at) - Date.parse(asked.at)).toBeGreaterThanOrEqual(14 * 86_400_000);
    await recordHistory(handle, 'deny-no-answer-closed');
  });

  test('an unsatisfied answer sends the case back to an agent, whose second refund is a new one', async () => {
    const tx = system.sandbox.charge({ amountMinor: 9000, orderTotalMinor: 6000 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id, { category: 'AMOUNT_MISMATCH' }), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [refund(1000)] });
    await system.env.sleep('7 days');
    await waitForCase(handle, 'FOLLOW_UP');
    const reopened = await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: false, comment: 'I was overcharged 30 €, not 10 €' }] });
    expect(reopened).toMatchObject({ status: 'AWAITING_DECISION', reopenings: 1, satisfaction: null });
    const back = await waitForCase(handle, 'AWAITING_DECISION');
    expect(back.reopenings).toBe(1);

    await expect(handle.executeUpdate(decisionUpdate, { args: [refund(8001)] })).rejects.toMatchObject({ cause: { type: 'AMOUNT_EXCEEDS_REFUNDABLE' } });
    await handle.executeUpdate(decisionUpdate, { args: [refund(2000)] });
    const resolved = await waitForCase(handle, 'RESOLVED');
    expect(resolved.resolutions.map((r) => r.amount?.amountMinor)).toEqual([1000, 2000]);
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds.map((r) => r.amount_minor)).toEqual([1000, 2000]);
    await recordHistory(handle, 'unsatisfied-reopened-second-refund');
  });

  test('issues the refund exactly once when the processor\'s answer is lost and the activity retries', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    faults.loseNextRefundAnswer = true;
    await handle.executeUpdate(decisionUpdate, { args: [refund(4999)] });
    const resolved = await waitForCase(handle, 'RESOLVED');

    // Each attempt first asks the processor for a refund under our key: the retry finds it and does not ask for another.
    expect(refundCalls).toBe(1);
    expect(keyLookups).toBe(2);
    const refunds = system.sandbox.store.getTransaction(tx.id)!.refunds;
    expect(refunds).toHaveLength(1);
    expect(resolved.resolution?.reference).toBe(refunds[0]!.id);
    await recordHistory(handle, 'refund-lost-answer-retried');
  });

  test('a refund the processor refuses for good returns the case to an agent with the processor\'s reason', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    faults.refuseRefunds = true;
    await handle.executeUpdate(decisionUpdate, { args: [refund(4999)] });
    const back = await waitForCase(handle, (s) => s.timeline.some((t) => t.event === 'EXECUTION_REFUSED'));

    expect(back.status).toBe('AWAITING_DECISION');
    expect(back.timeline.at(-1)?.detail).toContain('charge_disputed');
    expect(refundCalls).toBe(1);
    await recordHistory(handle, 'refund-refused-back-to-agent');
  });

  test('a refund whose answer cannot be read is tried again an hour later under the same key, and pays once', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    faults.garbleNextRefundAnswer = true;
    await handle.executeUpdate(decisionUpdate, { args: [refund(4999)] });
    const failed = await waitForCase(handle, (s) => s.timeline.some((t) => t.event === 'EXECUTION_FAILED'));
    expect(failed.status).toBe('RESOLVING');
    await system.env.sleep('61 minutes');
    await waitForCase(handle, 'RESOLVED');
    expect(refundCalls).toBe(2);
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);
    await recordHistory(handle, 'execution-failed-retried');
  });

  test('an account credit goes to the ledger once, under the customer\'s account', async () => {
    const tx = system.sandbox.charge({ amountMinor: 3000, orderTotalMinor: 2500 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id, { category: 'AMOUNT_MISMATCH', customer: { id: 'cus_credit', email: 'c@example.com', locale: 'en' } }), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [{ action: 'ACCOUNT_CREDIT', amount: { amountMinor: 500, currency: 'EUR' }, reason: 'credit instead of refund, as the customer asked', agentId: 'agent_7' }] });
    const resolved = await waitForCase(handle, 'RESOLVED');

    const credits = system.sandbox.store.creditsFor('cus_credit');
    expect(credits).toHaveLength(1);
    expect(credits[0]).toMatchObject({ amount_minor: 500, currency: 'EUR' });
    expect(resolved.resolution).toMatchObject({ action: 'ACCOUNT_CREDIT', reference: credits[0]!.id });
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds).toEqual([]);
    await recordHistory(handle, 'account-credit');
  });

  test('a malformed or late decision signal is noted in the timeline and changes nothing', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.signal(decisionSignal, { action: 'REFUND', amount: '49.99' } as unknown as Decision);
    await waitForCase(handle, (s) => s.timeline.some((t) => t.event === 'DECISION_REFUSED'));
    await handle.signal(decisionSignal, refund(4999));
    await waitForCase(handle, 'RESOLVED');
    await handle.signal(decisionSignal, refund(4999));
    const after = await waitForCase(handle, (s) => s.timeline.filter((t) => t.event === 'DECISION_REFUSED').length === 2);

    expect(after.status).toBe('RESOLVED');
    expect(after.timeline.filter((t) => t.event === 'DECISION_REFUSED').map((t) => t.detail?.split(':')[0])).toEqual(['DECISION_INVALID', 'WRONG_STATE']);
    expect(system.sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);
    await recordHistory(handle, 'decision-signals-refused');
  });
});
