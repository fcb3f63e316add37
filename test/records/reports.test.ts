import { createPostgresRecords } from '../../records/postgres';
import { casesCsv, summary } from '../../records/reports';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';
import { sampleRecord } from '../support/records';

const PARIS = 'Europe/Paris';
const period = { from: '2026-11-01', to: '2026-11-30', timeZone: PARIS };
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
const plusHours = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000).toISOString();

describe.each(databaseKinds())('the continuous-improvement reports, on the %s server', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    const records = createPostgresRecords(db.pool);
    const write = (n: number, r: Parameters<typeof sampleRecord>[0]) => records.write({ record: sampleRecord({ caseId: `DSP-${String(n).padStart(10, '0')}`, caseRunId: `r${n}`, ...r }), statusChanges: [] });
    // Three duplicate charges resolved automatically (refunds of 10, 20 and 30 EUR), within minutes.
    for (const [n, amount] of [[1, 1000], [2, 2000], [3, 3000]] as const) {
      await write(n, { category: 'DUPLICATE_CHARGE', processor: 'sandbox', openedAt: at(n), resolvedAt: plusHours(at(n), 0.5), closedAt: plusHours(at(n), 200), status: 'CLOSED', refundedMinor: amount, outcome: 'REFUND', decidedAutomatically: true, decidedBy: 'auto', firstDecisionDueAt: null, satisfied: true });
    }
    // Two unauthorized charges decided by agent_7: first decision after 4 h and 20 h; one breached its SLA and was reopened; one credit in GBP.
    await write(4, { category: 'UNAUTHORIZED', processor: 'stripe', openedAt: at(10), firstDecisionAt: plusHours(at(10), 4), resolvedAt: plusHours(at(10), 5), status: 'RESOLVED', outcome: 'DENY', decidedAutomatically: false, decidedBy: 'agent_7', satisfied: false, reopenings: 1 });
    await write(5, { category: 'UNAUTHORIZED', processor: 'stripe', currency: 'GBP', openedAt: at(17), firstDecisionAt: plusHours(at(17), 20), resolvedAt: plusHours(at(17), 30), status: 'FOLLOW_UP', creditedMinor: 1500, outcome: 'ACCOUNT_CREDIT', decidedAutomatically: false, decidedBy: 'agent_7', slaBreached: true });
    // One still waiting, decided by nobody.
    await write(6, { category: 'UNAUTHORIZED', processor: 'stripe', openedAt: at(24), status: 'AWAITING_DECISION' });
    // Outside the period: 31 Oct 23:30 in Paris is still October (22:30 UTC), and 1 Dec 00:30 in Paris is December.
    await write(7, { openedAt: '2026-10-31T22:30:00.000Z' });
    await write(8, { openedAt: '2026-11-30T23:30:00.000Z' });
    // Inside: 1 Nov 00:30 in Paris (31 Oct 23:30 UTC), with a formula-looking description field.
    await write(9, { openedAt: '2026-10-31T23:30:00.000Z', customerEmail: '=HYPERLINK("http://evil")@example.com', orderId: 'ord,with "quotes"\nand a line' });
  });
  afterAll(() => db.drop());

  test('the period counts days in Loop time zone and gives the figures a supervisor reads', async () => {
    const { totals } = await summary(db.pool, period, null);
    expect(totals.opened).toBe(7);
    expect(totals.resolvedAutomatically).toBe(3);
    expect(totals.automaticShare).toBeCloseTo(3 / 7, 4);
    // Person's first decisions: 4 h and 20 h → p50 12, p90 18.4 (linear interpolation).
    expect(totals.hoursToFirstDecision).toEqual({ p50: 12, p90: 18.4 });
    // Resolutions: 0.5, 0.5, 0.5, 5, 30 h → p50 0.5, p90 20.
    expect(totals.hoursToResolution).toEqual({ p50: 0.5, p90: 20 });
    // Cases with a first-decision deadline: 4, 5, 6, 7-less (9 has the sample's) → 4 in the period, one breached.
    expect(totals.slaBreachRate).toBe(0.25);
    expect(totals.reopenRate).toBe(0.2);
    expect(totals.satisfactionRate).toBe(0.75);
    expect(totals.refunds).toEqual([{ currency: 'EUR', count: 3, amountMinor: 6000 }]);
    expect(totals.credits).toEqual([{ currency: 'GBP', count: 1, amountMinor: 1500 }]);
    expect(totals.outcomes).toEqual({ REFUND: 3, DENY: 1, ACCOUNT_CREDIT: 1, NONE: 2 });
  });

  test('grouped by category, by processor and by week, each group adds up to the total', async () => {
    const byCategory = await summary(db.pool, period, 'category');
    expect(byCategory.groups.map((g) => [g.key, g.opened])).toEqual([['DUPLICATE_CHARGE', 4], ['UNAUTHORIZED', 3]]);
    expect(byCategory.groups[0]!.automaticShare).toBe(0.75);
    expect(byCategory.groups[1]!.hoursToFirstDecision).toEqual({ p50: 12, p90: 18.4 });
    expect(byCategory.groups[1]!.credits).toEqual([{ currency: 'GBP', count: 1, amountMinor: 1500 }]);
    expect(byCategory.totals.opened).toBe(7);
    const byWeek = await summary(db.pool, period, 'week');
    // Weeks start on Monday: 1 Nov 2026 is a Sunday, so its two cases count in the week of 26 Oct.
    expect(byWeek.groups.map((g) => [g.key, g.opened])).toEqual([['2026-10-26', 2], ['2026-11-02', 2], ['2026-11-09', 1], ['2026-11-16', 1], ['2026-11-23', 1]]);
    const byProcessor = await summary(db.pool, period, 'processor');
    expect(byProcessor.groups.map((g) => [g.key, g.outcomes])).toEqual([['sandbox', { REFUND: 3, NONE: 1 }], ['stripe', { DENY: 1, ACCOUNT_CREDIT: 1, NONE: 1 }]]);
  });

  test("an agent's own figures count only the cases they decided", async () => {
    const { totals } = await summary(db.pool, { ...period, decidedBy: 'agent_7' }, null);
    expect(totals.opened).toBe(2);
    expect(totals.outcomes).toEqual({ DENY: 1, ACCOUNT_CREDIT: 1 });
  });

  test('the CSV quotes what needs quoting, defuses formulas, and leaves out customers for analysts', async () => {
    const csv = await casesCsv(db.pool, period, { personal: true });
    const lines = csv.split('\r\n');
    expect(lines[0]).toContain('case_id,case_run_id,status');
    expect(lines[0]).toContain('customer_email');
    expect(csv).toContain(`"ord,with ""quotes""\nand a line"`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")@example.com"`);
    expect(lines.filter((l) => l.startsWith('DSP-'))).toHaveLength(7);
    const anonymous = await casesCsv(db.pool, period, { personal: false });
    expect(anonymous).not.toContain('customer_email');
    expect(anonymous).not.toContain('example.com');
    expect(anonymous).not.toContain('cus_ada');
  });
});
