import { CASE_BOUNDS } from '../../domain/bounds';
import * as c from '../../domain/case-state';
import { assess } from '../../domain/assessment';
import { DEFAULT_CASE_POLICY, type CaseState, type DisputeReport } from '../../domain/vocabulary';
import { eur, findings, report, transaction } from './fixtures';

const AT = '2026-03-06T09:00:00.000Z';
const opened = (r: DisputeReport = report()) => c.openCase('DSP-0123456789', r, '2026-03-05T09:00:00.000Z', DEFAULT_CASE_POLICY);
const again = (overrides: Partial<DisputeReport> = {}): DisputeReport => ({ ...report('DUPLICATE_CHARGE'), channel: 'chat', description: 'Charged twice for ord_1', ...overrides });
const investigated = (): CaseState => {
  const s = opened();
  const f = findings(transaction([4999, 4999]), 4999);
  return c.recordFindings(s, f, assess(s.report, f, s.receivedAt, DEFAULT_CASE_POLICY.reportingWindowDays));
};

describe('a report that joins an open case', () => {
  test('keeps its description, category and expected amount for the agents, and says so in the timeline', () => {
    const s = c.recordDuplicateReport(opened(), again({ expectedAmount: eur(4999) }), AT);
    expect(s.duplicateReports).toBe(1);
    expect(s.reports).toEqual([{ at: AT, channel: 'chat', category: 'DUPLICATE_CHARGE', description: 'Charged twice for ord_1', expectedAmount: eur(4999), customerId: 'cus_1' }]);
    expect(s.timeline.at(-1)).toMatchObject({ event: 'REPORTED_AGAIN', detail: 'via chat (DUPLICATE_CHARGE, expects 4999 EUR): Charged twice for ord_1' });
  });

  test('keeps only the last reports, and never a full card number', () => {
    let s = opened();
    for (let i = 0; i < CASE_BOUNDS.joinedReportsKept + 5; i++) s = c.recordDuplicateReport(s, again({ description: `report ${i} card 4242424242424242` }), AT);
    expect(s.reports).toHaveLength(CASE_BOUNDS.joinedReportsKept);
    expect(s.reports!.at(-1)!.description).toMatch(/^report 24 /);
    expect(JSON.stringify(s)).not.toContain('4242424242424242');
  });

  test('adds to a case continued from before cases kept their reports', () => {
    const { reports: _gone, ...old } = opened();
    expect(c.recordDuplicateReport(old, again(), AT).reports).toHaveLength(1);
  });
});

describe('the expected amount of a joined report', () => {
  test('an amount the case lacked joins its report and the assessment runs again on the findings', () => {
    const before = investigated();
    const s = c.adoptExpectedAmount(before, again({ expectedAmount: eur(4999) }), AT, DEFAULT_CASE_POLICY)!;
    expect(s.report.expectedAmount).toEqual(eur(4999));
    expect(s.assessment).toEqual(assess(s.report, before.findings!, before.receivedAt, DEFAULT_CASE_POLICY.reportingWindowDays));
    expect(s.timeline.at(-1)).toMatchObject({ event: 'REASSESSED', detail: 'the customer expects 4999 EUR: MERCHANT (DUPLICATE_CAPTURE)' });
  });

  test('before the investigation, the amount is only added (the investigation assesses it)', () => {
    const s = c.adoptExpectedAmount(opened(), again({ expectedAmount: eur(100) }), AT, DEFAULT_CASE_POLICY)!;
    expect(s.report.expectedAmount).toEqual(eur(100));
    expect(s.timeline.at(-1)!.event).toBe('EXPECTED_AMOUNT_ADDED');
  });

  test.each([
    ['no amount', again()],
    ['another customer\'s amount', again({ expectedAmount: eur(1), customer: { id: 'cus_2', email: 'b@example.com', locale: 'en' } })],
    ['a report naming no customer', again({ expectedAmount: eur(1), customer: null })],
  ])('%s changes nothing', (_name, r) => {
    expect(c.adoptExpectedAmount(investigated(), r, AT, DEFAULT_CASE_POLICY)).toBeNull();
  });

  test('an amount the case already has is not replaced', () => {
    const s = opened({ ...report(), expectedAmount: eur(10) });
    expect(c.adoptExpectedAmount(s, again({ expectedAmount: eur(20) }), AT, DEFAULT_CASE_POLICY)).toBeNull();
  });
});

