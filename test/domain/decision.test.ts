import { awaitDecision, escalate, recordChargeback, recordFindings, recordDecision, recordResolution, openCase, moveTo } from '../../domain/case-state';
import { assess } from '../../domain/assessment';
import { automaticDecision, checkDecision, checkWithdrawal, stillRefundable } from '../../domain/decision';
import { DEFAULT_CASE_POLICY, type CaseState, type Decision } from '../../domain/vocabulary';
import { eur, findings, transaction, report as reportFixture } from './fixtures';

const report = reportFixture('DUPLICATE_CHARGE');
const at = '2026-03-10T10:00:00.000Z';

function awaitingDecision(captures = [5000, 5000], orderTotal: number | null = 5000): CaseState {
  const f = findings(captures.length ? transaction(captures) : null, orderTotal);
  let s = moveTo(openCase('DSP-0000000000', report, at, DEFAULT_CASE_POLICY), 'INVESTIGATING', at, 'INVESTIGATION_STARTED');
  s = recordFindings(s, f, assess(report, f, at, 60));
  return awaitDecision(s, at, DEFAULT_CASE_POLICY);
}

const refund = (amountMinor: number, currency = 'EUR'): Decision => ({ action: 'REFUND', amount: { amountMinor, currency }, reason: 'duplicate', agentId: 'agent_7' });

describe('checking a decision against the case', () => {
  test.each([
    ['a refund of the duplicate capture', 'accepted', refund(5000)],
    ['a refund of everything still refundable', 'accepted', refund(10000)],
    ['a refund above what is refundable', 'AMOUNT_EXCEEDS_REFUNDABLE', refund(10001)],
    ['a refund in another currency', 'CURRENCY_MISMATCH', refund(5000, 'USD')],
    ['a refund of nothing', 'DECISION_INVALID', refund(0)],
    ['an account credit without an amount', 'DECISION_INVALID', { action: 'ACCOUNT_CREDIT', reason: 'goodwill', agentId: 'agent_7' } as Decision],
    ['a denial with a reason', 'accepted', { action: 'DENY', reason: 'charge is correct', agentId: 'agent_7' } as Decision],
    ['a denial carrying an amount', 'DECISION_INVALID', { action: 'DENY', amount: eur(1), reason: 'no', agentId: 'agent_7' } as Decision],
    ['a decision with a blank reason', 'DECISION_INVALID', { action: 'DENY', reason: '  ', agentId: 'agent_7' } as Decision],
    ['an explanation with a reason', 'accepted', { action: 'EXPLAIN', reason: 'refund re_1 already settled', agentId: 'agent_7' } as Decision],
    ['an explanation carrying an amount', 'DECISION_INVALID', { action: 'EXPLAIN', amount: eur(100), reason: 'settled', agentId: 'agent_7' } as Decision],
    ['an explanation without a reason', 'DECISION_INVALID', { action: 'EXPLAIN', reason: ' ', agentId: 'agent_7' } as Decision],
    ['raising the case with the processor, with a note', 'accepted', { action: 'RAISE_WITH_PROCESSOR', reason: 'captured 55 € for 50 € asked', agentId: 'agent_7' } as Decision],
    ['raising it with the processor with an amount', 'DECISION_INVALID', { action: 'RAISE_WITH_PROCESSOR', amount: eur(500), reason: 'x', agentId: 'agent_7' } as Decision],
    ['raising it with the processor without a note', 'DECISION_INVALID', { action: 'RAISE_WITH_PROCESSOR', reason: '', agentId: 'agent_7' } as Decision],
  ])('%s is answered %s', (_name, refusal, decision) => {
    expect(checkDecision(awaitingDecision(), decision)?.type ?? 'accepted').toBe(refusal);
  });

  test.each([
    ['nothing at all', null],
    ['an unknown action', { action: 'PAY', reason: 'x', agentId: 'a' }],
    ['a missing reason', { action: 'DENY', agentId: 'a' }],
    ['an amount that is a string', { action: 'REFUND', amount: '10', reason: 'x', agentId: 'a' }],
  ])('refuses a malformed decision (%s) as DECISION_INVALID instead of throwing', (_name, decision) => {
    expect(checkDecision(awaitingDecision(), decision as unknown as Decision)?.type).toBe('DECISION_INVALID');
  });

  test('refuses any decision while the case is still being investigated, naming the status', () => {
    const investigating = moveTo(openCase('DSP-0000000000', report, at, DEFAULT_CASE_POLICY), 'INVESTIGATING', at, 'INVESTIGATION_STARTED');
    expect(checkDecision(investigating, refund(100))).toMatchObject({ type: 'WRONG_STATE', problems: [{ field: 'status' }] });
  });

  test('refuses a refund when the processor has no transaction to refund', () => {
    expect(checkDecision(awaitingDecision([], null), refund(100))?.type).toBe('AMOUNT_EXCEEDS_REFUNDABLE');
  });

  test('counts what the case already paid back against what is still refundable', () => {
    let s = recordDecision(awaitingDecision(), { ...refund(4000), decidedAt: at });
    s = recordResolution(s, { action: 'REFUND', amount: eur(4000), reference: 're_1', resolvedAt: '2026-03-11T10:00:00.000Z', decisionSequence: 1 });
    expect(stillRefundable(s)?.amountMinor).toBe(6000);
  });

  test('counts a chargeback the merchant lost as money already returned, and an unknown chargeback status as open', () => {
    const lost = recordChargeback(awaitingDecision(), { id: 'dp_1', amount: eur(5000), status: 'LOST', openedAt: at }, at);
    expect(stillRefundable(lost)?.amountMinor).toBe(5000);
    expect(checkDecision(lost, refund(5001))?.type).toBe('AMOUNT_EXCEEDS_REFUNDABLE');
    const unknown = recordChargeback(awaitingDecision(), { id: 'dp_2', amount: eur(5000), status: 'UNSUPPORTED', openedAt: at }, at);
    expect(checkDecision(unknown, refund(100))?.type).toBe('CHARGEBACK_OPEN');
  });

  test('records who decided and numbers the decisions', () => {
    const s = recordDecision(awaitingDecision(), { ...refund(5000), decidedAt: at });
    expect(s.decision).toMatchObject({ agentId: 'agent_7', sequence: 1 });
    expect(s.status).toBe('RESOLVING');
    expect(s.timeline.at(-1)?.detail).toBe('REFUND 5000 EUR by agent_7: duplicate');
  });

  test.each([
    ['a request for information with its question', 'accepted', { action: 'REQUEST_INFO', question: 'Which card did you use?', reason: 'unclear', agentId: 'agent_7' }],
    ['a request for information without a question', 'DECISION_INVALID', { action: 'REQUEST_INFO', reason: 'unclear', agentId: 'agent_7' }],
    ['an escalation with a reason', 'accepted', { action: 'ESCALATE', reason: 'large amount', agentId: 'agent_7' }],
  ] as [string, string, Decision][])('%s is answered %s', (_name, refusal, decision) => {
    expect(checkDecision({ ...awaitingDecision(), customer: report.customer }, decision)?.type ?? 'accepted').toBe(refusal);
  });

  test('refuses a refund or a credit while a chargeback is open, since the bank may already return the money', () => {
    const s = recordChargeback(awaitingDecision(), { id: 'dp_1', amount: eur(10000), status: 'OPEN', openedAt: at }, at);
    expect(checkDecision(s, refund(5000))?.type).toBe('CHARGEBACK_OPEN');
    expect(checkDecision(s, { ...refund(5000), action: 'ACCOUNT_CREDIT' })?.type).toBe('CHARGEBACK_OPEN');
    expect(checkDecision(s, { action: 'DENY', reason: 'chargeback decides', agentId: 'agent_7' })).toBeNull();
    expect(checkDecision(s, { action: 'EXPLAIN', reason: 'the bank decides the chargeback', agentId: 'agent_7' })).toBeNull();
    const closed = recordChargeback(s, { id: 'dp_1', amount: eur(10000), status: 'WON', openedAt: at }, at);
    expect(checkDecision(closed, refund(5000))).toBeNull();
  });

  test('once escalated, only a supervisor decides', () => {
    const s = escalate(awaitingDecision(), 'SLA breached', at);
    expect(checkDecision(s, refund(5000))).toMatchObject({ type: 'WRONG_STATE', problems: [{ field: 'role' }] });
    expect(checkDecision(s, { ...refund(5000), role: 'supervisor' })).toBeNull();
  });

  test.each([
    ['a duplicate capture under the ceiling resolves by itself', [5000, 5000], 5000, 5000, 'REFUND'],
    ['the same duplicate above the ceiling waits for an agent', [5000, 5000], 5000, 4999, null],
    ['a ceiling of 0 turns automatic resolution off', [5000, 5000], 5000, 0, null],
    ['a charge that matches the order never resolves by itself', [5000], 5000, 100_000, null],
  ] as const)('%s', (_name, captures, orderTotal, ceiling, action) => {
    const decision = automaticDecision(awaitingDecision([...captures], orderTotal), { ...DEFAULT_CASE_POLICY, autoResolveCeilingMinor: ceiling });
    expect(decision?.action ?? null).toBe(action);
    if (decision) expect(decision).toMatchObject({ agentId: 'system:DUPLICATE_CAPTURE', role: 'system', amount: eur(5000) });
  });

  test('a case may be withdrawn until it is being resolved, not after', () => {
    expect(checkWithdrawal(awaitingDecision())).toBeNull();
    expect(checkWithdrawal(recordDecision(awaitingDecision(), { ...refund(5000), decidedAt: at }))?.type).toBe('WRONG_STATE');
  });
});

