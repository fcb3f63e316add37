import { createPool } from '../../db/pool';
import { createMetrics } from '../../metrics/metrics';
import { createPostgresRecords } from '../../records/postgres';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';
import { sampleRecord } from '../support/records';
import { sample } from './exposition';

describe.each(databaseKinds())('open cases per status, read at scrape time on the %s server', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    const records = createPostgresRecords(db.pool);
    const seed: [string, string][] = [
      ['DSP-0000000001', 'AWAITING_DECISION'], ['DSP-0000000002', 'AWAITING_DECISION'], ['DSP-0000000003', 'AWAITING_CUSTOMER'],
      ['DSP-0000000004', 'CLOSED'], ['DSP-0000000005', 'WITHDRAWN'],
    ];
    for (const [caseId, status] of seed) await records.write({ record: sampleRecord({ caseId, status: status as never }), statusChanges: [] });
  });
  afterAll(() => db.drop());

  test('counts the cases neither closed nor withdrawn, per status, and follows the records between scrapes', async () => {
    const metrics = createMetrics({ openCases: db.pool, processMetrics: false });
    let text = await metrics.exposition();
    expect(sample(text, 'loop_open_cases', { status: 'AWAITING_DECISION' })).toBe(2);
    expect(sample(text, 'loop_open_cases', { status: 'AWAITING_CUSTOMER' })).toBe(1);
    expect(sample(text, 'loop_open_cases', { status: 'CLOSED' })).toBeUndefined();
    expect(sample(text, 'loop_open_cases', { status: 'WITHDRAWN' })).toBeUndefined();
    expect(sample(text, 'loop_open_cases_read_failed')).toBe(0);

    await createPostgresRecords(db.pool).write({ record: sampleRecord({ caseId: 'DSP-0000000003', version: 2, status: 'CLOSED' }), statusChanges: [] });
    text = await metrics.exposition();
    expect(sample(text, 'loop_open_cases', { status: 'AWAITING_CUSTOMER' })).toBeUndefined();
    expect(sample(text, 'loop_open_cases', { status: 'AWAITING_DECISION' })).toBe(2);
  });

  test('a database that cannot be read does not fail the scrape: the failure is its own gauge', async () => {
    const unreachable = new URL(db.url);
    unreachable.pathname = '/no_such_database';
    const pool = createPool({ url: unreachable.toString(), poolMax: 1, applicationName: 'loop-test' });
    try {
      const metrics = createMetrics({ openCases: pool, processMetrics: false });
      metrics.casesOpened.inc({ channel: 'web' });
      const text = await metrics.exposition();
      expect(sample(text, 'loop_open_cases_read_failed')).toBe(1);
      expect(sample(text, 'loop_cases_opened_total', { channel: 'web' })).toBe(1);
      expect(text).not.toMatch(/^loop_open_cases\{/m);
    } finally {
      await pool.end();
    }
  });
});
