import { assess } from '../../domain/assessment';
import { findings, transaction, report as reportFixture } from './fixtures';

const report = reportFixture('AMOUNT_MISMATCH');
const inTime = '2026-03-10T10:00:00.000Z';

describe('assessing the findings', () => {
  test.each([
    // name, captures, refunds, order total, discrepancy, liability, action
    ['charged more than the order total: refund the difference', [6000], [], 5000, 1000, 'MERCHANT', 'REFUND'],
    ['the same order captured twice: refund the duplicate', [5000, 5000], [], 5000, 5000, 'MERCHANT', 'REFUND'],
    ['an overcharge already partly refunded: refund the rest', [6000], [{ amount: 400 }], 5000, 600, 'MERCHANT', 'REFUND'],
    ['a failed refund does not count as money returned', [6000], [{ amount: 1000, status: 'FAILED' as const }], 5000, 1000, 'MERCHANT', 'REFUND'],
    ['an overcharge already fully refunded: nothing to correct', [6000], [{ amount: 1000 }], 5000, 0, 'UNDETERMINED', 'REVIEW'],
    ['charged exactly the order total: nothing to correct', [5000], [], 5000, 0, 'UNDETERMINED', 'REVIEW'],
    ['charged less than the order total: not a refund', [4000], [], 5000, 0, 'UNDETERMINED', 'REVIEW'],
  ])('%s', (_name, captures, refunds, orderTotal, discrepancy, liability, action) => {
    const a = assess(report, findings(transaction(captures, refunds), orderTotal), inTime, 60);
    expect(a.discrepancy?.amountMinor).toBe(discrepancy);
    expect(a.liability).toBe(liability);
    expect(a.recommendedAction).toBe(action);
    expect(a.reasons.length).toBeGreaterThan(0);
  });

  test('names a duplicate capture as such in its reasons', () => {
    const a = assess(report, findings(transaction([5000, 5000]), 5000), inTime, 60);
    expect(a.reasons[0]).toBe('Order ord_1 was captured 2 times for €50.00 each.');
    expect(a.refundable?.amountMinor).toBe(10000);
  });

  test('asks the customer for information when the processor has no such transaction', () => {
    const a = assess(report, findings(null, null), inTime, 60);
    expect(a).toMatchObject({ liability: 'UNDETERMINED', recommendedAction: 'REQUEST_INFORMATION', refundable: null });
  });

  test('leaves the case to an agent when there is no order to compare with', () => {
    const a = assess(report, findings(transaction([6000]), null), inTime, 60);
    expect(a).toMatchObject({ liability: 'UNDETERMINED', recommendedAction: 'REVIEW', discrepancy: null });
    expect(a.refundable?.amountMinor).toBe(6000);
  });

  test('does not compare amounts across currencies', () => {
    const a = assess(report, findings(transaction([6000]), 5000, 'USD'), inTime, 60);
    expect(a.liability).toBe('UNDETERMINED');
    expect(a.reasons[0]).toContain('USD');
  });

  test.each([
    ['on day 60 is inside the window', '2026-04-30T09:00:00.000Z', false],
    ['on day 61 is outside the window', '2026-05-01T10:00:00.000Z', true],
  ])('a report %s, counted from the processor date', (_name, reportedAt, outside) => {
    const a = assess(report, findings(transaction([6000]), 5000), reportedAt, 60);
    expect(a.outsideReportingWindow).toBe(outside);
    expect(a.liability).toBe('MERCHANT');
  });
});