describe('closing a claim with an explanation', () => {
  const caseOf = (category: Parameters<typeof reportFixture>[0], tx: ReturnType<typeof transaction>): CaseState => {
    const r = reportFixture(category);
    const f = findings(tx, 5000);
    const s = moveTo(openCase('DSP-0000000000', r, at, DEFAULT_CASE_POLICY), 'INVESTIGATING', at, 'INVESTIGATION_STARTED');
    return awaitDecision(recordFindings(s, f, assess(r, f, at, 60)), at, DEFAULT_CASE_POLICY);
  };
  const explain: Decision = { action: 'EXPLAIN', reason: 'nothing for Loop to pay', agentId: 'agent_7' };

  test.each([
    ['a refund settled and not yet seen (THIRD_PARTY)', caseOf('REFUND_NOT_RECEIVED', transaction([5000], [{ amount: 5000 }])), 'REFUND_SETTLED_NOT_SEEN'],
    ['a fraud the bank authenticated (THIRD_PARTY)', caseOf('UNAUTHORIZED', { ...transaction([5000]), authentication: { method: 'THREE_D_SECURE', outcome: 'AUTHENTICATED' } }), 'UNAUTHORIZED_STRONGLY_AUTHENTICATED'],
    ['payment details the customer got wrong (CUSTOMER)', caseOf('OTHER', { ...transaction([]), status: 'FAILED', declineReason: 'CUSTOMER_DETAILS' }), 'DECLINED_FOR_CUSTOMER_DETAILS'],
    ['a charge Loop owes (MERCHANT), if the agent so judges', awaitingDecision(), 'DUPLICATE_CAPTURE'],
  ])('is accepted on %s', (_name, s, rule) => {
    expect(s.assessment?.rule).toBe(rule);
    expect(checkDecision(s, explain)).toBeNull();
  });
});
