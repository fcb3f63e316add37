import * as c from '../../domain/case-state';
import { DEFAULT_CASE_POLICY, type CaseState } from '../../domain/vocabulary';
import { reportFor } from '../support/cases';

const policy = DEFAULT_CASE_POLICY;
const t0 = '2026-12-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000).toISOString();
const chatter = (s: CaseState, n: number) =>
  Array.from({ length: n }).reduce<CaseState>((acc, _, i) => c.note(acc, at(500 + i), 'CUSTOMER_MESSAGE', `line ${i}`), s);

/** A refund pending since t0, checked six times (1, 2, 4, 8, 16, 32 minutes apart). */
function pendingChecked(): CaseState {
  let s = c.openCase('DSP-1', reportFor('tx_1'), t0, policy);
  s = { ...s, status: 'RESOLVING', decision: { action: 'REFUND', amount: { amountMinor: 100, currency: 'EUR' }, reason: 'r', agentId: 'a', decidedAt: t0, sequence: 1 } };
  s = c.recordRefundPending(s, 're_1', t0);
  for (let i = 0; i < 6; i++) s = c.recordSettlementCheck(s, at(2 ** (i + 1) - 1), 're_1 still PENDING');
  return s;
}

/** The same state as an earlier version carried it: no counters, the timeline the only record. */
function asEarlierVersion(s: CaseState): c.CarriedCaseState {
  const { satisfactionAskedAt: _a, executionFailures: _e, ...rest } = s;
  const { checks: _c, ...pendingRefund } = s.pendingRefund ?? ({} as NonNullable<CaseState['pendingRefund']>);
  return { ...rest, pendingRefund: s.pendingRefund ? pendingRefund : null };
}

describe('what a step needs is carried in the case state across continue-as-new', () => {
  test('settlement checks and their backoff survive compaction of the timeline', () => {
    const compacted = c.compactForContinueAsNew(chatter(pendingChecked(), 250));
    expect(compacted.timeline.some((t) => t.event === 'REFUND_PENDING')).toBe(false);
    expect(compacted.pendingRefund?.checks).toBe(6);
    expect(c.settlementCheckWaitMs(compacted.pendingRefund!.checks, policy)).toBe(64 * 60_000);
  });

  test('execution failures survive compaction of the timeline', () => {
    let s = c.openCase('DSP-1', reportFor('tx_1'), t0, policy);
    s = c.recordExecutionFailed(c.recordExecutionFailed(s, at(1), 'garbled'), at(61), 'garbled');
    const compacted = c.compactForContinueAsNew(chatter(s, 250));
    expect(compacted.timeline.filter((t) => t.event === 'EXECUTION_FAILED')).toHaveLength(0);
    expect(compacted.executionFailures).toBe(2);
  });

  test('an earlier version\'s state still holding its entries is completed from the timeline, as that version read it', () => {
    const done = c.completeCarriedState(asEarlierVersion(pendingChecked()), policy, at(70), true);
    expect(done.pendingRefund?.checks).toBe(6);
    expect(done.executionFailures).toBe(0);
  });

  test('an earlier version\'s state whose entries were compacted away gets sound values', () => {
    const old = asEarlierVersion(c.compactForContinueAsNew(chatter(pendingChecked(), 250)));
    expect(c.settlementChecksLost(old)).toBe(true);
    // Estimated from the time pending (70 minutes: six checks), not started again from one minute.
    expect(c.completeCarriedState(old, policy, at(70), true).pendingRefund?.checks).toBe(6);
    // Without the patch (a history recorded before it), what the earlier version counted.
    expect(c.completeCarriedState(old, policy, at(70), false).pendingRefund?.checks).toBe(0);

    const resolvedAt = at(0);
    const followUp = { ...old, status: 'FOLLOW_UP' as const, pendingRefund: null, resolution: { action: 'REFUND' as const, amount: null, reference: null, resolvedAt, decisionSequence: 1 } };
    expect(c.completeCarriedState(followUp, policy, at(99_999), true).satisfactionAskedAt).toBe(new Date(Date.parse(resolvedAt) + policy.followUpDelayMs).toISOString());
  });

  test('checks at the maximum interval are counted once the backoff reaches it', () => {
    const capped = { ...policy, settlementPollMaxIntervalMs: 4 * 60_000 };
    expect(c.settlementChecksWithin(0, capped)).toBe(0);
    expect(c.settlementChecksWithin(7 * 60_000, capped)).toBe(3); // 1 + 2 + 4
    expect(c.settlementChecksWithin(15 * 60_000, capped)).toBe(5); // then every 4 minutes
  });
});
