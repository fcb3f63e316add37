import { createPostgresRecords } from '../../records/postgres';
import { BadCursor, listCases, queueCounts, type ListRequest } from '../../records/queries';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';
import { sampleRecord } from '../support/records';

const NOW = new Date('2026-12-02T10:00:00.000Z'); // a Wednesday
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();
const id = (n: number) => `DSP-${String(n).padStart(10, '0')}`;
const list = (db: TestDatabase, req: Partial<ListRequest> = {}) => listCases(db.pool, { sort: 'due', order: 'asc', limit: 50, ...req }, NOW.getTime());

describe.each(databaseKinds())('the queues over the case records, on the %s server', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    const records = createPostgresRecords(db.pool);
    // 450 open cases with varied due dates, amounts and customers, plus a few in other states.
    for (let n = 1; n <= 450; n++) {
      await records.write({
        record: sampleRecord({
          caseId: id(n),
          caseRunId: `run-${n}`,
          status: n % 3 === 0 ? 'AWAITING_CUSTOMER' : 'AWAITING_DECISION',
          disputedMinor: (n * 37) % 1000,
          customerEmail: `customer${n % 50}@example.com`,
          orderId: `ord_${n}`,
          transactionId: `tx_${n}`,
          openedAt: hoursFromNow(-n),
          // Every fifth case shares a due date, so paging must break ties by case id.
          firstDecisionDueAt: n % 7 === 0 ? null : hoursFromNow(n % 5 === 0 ? 48 : n - 100),
          slaBreached: n < 100 && n % 7 !== 0,
          escalated: n % 11 === 0,
          assignee: n % 13 === 0 ? 'agent_7' : null,
        }),
        statusChanges: [],
      });
    }
    await records.write({ record: sampleRecord({ caseId: id(900), caseRunId: 'run-900', status: 'CLOSED', customerEmail: 'closed@example.com', openedAt: hoursFromNow(-1000) }), statusChanges: [] });
    await records.write({ record: sampleRecord({ caseId: id(901), caseRunId: 'run-901', status: 'RESOLVING', firstDecisionDueAt: hoursFromNow(3), openedAt: hoursFromNow(-2) }), statusChanges: [] });
    // A second run of one case number (the same transaction reported again after its first case closed).
    await records.write({ record: sampleRecord({ caseId: id(900), caseRunId: 'run-900b', status: 'AWAITING_DECISION', customerEmail: 'closed@example.com', openedAt: hoursFromNow(-1) }), statusChanges: [] });
  });
  afterAll(() => db.drop());

  test.each(['due', 'opened', 'amount'] as const)('paging by %s, both ways, walks every row once past the 200th, in order', async (sort) => {
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      const values: (number | null)[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await list(db, { sort, order, limit: 70, ...(cursor ? { cursor } : {}) });
        for (const row of page.data) {
          seen.push(`${row.disputeId}/${row.openedAt}`);
          const v = sort === 'due' ? row.firstDecisionDueAt : sort === 'opened' ? row.openedAt : row.amount?.amountMinor ?? null;
          values.push(v === null ? null : typeof v === 'number' ? v : Date.parse(v));
        }
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toHaveLength(453);
      expect(new Set(seen).size).toBe(453);
      const present = values.filter((v): v is number => v !== null);
      // Nulls last, whichever the order; the rest sorted.
      expect(values.slice(0, present.length).every((v) => v !== null)).toBe(true);
      expect(present).toEqual([...present].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    }
  });

  test('filters by one status or several, assignee, escalation, SLA and due date', async () => {
    const waiting = await list(db, { statuses: ['AWAITING_CUSTOMER'], limit: 200 });
    expect(waiting.data.every((r) => r.status === 'AWAITING_CUSTOMER')).toBe(true);
    expect(waiting.data).toHaveLength(150);
    const two = await list(db, { statuses: ['AWAITING_CUSTOMER', 'RESOLVING'], limit: 200 });
    expect(two.data).toHaveLength(151);
    expect((await list(db, { assignee: 'agent_7', limit: 200 })).data.map((r) => r.disputeId)).toHaveLength(34);
    expect((await list(db, { escalated: true, limit: 200 })).data.every((r) => r.escalated)).toBe(true);
    const due = await list(db, { dueBefore: NOW.toISOString(), limit: 200 });
    expect(due.data.length).toBeGreaterThan(0);
    expect(due.data.every((r) => r.firstDecisionDueAt !== null && Date.parse(r.firstDecisionDueAt) < NOW.getTime())).toBe(true);
  });

  test('search finds a case by e-mail (any case), order, transaction or case number', async () => {
    const byEmail = await list(db, { q: 'Customer7@Example.COM', limit: 200 });
    expect(byEmail.data).toHaveLength(9);
    expect(byEmail.data.every((r) => r.customerEmail === 'customer7@example.com')).toBe(true);
    expect((await list(db, { q: 'ord_42' })).data.map((r) => r.disputeId)).toEqual([id(42)]);
    expect((await list(db, { q: 'tx_43' })).data.map((r) => r.disputeId)).toEqual([id(43)]);
    expect((await list(db, { q: id(44).toLowerCase() })).data.map((r) => r.disputeId)).toEqual([id(44)]);
    expect((await list(db, { q: 'DSP-000000004', limit: 200 })).data.map((r) => r.disputeId).sort()).toEqual([id(40), id(41), id(42), id(43), id(44), id(45), id(46), id(47), id(48), id(49)]);
    // Both runs of a case number are listed: they are two cases.
    expect((await list(db, { q: 'closed@example.com' })).data.map((r) => r.status).sort()).toEqual(['AWAITING_DECISION', 'CLOSED']);
    expect((await list(db, { q: 'nobody@example.com' })).data).toEqual([]);
  });

  test('a row carries what an agent scans: amount, customer, age, due, assignee, flags', async () => {
    const [row] = (await list(db, { q: 'ord_13' })).data;
    expect(row).toMatchObject({
      disputeId: id(13),
      amount: { amountMinor: 481, currency: 'EUR' },
      customerEmail: 'customer13@example.com',
      ageHours: 13,
      firstDecisionDueAt: hoursFromNow(-87),
      assignee: 'agent_7',
      flags: { openChargeback: false, outsideReportingWindow: false },
    });
  });

  test('a cursor that was edited, or belongs to another sort, is refused', async () => {
    const page = await list(db, { limit: 5 });
    await expect(list(db, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(BadCursor);
    await expect(list(db, { sort: 'amount', cursor: page.nextCursor! })).rejects.toBeInstanceOf(BadCursor);
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(page.nextCursor!, 'base64url').toString()), v: "'; DROP TABLE case_records; --" })).toString('base64url');
    await expect(list(db, { cursor: tampered })).rejects.toBeInstanceOf(BadCursor);
  });

  test('the tabs count the open cases per queue', async () => {
    const counts = await queueCounts(db.pool, 'agent_7', NOW);
    expect(counts.needsDecision).toBe(301);
    expect(counts.waitingForCustomer).toBe(150);
    expect(counts.resolving).toBe(1);
    expect(counts.all).toBe(452);
    expect(counts.mine).toBe(34);
    expect(counts.escalated).toBe(40);
    // Due within one business day (Wednesday 10:00 → Thursday 10:00 included), not yet late, awaiting a decision.
    const dueSoon = (await list(db, { statuses: ['AWAITING_DECISION'], limit: 200, dueBefore: new Date(NOW.getTime() + 24 * 3_600_000 + 1).toISOString() })).data.filter((r) => Date.parse(r.firstDecisionDueAt!) > NOW.getTime());
    expect(counts.dueWithinOneBusinessDay).toBe(dueSoon.length);
    expect(counts.dueWithinOneBusinessDay).toBeGreaterThan(0);
  });
});
