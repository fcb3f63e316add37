import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileNotificationStore, createMemoryNotificationStore, type AdyenNotificationStore } from '../../adapters/adyen';
import { fixtureItem } from './fixtures/adyen/support';

const PAYMENT = 'QFQTPCQ8HXSKGK82';

describe.each([
  ['in memory', () => createMemoryNotificationStore()],
  ['in a JSON file', () => createFileNotificationStore(join(mkdtempSync(join(tmpdir(), 'adyen-store-')), 'notifications.json'))],
])('the Adyen notification store %s', (_name, create: () => AdyenNotificationStore) => {
  test('keeps a notification delivered twice once', async () => {
    const store = create();
    await store.record(fixtureItem('capture'));
    await store.record(fixtureItem('capture'));
    expect(await store.forPspReference(PAYMENT)).toHaveLength(1);
  });

  test('finds a payment\'s own notifications and those that modify it, but not others', async () => {
    const store = create();
    await Promise.all(['authorisation', 'capture', 'refund', 'authorisation-refused'].map((name) => store.record(fixtureItem(name))));
    expect((await store.forPspReference(PAYMENT)).map((i) => i.eventCode).sort()).toEqual(['AUTHORISATION', 'CAPTURE', 'REFUND']);
    expect((await store.forMerchantReference('order-1002')).map((i) => i.pspReference)).toEqual(['RFSD7YQ2LT8XZ9K1']);
  });

  test('hands out copies, so a caller cannot change what was recorded', async () => {
    const store = create();
    await store.record(fixtureItem('capture'));
    (await store.forPspReference(PAYMENT))[0]!.amount.value = 1;
    expect((await store.forPspReference(PAYMENT))[0]!.amount.value).toBe(2500);
  });
});

describe('the file notification store', () => {
  test('keeps every concurrent write, survives a new instance, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adyen-store-'));
    const path = join(dir, 'notifications.json');
    const store = createFileNotificationStore(path);
    await Promise.all(['authorisation', 'capture', 'refund', 'notification-of-chargeback'].map((name) => store.record(fixtureItem(name))));
    expect(await createFileNotificationStore(path).forPspReference(PAYMENT)).toHaveLength(4);
    expect(readdirSync(dir)).toEqual(['notifications.json']);
  });

  test('reads a file that does not exist yet as no notifications', async () => {
    const store = createFileNotificationStore(join(mkdtempSync(join(tmpdir(), 'adyen-store-')), 'missing.json'));
    expect(await store.forPspReference(PAYMENT)).toEqual([]);
  });
});
