import { assess } from '../../domain/assessment';
import * as c from '../../domain/case-state';
import { assign } from '../../domain/casework';
import { DEFAULT_CASE_POLICY, type CaseState } from '../../domain/vocabulary';
import { caseRecordOf } from '../../records/projection';
import { eur, findings, report, transaction } from '../domain/fixtures';

const policy = DEFAULT_CASE_POLICY;
const opened = () => c.openCase('DSP-1', { ...report('DUPLICATE_CHARGE'), customer: { id: 'cus_1', email: ' Ada@Example.COM ', locale: 'en' } }, '2026-03-09T09:00:00.000Z', policy);

/** A duplicate capture of 49.99 EUR found, and the case waiting for a decision. */
function awaitingDecision(): CaseState {
  const investigating = c.moveTo(opened(), 'INVESTIGATING', '2026-03-09T09:00:01.000Z', 'INVESTIGATION_STARTED');
  const found = findings(transaction([4999, 4999]), 4999);
  const assessed = c.recordFindings(investigating, found, assess(investigating.report, found, investigating.receivedAt, policy.reportingWindowDays));
  return c.awaitDecision(assessed, '2026-03-10T10:00:00.000Z', policy);
}

function refundedAndClosed(agentId: string, role: 'agent' | 'system'): CaseState {
  const decided = c.recordDecision(awaitingDecision(), { action: 'REFUND', amount: eur(4999), reason: 'duplicate', agentId, role, decidedAt: '2026-03-10T11:00:00.000Z' });
  const resolved = c.recordResolution(decided, { action: 'REFUND', amount: eur(4999), reference: 're_1', resolvedAt: '2026-03-10T11:00:05.000Z', decisionSequence: 1 });
  const asked = c.askSatisfaction(resolved, '2026-03-17T11:00:05.000Z');
  const answered = c.recordSatisfaction(asked, { satisfied: true }, '2026-03-18T08:00:00.000Z');
  return c.close(answered, '2026-03-18T08:00:00.000Z', 'SATISFIED');
}

