import { recordFindings, recordDecision, recordResolution, openCase, moveTo } from '../../domain/case-state';
import { assess } from '../../domain/assessment';
import { checkDecision, stillRefundable } from '../../domain/decision';
import type { CaseState, Decision } from '../../domain/vocabulary';
import { eur, findings, transaction, report as reportFixture } from './fixtures';

const report = reportFixture('DUPLICATE_CHARGE');
const at = '2026-03-10T10:00:00.000Z';

function awaitingDecision(captures = [5000, 5000], orderTotal: number | null = 5000): CaseState {
  const f = findings(captures.length ? transaction(captures) : null, orderTotal);
  let s = moveTo(openCase('DSP-0000000000', report, at), 'INVESTIGATING', at, 'INVESTIGATION_STARTED');
  s = recordFindings(s, f, assess(report, f, at, 60));
  return moveTo(s, 'AWAITING_DECISION', at, 'AWAITING_DECISION');
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
    const investigating = moveTo(openCase('DSP-0000000000', report, at), 'INVESTIGATING', at, 'INVESTIGATION_STARTED');
    expect(checkDecision(investigating, refund(100))).toMatchObject({ type: 'WRONG_STATE', problems: [{ field: 'status' }] });
  });

  test('refuses a refund when the processor has no transaction to refund', () => {
    expect(checkDecision(awaitingDecision([], null), refund(100))?.type).toBe('AMOUNT_EXCEEDS_REFUNDABLE');
  });

  test('counts what the case already paid back against what is still refundable', () => {
    let s = recordDecision(awaitingDecision(), { ...refund(4000), decidedAt: at });
    s = recordResolution(s, { action: 'REFUND', amount: eur(4000), reference: 're_1', resolvedAt: at, decisionSequence: 1 });
    expect(stillRefundable(s)?.amountMinor).toBe(6000);
  });

  test('records who decided and numbers the decisions', () => {
    const s = recordDecision(awaitingDecision(), { ...refund(5000), decidedAt: at });
    expect(s.decision).toMatchObject({ agentId: 'agent_7', sequence: 1 });
    expect(s.status).toBe('RESOLVING');
    expect(s.timeline.at(-1)?.detail).toBe('REFUND 5000 EUR by agent_7: duplicate');
  });
});
