import { createHash } from 'node:crypto';
import { PortError, type PaymentProcessor } from '../../activities/ports';
import { createAdyenProcessor, createAdyenWebhookVerifier, createMemoryNotificationStore, type AdyenNotificationStore } from '../../adapters/adyen';
import { TEST_HMAC_KEY, fixtureItem, sign, startCheckoutStandIn, webhookBody, type ReceivedRequest } from './fixtures/adyen/support';

// Fixtures follow Adyen's documented webhook examples; fixtures/adyen/README.md names the page for each.
const PAYMENT = 'QFQTPCQ8HXSKGK82';
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

let standIn: Awaited<ReturnType<typeof startCheckoutStandIn>>;
beforeAll(async () => {
  standIn = await startCheckoutStandIn();
});
afterAll(() => standIn.close());

let store: AdyenNotificationStore;
let processor: PaymentProcessor;
const verifier = () => createAdyenWebhookVerifier({ hmacKeyHex: TEST_HMAC_KEY }, store);
const deliver = (...names: string[]) => Promise.all(names.map((name) => verifier().verify(webhookBody(sign(fixtureItem(name))), {})));
const requestsFor = (psp: string): ReceivedRequest[] => standIn.requests.filter((r) => r.url.includes(`/payments/${psp}/refunds`));

beforeEach(() => {
  store = createMemoryNotificationStore();
  processor = createAdyenProcessor({ apiKey: 'test_api_key', merchantAccount: 'LoopECOM', environment: 'TEST', checkoutBaseUrl: standIn.url }, store);
});

describe('the Adyen processor adapter, reading payments from their notifications', () => {
  test('assembles a transaction from its AUTHORISATION, CAPTURE, REFUND and dispute notifications', async () => {
    await deliver('authorisation', 'capture', 'refund', 'notification-of-chargeback');
    expect(await processor.getTransaction(PAYMENT)).toEqual({
      id: PAYMENT,
      requestedAmount: eur(2500),
      amount: eur(2500),
      authentication: { method: 'THREE_D_SECURE', outcome: 'AUTHENTICATED' },
      declineReason: null,
      createdAt: '2026-10-01T08:00:00.000Z',
      status: 'SUCCEEDED',
      orderId: 'order-1001',
      captures: [{ id: 'CPTR5WQ3ZX9L2M4N', amount: eur(2500), capturedAt: '2026-10-01T10:00:00.000Z' }],
      refunds: [{ id: 'RFND3K8D2C7B6A5Z', amount: eur(500), status: 'SUCCEEDED', createdAt: '2026-10-03T06:00:00.000Z' }],
      chargebacks: [{ id: 'DSPT9Q8W7E6R5T4Y', amount: eur(2500), status: 'OPEN', openedAt: '2026-10-10T07:00:00.000Z' }],
    });
  });

  test('answers null for a PSP reference no notification mentions', async () => {
    await deliver('authorisation');
    expect(await processor.getTransaction('NOSUCHPSPREF0000')).toBeNull();
  });

  test('marks the transaction UNSUPPORTED when a notification it does not model concerns the payment', async () => {
    await deliver('authorisation', 'authorisation-adjustment');
    expect((await processor.getTransaction(PAYMENT))?.status).toBe('UNSUPPORTED');
  });

  test('reports a refused authorisation as FAILED, a CVC decline as the customer\'s details', async () => {
    await deliver('authorisation-refused');
    expect(await processor.getTransaction('RFSD7YQ2LT8XZ9K1')).toMatchObject({ status: 'FAILED', declineReason: 'CUSTOMER_DETAILS', amount: eur(4000) });
  });

  test('reports a refusal for any other reason (not enough balance) as OTHER', async () => {
    await verifier().verify(webhookBody(sign(fixtureItem('authorisation-refused', { reason: 'Not enough balance' }))), {});
    expect((await processor.getTransaction('RFSD7YQ2LT8XZ9K1'))?.declineReason).toBe('OTHER');
  });

  test('reads an authorisation without 3-D Secure data as no authentication performed', async () => {
    await verifier().verify(webhookBody(sign(fixtureItem('authorisation', { additionalData: { authCode: '058705' } }))), {});
    expect((await processor.getTransaction(PAYMENT))?.authentication).toEqual({ method: 'NONE', outcome: 'NOT_PERFORMED' });
  });

  test('finds every payment for an order by its merchantReference, and none for another order', async () => {
    await deliver('authorisation', 'capture', 'authorisation-refused');
    expect((await processor.findTransactionsForOrder('order-1001')).map((t) => t.id)).toEqual([PAYMENT]);
    expect(await processor.findTransactionsForOrder('order-9999')).toEqual([]);
  });

  test('refuses to describe a payment whose AUTHORISATION never arrived rather than guess its amount', async () => {
    await deliver('capture');
    await expect(processor.getTransaction(PAYMENT)).rejects.toMatchObject({ type: 'PORT_PROTOCOL_ERROR', retryable: false });
  });
});

