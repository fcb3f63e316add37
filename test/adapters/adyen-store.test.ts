import type { Pool } from 'pg';
import { createPool } from '../../db/pool';
import { createPostgresNotificationStore, createMemoryNotificationStore, type AdyenNotificationStore } from '../../adapters/adyen';
import { fixtureItem } from './fixtures/adyen/support';
import { databaseKinds, freshDatabase, type DatabaseKind, type TestDatabase } from '../support/database';

const PAYMENT = 'QFQTPCQ8HXSKGK82';

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((db) => db.drop())));

/** A store on a database of its own per test, so the shared tests below start empty. */
const inPostgres = (kind: DatabaseKind) => async () => {
  const db = await freshDatabase(kind);
  databases.push(db);
  return createPostgresNotificationStore(db.pool);
};

describe.each<[string, () => AdyenNotificationStore | Promise<AdyenNotificationStore>]>([
  ['in memory', () => createMemoryNotificationStore()],
  ...databaseKinds().map((kind): [string, () => Promise<AdyenNotificationStore>] => [`in PostgreSQL (${kind})`, inPostgres(kind)]),
])('the Adyen notification store %s', (_name, create) => {
  test('keeps a notification delivered twice once', async () => {
    const store = await create();
    await store.record(fixtureItem('capture'));
    await store.record(fixtureItem('capture'));
    expect(await store.forPspReference(PAYMENT)).toHaveLength(1);
  });

  test('finds a payment\'s own notifications and those that modify it, but not others', async () => {
    const store = await create();
    await Promise.all(['authorisation', 'capture', 'refund', 'authorisation-refused'].map((name) => store.record(fixtureItem(name))));
    expect((await store.forPspReference(PAYMENT)).map((i) => i.eventCode).sort()).toEqual(['AUTHORISATION', 'CAPTURE', 'REFUND']);
    expect((await store.forMerchantReference('order-1002')).map((i) => i.pspReference)).toEqual(['RFSD7YQ2LT8XZ9K1']);
  });

  test('hands out copies, so a caller cannot change what was recorded', async () => {
    const store = await create();
    await store.record(fixtureItem('capture'));
    (await store.forPspReference(PAYMENT))[0]!.amount.value = 1;
    expect((await store.forPspReference(PAYMENT))[0]!.amount.value).toBe(2500);
  });
});

describe.each(databaseKinds())('the PostgreSQL notification store on the %s server', (kind) => {
  let db: TestDatabase;
  let other: Pool;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    other = createPool({ url: db.url, poolMax: 2, applicationName: 'loop-test-other' });
  });
  afterAll(async () => {
    await other.end();
    await db.drop();
  });
  beforeEach(() => db.pool.query('TRUNCATE adyen_notifications'));

  test('a notification recorded by one process is seen by another on the same database', async () => {
    await createPostgresNotificationStore(db.pool).record(fixtureItem('capture'));
    expect((await createPostgresNotificationStore(other).forPspReference(PAYMENT)).map((i) => i.eventCode)).toEqual(['CAPTURE']);
  });

  test('a replay keeps the first copy, even with fields the HMAC does not cover edited', async () => {
    const store = createPostgresNotificationStore(db.pool);
    await store.record({ ...fixtureItem('capture'), eventDate: '2021-07-17T13:42:40+01:00' });
    await createPostgresNotificationStore(other).record({ ...fixtureItem('capture'), eventDate: '2030-01-01T00:00:00+00:00', additionalData: { edited: 'yes' } });
    const [kept, ...more] = await store.forPspReference(PAYMENT);
    expect(more).toEqual([]);
    expect(kept!.eventDate).toBe('2021-07-17T13:42:40+01:00');
    expect(kept!.additionalData?.edited).toBeUndefined();
  });

  test('answers oldest recorded first', async () => {
    const store = createPostgresNotificationStore(db.pool);
    for (const name of ['refund', 'authorisation', 'capture']) await store.record(fixtureItem(name));
    expect((await store.forPspReference(PAYMENT)).map((i) => i.eventCode)).toEqual(['REFUND', 'AUTHORISATION', 'CAPTURE']);
  });
});
