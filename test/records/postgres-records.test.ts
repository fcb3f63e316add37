import { createPostgresRecords } from '../../records/postgres';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';
import { sampleRecord } from '../support/records';

describe.each(databaseKinds())('case records on the %s server', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(kind);
  });
  afterAll(() => db.drop());

  test('a later version replaces the record, and an older or repeated one changes nothing', async () => {
    const records = createPostgresRecords(db.pool);
    await records.write({ record: sampleRecord({ version: 3, status: 'AWAITING_DECISION' }), statusChanges: [] });
    await records.write({ record: sampleRecord({ version: 2, status: 'INVESTIGATING' }), statusChanges: [] });
    await records.write({ record: sampleRecord({ version: 3, status: 'RESOLVED' }), statusChanges: [] });
    const { rows } = await db.pool.query('SELECT status, version FROM case_records');
    expect(rows).toEqual([{ status: 'AWAITING_DECISION', version: 3 }]);
    await records.write({ record: sampleRecord({ version: 4, status: 'RESOLVING' }), statusChanges: [] });
    expect((await db.pool.query('SELECT status FROM case_records')).rows).toEqual([{ status: 'RESOLVING' }]);
  });

  test('each status change is kept once, however often it is written', async () => {
    const records = createPostgresRecords(db.pool);
    const changes = [{ seq: 1, status: 'RECEIVED', at: '2026-12-01T10:00:00.000Z' }, { seq: 2, status: 'INVESTIGATING', at: '2026-12-01T10:00:01.000Z' }];
    const record = sampleRecord({ caseId: 'DSP-0000000002', version: 2 });
    await records.write({ record, statusChanges: changes });
    await records.write({ record, statusChanges: changes });
    const { rows } = await db.pool.query("SELECT seq, status FROM case_status_changes WHERE case_id = 'DSP-0000000002' ORDER BY seq");
    expect(rows).toEqual([{ seq: 1, status: 'RECEIVED' }, { seq: 2, status: 'INVESTIGATING' }]);
  });
});