describe('the Adyen processor adapter, refunding through the Checkout modifications API', () => {
  const request = { transactionId: PAYMENT, amount: eur(700), reason: 'overcharge', idempotencyKey: 'dispute-B/run/refund-1' };

  test('sends the refund with our idempotency key as header and reference, and returns it PENDING', async () => {
    await deliver('authorisation');
    const refund = await processor.issueRefund(request);
    const [sent] = requestsFor(PAYMENT);
    // Adyen keys are at most 64 characters: the SHA-256 of ours; the full key is the reference.
    expect(sent?.headers['idempotency-key']).toBe(createHash('sha256').update('dispute-B/run/refund-1').digest('hex'));
    expect(sent?.headers['x-api-key']).toBe('test_api_key');
    expect(sent?.body).toEqual({ merchantAccount: 'LoopECOM', amount: { value: 700, currency: 'EUR' }, reference: 'dispute-B/run/refund-1' });
    expect(refund).toMatchObject({ id: expect.stringMatching(/^RFND/), amount: eur(700), status: 'PENDING' });
  });

  test('finds the submitted refund by its key, and returns it again instead of refunding twice', async () => {
    const first = await processor.issueRefund({ ...request, transactionId: 'PAYMENT0000000002' });
    expect(await processor.findRefundByKey('PAYMENT0000000002', request.idempotencyKey)).toEqual(first);
    expect(await processor.findRefundByKey('PAYMENT0000000002', 'another-key')).toBeNull();
    expect(await processor.issueRefund({ ...request, transactionId: 'PAYMENT0000000002' })).toEqual(first);
    expect(requestsFor('PAYMENT0000000002')).toHaveLength(1);
  });

  test('settles the refund when its REFUND notification arrives', async () => {
    await deliver('authorisation');
    const refund = await processor.issueRefund(request);
    const settledAt = new Date(Date.parse(refund.createdAt) + 3_600_000).toISOString();
    const notification = fixtureItem('refund', { pspReference: refund.id, merchantReference: request.idempotencyKey, amount: { value: 700, currency: 'EUR' }, eventDate: settledAt });
    const event = await verifier().verify(webhookBody(sign(notification)), {});
    expect(event).toEqual({ eventId: `REFUND:${refund.id}:true`, kind: 'REFUND_SETTLEMENT', transactionId: PAYMENT, refundId: refund.id, status: 'SUCCEEDED' });
    expect(await processor.getRefund(PAYMENT, refund.id)).toMatchObject({ id: refund.id, status: 'SUCCEEDED', amount: eur(700), createdAt: refund.createdAt });
    expect((await processor.getTransaction(PAYMENT))?.refunds).toEqual([expect.objectContaining({ id: refund.id, status: 'SUCCEEDED' })]);
  });

  test('settles the refund as FAILED, with Adyen\'s reason, when the REFUND notification says success false', async () => {
    const refund = await processor.issueRefund(request);
    const failed = fixtureItem('refund', { pspReference: refund.id, merchantReference: request.idempotencyKey, success: 'false', reason: 'Insufficient balance on payment' });
    expect(await verifier().verify(webhookBody(sign(failed)), {})).toMatchObject({ kind: 'REFUND_SETTLEMENT', status: 'FAILED', reason: 'REFUND: Insufficient balance on payment' });
    expect((await processor.getRefund(PAYMENT, refund.id))?.status).toBe('FAILED');
  });

  test('answers null for a refund it has never seen', async () => {
    expect(await processor.getRefund(PAYMENT, 'RFNDUNKNOWN00000')).toBeNull();
  });

  test.each([
    { answer: '422 validation error', psp: 'STATUS-422-A', type: 'REFUND_REFUSED', retryable: false, message: '167: Original pspReference required for this operation', retryAfterMs: undefined },
    { answer: '429 with Retry-After: 7', psp: 'STATUS-429-A', type: 'PROCESSOR_UNAVAILABLE', retryable: true, message: 'Too many requests', retryAfterMs: 7000 },
    { answer: '500 with an HTML page', psp: 'STATUS-500-A', type: 'PROCESSOR_UNAVAILABLE', retryable: true, message: '500', retryAfterMs: undefined },
    { answer: '401 unauthorised', psp: 'STATUS-401-A', type: 'PORT_PROTOCOL_ERROR', retryable: false, message: 'Unauthorized', retryAfterMs: undefined },
    { answer: '403 forbidden', psp: 'STATUS-403-A', type: 'PORT_PROTOCOL_ERROR', retryable: false, message: 'Not allowed', retryAfterMs: undefined },
  ])('maps a $answer to $type (retryable: $retryable)', async ({ psp, type, retryable, message, retryAfterMs }) => {
    const attempt = processor.issueRefund({ ...request, transactionId: psp });
    await expect(attempt).rejects.toBeInstanceOf(PortError);
    await expect(attempt).rejects.toMatchObject({ type, retryable, message: expect.stringContaining(message), retryAfterMs });
    expect(await processor.findRefundByKey(psp, request.idempotencyKey)).toBeNull();
  });

  test('maps no answer at all (connection refused) to PROCESSOR_UNAVAILABLE, retryable', async () => {
    const closed = await startCheckoutStandIn();
    await closed.close();
    const offline = createAdyenProcessor({ apiKey: 'k', merchantAccount: 'LoopECOM', environment: 'TEST', checkoutBaseUrl: closed.url }, store);
    await expect(offline.issueRefund(request)).rejects.toMatchObject({ type: 'PROCESSOR_UNAVAILABLE', retryable: true });
  });

  test('refuses a LIVE configuration without its endpoint prefix at construction', () => {
    expect(() => createAdyenProcessor({ apiKey: 'k', merchantAccount: 'm', environment: 'LIVE' }, store)).toThrow(/liveEndpointUrlPrefix/);
  });
});