describe('the services that reported a case', () => {
  test('read it back only when they reported for the case\'s own customer', () => {
    let s = c.recordReporter(opened(), 'key:loop-website', report());
    s = c.recordReporter(s, 'key:partner-site', again({ customer: { id: 'cus_2', email: 'b@example.com', locale: 'en' } }));
    expect(c.reportedByService(s, 'key:loop-website')).toBe(true);
    expect(c.reportedByService(s, 'key:partner-site')).toBe(false);
    expect(c.reportedByService(s, 'key:unknown')).toBe(false);
  });

  test('a case with no customer yet (a chargeback opened it) is read once the order names the reported customer', () => {
    const byProcessor = c.recordReporter(opened({ ...report(), customer: null }), 'key:loop-website', report());
    expect(c.reportedByService(byProcessor, 'key:loop-website')).toBe(false);
    expect(c.reportedByService({ ...byProcessor, customer: report().customer }, 'key:loop-website')).toBe(true);
  });

  test('are remembered once per service and customer, and only the last few', () => {
    let s = opened();
    for (let i = 0; i < 3; i++) s = c.recordReporter(s, 'key:loop-website', report());
    expect(s.reporters).toEqual([{ serviceId: 'key:loop-website', customerId: 'cus_1', customerEmail: 'a@example.com' }]);
    for (let i = 0; i < CASE_BOUNDS.reportersKept + 3; i++) s = c.recordReporter(s, `key:site-${i}`, report());
    expect(s.reporters).toHaveLength(CASE_BOUNDS.reportersKept);
  });
});

describe('the case\'s customer, known by an account id or an e-mail address', () => {
  const byEmail = (): DisputeReport => ({ ...report(), channel: 'email', customer: { id: 'email:bob@example.com', email: 'Bob@Example.com', locale: 'en' } });
  const website = (overrides: Partial<DisputeReport['customer'] & object> = {}): DisputeReport =>
    again({ channel: 'web', customer: { id: 'cus_bob', email: ' bob@example.COM ', locale: 'en', ...overrides } });

  test('a website report naming the account id and the address of a case opened by e-mail is the same customer', () => {
    const state = opened(byEmail());
    expect(c.isCaseCustomer(state, website().customer)).toBe(true);
    expect(c.isCaseCustomer(state, website({ email: 'eve@example.com' }).customer)).toBe(false);
    expect(c.isCaseCustomer(state, website().customer, { byEmail: false })).toBe(false);
    expect(c.isCaseCustomer({ customer: null }, website().customer)).toBe(false);
  });

  test('the website that reported for the same customer by address may read the case back', () => {
    const s = c.recordReporter(opened(byEmail()), 'key:loop-website', website());
    expect(s.reporters).toEqual([{ serviceId: 'key:loop-website', customerId: 'cus_bob', customerEmail: 'bob@example.com' }]);
    expect(c.reportedByService(s, 'key:loop-website')).toBe(true);
    const eve = c.recordReporter(opened(byEmail()), 'key:loop-website', website({ id: 'cus_eve', email: 'eve@example.com' }));
    expect(c.reportedByService(eve, 'key:loop-website')).toBe(false);
  });

  test('a joined report from another customer says so in the timeline; one from the case\'s customer does not', () => {
    const eve = c.recordDuplicateReport(opened(byEmail()), website({ id: 'cus_eve', email: 'eve@example.com' }), AT);
    expect(eve.timeline.at(-1)).toMatchObject({ event: 'REPORTED_AGAIN', detail: expect.stringContaining('from another customer (cus_eve)') });
    const bob = c.recordDuplicateReport(opened(byEmail()), website(), AT);
    expect(bob.timeline.at(-1)!.detail).not.toContain('another customer');
    const onChargeback = c.recordDuplicateReport(opened({ ...report(), channel: 'processor', customer: null }), website(), AT);
    expect(onChargeback.timeline.at(-1)!.detail).toContain('from cus_bob (the case names no customer yet)');
  });

  test('a case replaying its history from before keeps the old rules: by id only, no flag, no address kept', () => {
    const old = { byEmail: false };
    const eve = c.recordDuplicateReport(opened(byEmail()), website({ id: 'cus_eve' }), AT, old);
    expect(eve.timeline.at(-1)!.detail).not.toContain('another customer');
    expect(c.recordReporter(opened(byEmail()), 'key:loop-website', website(), old).reporters).toEqual([{ serviceId: 'key:loop-website', customerId: 'cus_bob' }]);
    expect(c.adoptExpectedAmount(opened(byEmail()), website(), AT, DEFAULT_CASE_POLICY, old)).toBeNull();
    expect(c.adoptExpectedAmount(opened(byEmail()), { ...website(), expectedAmount: eur(4999) }, AT, DEFAULT_CASE_POLICY, old)).toBeNull();
    expect(c.adoptExpectedAmount(opened(byEmail()), { ...website(), expectedAmount: eur(4999) }, AT, DEFAULT_CASE_POLICY)).not.toBeNull();
  });
});
