import { WebhookRejected } from '../../activities/ports';
import { createAdyenWebhookVerifier, createMemoryNotificationStore, createPostgresNotificationStore, type AdyenNotificationStore } from '../../adapters/adyen';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';
import { OTHER_HMAC_KEY, TEST_HMAC_KEY, fixtureItem, sign, webhookBody } from './fixtures/adyen/support';

// Fixtures follow Adyen's documented webhook examples; fixtures/adyen/README.md names the page for each.
const PAYMENT = 'QFQTPCQ8HXSKGK82';

let store: AdyenNotificationStore;
const verify = (body: Buffer) => createAdyenWebhookVerifier({ hmacKeyHex: TEST_HMAC_KEY }, store).verify(body, {});
beforeEach(() => {
  store = createMemoryNotificationStore();
});

describe('the Adyen webhook verifier', () => {
  test('turns a dispute notification into a CHARGEBACK on the disputed payment and records it', async () => {
    const event = await verify(webhookBody(sign(fixtureItem('notification-of-chargeback'))));
    expect(event).toEqual({
      eventId: 'NOTIFICATION_OF_CHARGEBACK:DSPT9Q8W7E6R5T4Y:true',
      kind: 'CHARGEBACK',
      transactionId: PAYMENT,
      chargeback: { id: 'DSPT9Q8W7E6R5T4Y', amount: { amountMinor: 2500, currency: 'EUR' }, status: 'OPEN', openedAt: '2026-10-10T07:00:00.000Z' },
    });
    expect(await store.forPspReference(PAYMENT)).toHaveLength(1);
  });

  test('reports a reversed chargeback as WON, still opened when its first notification came', async () => {
    await verify(webhookBody(sign(fixtureItem('notification-of-chargeback'))));
    const event = await verify(webhookBody(sign(fixtureItem('chargeback-reversed'))));
    expect(event).toMatchObject({ kind: 'CHARGEBACK', chargeback: { status: 'WON', openedAt: '2026-10-10T07:00:00.000Z' } });
  });

  test('keeps a chargeback WON when its earlier stage is delivered late', async () => {
    await verify(webhookBody(sign(fixtureItem('chargeback-reversed'))));
    expect(await verify(webhookBody(sign(fixtureItem('notification-of-chargeback'))))).toMatchObject({ chargeback: { status: 'WON' } });
  });

  test('ignores, but records, a notification no case acts on', async () => {
    expect(await verify(webhookBody(sign(fixtureItem('authorisation'))))).toMatchObject({ eventId: `AUTHORISATION:${PAYMENT}:true`, kind: 'IGNORED' });
    expect(await verify(webhookBody(sign(fixtureItem('authorisation-adjustment'))))).toMatchObject({ kind: 'IGNORED' });
    expect((await store.forPspReference(PAYMENT)).map((i) => i.eventCode).sort()).toEqual(['AUTHORISATION', 'AUTHORISATION_ADJUSTMENT']);
  });

  test('rejects a notification signed with another key, and records nothing', async () => {
    await expect(verify(webhookBody(sign(fixtureItem('notification-of-chargeback'), OTHER_HMAC_KEY)))).rejects.toBeInstanceOf(WebhookRejected);
    expect(await store.forPspReference(PAYMENT)).toEqual([]);
  });

  test('rejects a notification whose amount was changed after signing', async () => {
    const signed = sign(fixtureItem('refund'));
    await expect(verify(webhookBody({ ...signed, amount: { value: 50_000, currency: 'EUR' } }))).rejects.toThrow(/HMAC/);
  });

  test('rejects a notification without a signature', async () => {
    await expect(verify(webhookBody(fixtureItem('refund')))).rejects.toBeInstanceOf(WebhookRejected);
  });

  test('rejects the whole batch when any one item is forged, and records none of it', async () => {
    const body = webhookBody(sign(fixtureItem('authorisation')), sign(fixtureItem('capture'), OTHER_HMAC_KEY));
    await expect(verify(body)).rejects.toThrow(/item 1/);
    expect(await store.forPspReference(PAYMENT)).toEqual([]);
  });

  test.each([
    ['a body that is not JSON', Buffer.from('pspReference=X&eventCode=AUTHORISATION')],
    ['a body without notificationItems', Buffer.from('{"live":"false"}')],
    ['an item without its amount', Buffer.from(JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: { pspReference: 'X', eventCode: 'REFUND', success: 'true' } }] }))],
  ])('rejects %s', async (_name, body) => {
    await expect(verify(body)).rejects.toBeInstanceOf(WebhookRejected);
  });

  test('refuses an HMAC key that is not hex at construction', () => {
    expect(() => createAdyenWebhookVerifier({ hmacKeyHex: 'not-a-key' }, store)).toThrow(/hex/);
  });
});

describe.each(databaseKinds())('the Adyen webhook verifier over the PostgreSQL store on the %s server', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(kind);
  });
  afterAll(() => db.drop());

  test('records the first notification on a machine with no data folder, for every process on the database', async () => {
    const verifier = createAdyenWebhookVerifier({ hmacKeyHex: TEST_HMAC_KEY }, createPostgresNotificationStore(db.pool));
    await expect(verifier.verify(webhookBody(sign(fixtureItem('notification-of-chargeback'))), {})).resolves.toMatchObject({ kind: 'CHARGEBACK', transactionId: PAYMENT });
    const { rows } = await db.pool.query('SELECT psp_reference FROM adyen_notifications');
    expect(rows).toEqual([{ psp_reference: 'DSPT9Q8W7E6R5T4Y' }]);
  });
});