describe('the case record of a case state', () => {
  test('a new case is RECEIVED since it was reported, with nothing found or decided yet', () => {
    const record = caseRecordOf(opened(), 'run-1', 1);
    expect(record).toMatchObject({
      caseId: 'DSP-1', caseRunId: 'run-1', version: 1, status: 'RECEIVED', category: 'DUPLICATE_CHARGE', processor: 'sandbox', channel: 'web',
      liability: null, rule: null, outcome: null, disputedMinor: null, currency: 'XXX', refundedMinor: 0, creditedMinor: 0,
      openedAt: '2026-03-09T09:00:00.000Z', statusSince: '2026-03-09T09:00:00.000Z', closedAt: null, decidedAutomatically: null, decidedBy: null, assignee: null, satisfied: null,
    });
  });

  test('the customer e-mail is kept lower-cased, as search compares it', () => {
    expect(caseRecordOf(opened(), 'run-1', 1).customerEmail).toBe('ada@example.com');
  });

  test('a case waiting for a decision shows the liability, the disputed amount, the order and when the decision is due', () => {
    const state = awaitingDecision();
    const record = caseRecordOf(state, 'run-1', 5);
    expect(record).toMatchObject({
      status: 'AWAITING_DECISION', liability: 'MERCHANT', rule: state.assessment!.rule, recommendedAction: 'REFUND', disputedMinor: 4999, currency: 'EUR',
      orderId: 'ord_1', firstDecisionDueAt: state.deadlines.firstDecisionDueAt, resolutionDueAt: state.deadlines.resolutionDueAt, statusSince: '2026-03-10T10:00:00.000Z',
    });
    expect(record.firstDecisionDueAt).not.toBeNull();
  });

  test('without a discrepancy found, the amount the report names is the disputed amount', () => {
    const state = opened();
    const reported = { ...state, report: { ...state.report, expectedAmount: eur(1500) } };
    expect(caseRecordOf(reported, 'run-1', 1)).toMatchObject({ disputedMinor: 1500, currency: 'EUR' });
  });

  test('where the assessment finds no discrepancy (the order and the payment agree), the payment in question is the amount a queue shows', () => {
    const start = c.openCase('DSP-2', { ...report('UNAUTHORIZED'), customer: { id: 'cus_2', email: 'b@example.com', locale: 'en' } }, '2026-03-09T09:00:00.000Z', policy);
    const investigating = c.moveTo(start, 'INVESTIGATING', '2026-03-09T09:00:01.000Z', 'INVESTIGATION_STARTED');
    const found = findings(transaction([8999]), 8999);
    const assessed = c.recordFindings(investigating, found, assess(investigating.report, found, investigating.receivedAt, policy.reportingWindowDays));
    expect(assessed.assessment?.discrepancy?.amountMinor ?? 0).toBe(0);
    expect(caseRecordOf(assessed, 'run-1', 3)).toMatchObject({ disputedMinor: 8999, currency: 'EUR' });
  });

  test('an automatic refund, satisfied and closed: the amounts refunded, the outcome, who decided, and when each step happened', () => {
    const record = caseRecordOf(refundedAndClosed('system:DUPLICATE_CAPTURE', 'system'), 'run-1', 9);
    expect(record).toMatchObject({
      status: 'CLOSED', closedReason: 'SATISFIED', outcome: 'REFUND', refundedMinor: 4999, creditedMinor: 0, decidedAutomatically: true, decidedBy: 'auto', satisfied: true,
      firstDecisionAt: '2026-03-10T11:00:00.000Z', resolvedAt: '2026-03-10T11:00:05.000Z', closedAt: '2026-03-18T08:00:00.000Z', statusSince: '2026-03-18T08:00:00.000Z',
    });
  });

  test("an agent's decision names the agent", () => {
    expect(caseRecordOf(refundedAndClosed('agent_bob', 'agent'), 'run-1', 9)).toMatchObject({ decidedAutomatically: false, decidedBy: 'agent_bob' });
  });

  test('an account credit counts as credited, not refunded', () => {
    const decided = c.recordDecision(awaitingDecision(), { action: 'ACCOUNT_CREDIT', amount: eur(1200), reason: 'goodwill', agentId: 'agent_bob', decidedAt: '2026-03-10T11:00:00.000Z' });
    const resolved = c.recordResolution(decided, { action: 'ACCOUNT_CREDIT', amount: eur(1200), reference: 'le_1', resolvedAt: '2026-03-10T11:00:01.000Z', decisionSequence: 1 });
    expect(caseRecordOf(resolved, 'run-1', 7)).toMatchObject({ status: 'RESOLVED', refundedMinor: 0, creditedMinor: 1200, outcome: 'ACCOUNT_CREDIT' });
  });

  test('an unsatisfied customer reopens the case: counted, and the last decision is the outcome', () => {
    const decided = c.recordDecision(awaitingDecision(), { action: 'DENY', reason: 'no error', agentId: 'agent_bob', decidedAt: '2026-03-10T11:00:00.000Z' });
    const resolved = c.recordResolution(decided, { action: 'DENY', amount: null, reference: null, resolvedAt: '2026-03-10T11:00:01.000Z', decisionSequence: 1 });
    const unsatisfied = c.recordSatisfaction(c.askSatisfaction(resolved, '2026-03-17T11:00:00.000Z'), { satisfied: false }, '2026-03-17T12:00:00.000Z');
    const reopened = c.reopen(unsatisfied, '2026-03-17T12:00:00.000Z');
    const second = c.recordDecision(reopened, { action: 'REFUND', amount: eur(4999), reason: 'on review', agentId: 'sup_eve', role: 'supervisor', decidedAt: '2026-03-18T09:00:00.000Z' });
    expect(caseRecordOf(second, 'run-1', 12)).toMatchObject({ reopenings: 1, outcome: 'REFUND', decidedBy: 'sup_eve', firstDecisionAt: '2026-03-10T11:00:00.000Z', status: 'RESOLVING' });
  });

  test('a chargeback still open shows; a closed one does not', () => {
    const cb = { id: 'cb_1', amount: eur(4999), status: 'OPEN' as const, openedAt: '2026-03-11T00:00:00.000Z' };
    const open = c.recordChargeback(awaitingDecision(), cb, '2026-03-11T00:00:00.000Z');
    expect(caseRecordOf(open, 'run-1', 6).openChargeback).toBe(true);
    expect(caseRecordOf(c.recordChargeback(open, { ...cb, status: 'WON' }, '2026-03-20T00:00:00.000Z'), 'run-1', 7).openChargeback).toBe(false);
  });

  test('an escalated case past its SLA says so', () => {
    const breached = c.checkSla(awaitingDecision(), '2026-03-12T10:00:00.000Z');
    expect(caseRecordOf(breached, 'run-1', 6)).toMatchObject({ slaBreached: true, escalated: true });
  });

  test('the workflow may say when the status was entered', () => {
    expect(caseRecordOf(awaitingDecision(), 'run-1', 5, { statusSince: '2026-03-10T09:59:00.000Z' })).toMatchObject({ statusSince: '2026-03-10T09:59:00.000Z' });
  });

  test('the record carries who the case is assigned to, from the case state; nobody by default and once unassigned', () => {
    expect(caseRecordOf(awaitingDecision(), 'run-1', 5).assignee).toBeNull();
    const assigned = assign(awaitingDecision(), { assignee: 'agent_bob', by: 'sup_1' }, '2026-03-10T11:00:00.000Z');
    expect(caseRecordOf(assigned, 'run-1', 6).assignee).toBe('agent_bob');
    expect(caseRecordOf(assign(assigned, { assignee: null, by: 'agent_bob' }, '2026-03-10T12:00:00.000Z'), 'run-1', 7).assignee).toBeNull();
    // A state carried from before assignment existed has no field at all.
    const { assignee: _gone, ...older } = awaitingDecision();
    expect(caseRecordOf(older as CaseState, 'run-1', 5).assignee).toBeNull();
  });

  test('a withdrawn case is closed when it was withdrawn', () => {
    expect(caseRecordOf(c.withdraw(awaitingDecision(), '2026-03-11T08:00:00.000Z', 'found it'), 'run-1', 6)).toMatchObject({ status: 'WITHDRAWN', closedAt: '2026-03-11T08:00:00.000Z' });
  });
});
