import { assess } from '../../domain/assessment';
import { LIABILITY_RULES } from '../../domain/liability';
import type { Category, Findings, ProcessorTransaction } from '../../domain/vocabulary';
import { eur, findings, report as reportFixture, transaction } from './fixtures';

const inTime = '2026-03-10T10:00:00.000Z';
const strongAuth = { method: 'THREE_D_SECURE', outcome: 'AUTHENTICATED' } as const;
const incident = { id: 'inc_7', startsAt: '2026-02-28T00:00:00.000Z', endsAt: '2026-03-02T00:00:00.000Z', affectedAccounts: 'ALL' as const, summary: 'card data exposed' };

type Row = [name: string, category: Category, f: Findings, rule: string, liability: string, action: string, amount: number | null, automatic: boolean];

const tx = (captures: number[], more: Partial<ProcessorTransaction> = {}, refunds: Parameters<typeof transaction>[1] = []) => ({ ...transaction(captures, refunds), ...more });
const withFindings = (f: Findings, more: Partial<Findings>) => ({ ...f, ...more });

/** Every row of the policy table (DESIGN.md §2.5), plus the edge cases. */
const rows: Row[] = [
  ['charged more than the order total: refund the difference', 'AMOUNT_MISMATCH', findings(tx([6000]), 5000), 'CHARGED_MORE_THAN_ORDER', 'MERCHANT', 'REFUND', 1000, true],
  ['the same order captured twice: refund the duplicate', 'DUPLICATE_CHARGE', findings(tx([5000, 5000]), 5000), 'DUPLICATE_CAPTURE', 'MERCHANT', 'REFUND', 5000, true],
  ['the same order paid again after an earlier payment: refund this later one', 'DUPLICATE_CHARGE', withFindings(findings(tx([5000]), 5000), { otherTransactionsForOrder: [{ id: 'tx_0', amount: eur(5000), netAmount: eur(5000), createdAt: '2026-03-01T09:00:00.000Z' }] }), 'DUPLICATE_CAPTURE', 'MERCHANT', 'REFUND', 5000, true],
  ['the first of two payments for an order is not the duplicate', 'DUPLICATE_CHARGE', withFindings(findings(tx([5000]), 5000), { otherTransactionsForOrder: [{ id: 'tx_2', amount: eur(5000), netAmount: eur(5000), createdAt: '2026-03-01T11:00:00.000Z' }] }), 'NO_DISCREPANCY_FOUND', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  ['an order split over two payments is not a duplicate', 'DUPLICATE_CHARGE', withFindings(findings(tx([2500]), 5000), { otherTransactionsForOrder: [{ id: 'tx_0', amount: eur(2500), netAmount: eur(2500), createdAt: '2026-03-01T09:00:00.000Z' }] }), 'NO_DISCREPANCY_FOUND', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  ['an earlier payment already refunded leaves this one standing', 'DUPLICATE_CHARGE', withFindings(findings(tx([5000]), 5000), { otherTransactionsForOrder: [{ id: 'tx_0', amount: eur(5000), netAmount: eur(0), createdAt: '2026-03-01T09:00:00.000Z' }] }), 'NO_DISCREPANCY_FOUND', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  ['an order captured in two parts adding up to what was asked is not the processor\'s error', 'AMOUNT_MISMATCH', findings(tx([3000, 2000], { requestedAmount: eur(5000), amount: eur(5000) }), 5000), 'NO_DISCREPANCY_FOUND', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  ['a refund Loop promised was never issued: issue it', 'REFUND_NOT_RECEIVED', withFindings(findings(tx([5000]), 5000), { order: { id: 'ord_1', total: eur(5000), customer: null, promisedRefunds: [{ amount: eur(1500), promisedAt: '2026-03-03T00:00:00.000Z', reference: 'RMA-9' }] } }), 'PROMISED_REFUND_NOT_ISSUED', 'MERCHANT', 'REFUND', 1500, false],
  ['unauthorized inside a Loop security incident: refund in full', 'UNAUTHORIZED', withFindings(findings(tx([5000], { authentication: strongAuth }), 5000), { incidents: [incident] }), 'UNAUTHORIZED_IN_LOOP_INCIDENT', 'MERCHANT', 'REFUND', 5000, false],
  ['unauthorized, strongly authenticated, no Loop incident: assist', 'UNAUTHORIZED', findings(tx([5000], { authentication: strongAuth }), 5000), 'UNAUTHORIZED_STRONGLY_AUTHENTICATED', 'THIRD_PARTY', 'ASSIST', null, false],
  ['unauthorized, not authenticated, no incident: ask the customer', 'UNAUTHORIZED', findings(tx([5000]), 5000), 'UNAUTHORIZED_UNCLEAR', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  ['a refund settled at the processor, not seen by the customer: assist with the reference', 'REFUND_NOT_RECEIVED', findings(tx([5000], {}, [{ amount: 5000 }]), 5000), 'REFUND_SETTLED_NOT_SEEN', 'THIRD_PARTY', 'ASSIST', null, false],
  ['the processor captured other than Loop asked: assist, raise it with the processor', 'AMOUNT_MISMATCH', findings(tx([5500], { requestedAmount: eur(5000) }), 5000), 'PROCESSOR_CHARGED_OTHER_AMOUNT', 'THIRD_PARTY', 'ASSIST', null, false],
  ['declined for wrong card details: the customer\'s error, assist', 'OTHER', findings(tx([], { status: 'FAILED', declineReason: 'CUSTOMER_DETAILS' }), 5000), 'DECLINED_FOR_CUSTOMER_DETAILS', 'CUSTOMER', 'ASSIST', null, false],
  ['transaction not found: ask the customer', 'OTHER', findings(null, null), 'TRANSACTION_NOT_FOUND', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  ['charge matches the order: facts unclear, ask the customer', 'AMOUNT_MISMATCH', findings(tx([5000]), 5000), 'NO_DISCREPANCY_FOUND', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  // edge cases
  ['an overcharge already partly refunded: refund the rest', 'AMOUNT_MISMATCH', findings(tx([6000], {}, [{ amount: 400 }]), 5000), 'CHARGED_MORE_THAN_ORDER', 'MERCHANT', 'REFUND', 600, true],
  ['a failed refund does not count as money returned', 'AMOUNT_MISMATCH', findings(tx([6000], {}, [{ amount: 1000, status: 'FAILED' }]), 5000), 'CHARGED_MORE_THAN_ORDER', 'MERCHANT', 'REFUND', 1000, true],
  ['an overcharge already fully refunded: zero discrepancy', 'AMOUNT_MISMATCH', findings(tx([6000], {}, [{ amount: 1000 }]), 5000), 'NO_DISCREPANCY_FOUND', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  ['three captures, two of them duplicates: refund both', 'DUPLICATE_CHARGE', findings(tx([5000, 5000, 5000]), 5000), 'DUPLICATE_CAPTURE', 'MERCHANT', 'REFUND', 10000, true],
  ['charged less than the order total: not a refund', 'AMOUNT_MISMATCH', findings(tx([4000]), 5000), 'NO_DISCREPANCY_FOUND', 'UNDETERMINED', 'REQUEST_INFORMATION', null, false],
  ['no order record: an agent reviews', 'AMOUNT_MISMATCH', findings(tx([6000]), null), 'NO_ORDER_RECORD', 'UNDETERMINED', 'REVIEW', null, false],
  ['an order in another currency: amounts are not compared', 'AMOUNT_MISMATCH', findings(tx([6000]), 5000, 'USD'), 'NO_ORDER_RECORD', 'UNDETERMINED', 'REVIEW', null, false],
];

describe('assessing liability by the policy table', () => {
  test.each(rows)('%s', (_name, category, f, rule, liability, action, amount, automatic) => {
    const a = assess(reportFixture(category), f, inTime, 60);
    expect({ rule: a.rule, liability: a.liability, action: a.recommendedAction, amount: a.recommendedAmount?.amountMinor ?? null, automatic: a.unambiguous }).toEqual({
      rule,
      liability,
      action,
      amount,
      automatic,
    });
    expect(a.reasons.length).toBeGreaterThan(0);
  });

  test('every rule of the table has at least one row above', () => {
    const covered = new Set(rows.map((r) => r[3]));
    expect(LIABILITY_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test('assist-only outcomes tell the customer what they can still do', () => {
    const a = assess(reportFixture('REFUND_NOT_RECEIVED'), findings(tx([5000], {}, [{ amount: 5000 }]), 5000), inTime, 60);
    expect(a.customerGuidance).toContain('re_0');
  });

  test('names a duplicate capture as such in its reasons', () => {
    const a = assess(reportFixture('DUPLICATE_CHARGE'), findings(tx([5000, 5000]), 5000), inTime, 60);
    expect(a.reasons[0]).toBe('Order ord_1 was captured 2 times; Loop refunds the duplicate (€50.00).');
    expect(a.refundable?.amountMinor).toBe(10000);
  });

  // The charge is of 1 March 2026, 11:00 in Paris: 1 March is day 1, 29 April day 60.
  test.each([
    ['on day 60, at 23:59 in Paris, is inside the window', '2026-04-29T21:59:00.000Z', false, true],
    ['on day 61, a minute past midnight in Paris (still 29 April in UTC), is outside and never automatic', '2026-04-29T22:01:00.000Z', true, false],
    ['60 full days after (30 April) is day 61, outside', '2026-04-30T10:00:00.000Z', true, false],
  ])('a report %s, counted from the processor date', (_name, reportedAt, outside, automatic) => {
    const a = assess(reportFixture('AMOUNT_MISMATCH'), findings(tx([6000]), 5000), reportedAt, 60);
    expect(a.outsideReportingWindow).toBe(outside);
    expect(a.unambiguous).toBe(automatic);
    expect(a.liability).toBe('MERCHANT');
  });

  test('a charge of 2 October 23:59 UTC (3 October in Paris) reported on 2 December is on day 61: outside, never automatic', () => {
    const late = findings(tx([6000], { createdAt: '2026-10-02T23:59:00.000Z' }), 5000);
    const a = assess(reportFixture('AMOUNT_MISMATCH'), late, '2026-12-02T10:00:00.000Z', 60);
    expect(a).toMatchObject({ outsideReportingWindow: true, unambiguous: false, rule: 'CHARGED_MORE_THAN_ORDER' });
    expect(a.reasons.at(-1)).toContain('day 61');
    // Counted in UTC the same charge is of 2 October, so day 62: the time zone is the policy's choice.
    expect(assess(reportFixture('AMOUNT_MISMATCH'), late, '2026-12-01T10:00:00.000Z', 60, { timeZone: 'UTC' }).outsideReportingWindow).toBe(true);
    expect(assess(reportFixture('AMOUNT_MISMATCH'), late, '2026-12-01T10:00:00.000Z', 60).outsideReportingWindow).toBe(false);
  });

  test('a minute past midnight in Paris is the next day only in Paris: the configured zone decides', () => {
    const f = findings(tx([6000]), 5000);
    expect(assess(reportFixture('AMOUNT_MISMATCH'), f, '2026-04-29T22:01:00.000Z', 60, { timeZone: 'Europe/Paris' }).outsideReportingWindow).toBe(true);
    expect(assess(reportFixture('AMOUNT_MISMATCH'), f, '2026-04-29T22:01:00.000Z', 60, { timeZone: 'UTC' }).outsideReportingWindow).toBe(false);
  });

  test('a history recorded before calendar days replays with the 24-hour count it was assessed with', () => {
    const late = findings(tx([6000], { createdAt: '2026-10-02T23:59:00.000Z' }), 5000);
    expect(assess(reportFixture('AMOUNT_MISMATCH'), late, '2026-12-02T10:00:00.000Z', 60, 'ELAPSED_24H').outsideReportingWindow).toBe(false);
  });
});
