import { PortError, WebhookRejected } from '../../activities/ports';
import { fromPayPalAmount, toPayPalAmount } from '../../adapters/paypal/money';
import { createPayPalProcessor, type PayPalConfig } from '../../adapters/paypal/processor';
import { toAuthentication } from '../../adapters/paypal/translate';
import { createPayPalWebhookVerifier } from '../../adapters/paypal/webhooks';
import { disputeDetails, disputeList, disputeSummary } from './fixtures/paypal/disputes';
import { order } from './fixtures/paypal/orders';
import { capture, refund, unprocessable } from './fixtures/paypal/payments';
import { PayPalStandIn } from './fixtures/paypal/stand-in';
import { captureRefunded, disputeCreated, envelope, orderApproved, transmissionHeaders } from './fixtures/paypal/webhooks';

const CAPTURE_ID = '2GG279541U471931P';
const ORDER_ID = '5O190127TN364715T';
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
/** The User-Agent `@paypal/paypal-server-sdk` sends; plain `fetch` sends its own. */
const SDK_USER_AGENT = /^PayPal REST API TypeScript SDK/;

let paypal: PayPalStandIn;
let config: PayPalConfig;
beforeEach(async () => {
  paypal = await new PayPalStandIn().start();
  paypal.captures.set(CAPTURE_ID, capture());
  paypal.orders.set(ORDER_ID, order());
  config = { clientId: 'AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRS', clientSecret: 'EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbL', environment: 'sandbox', baseUrl: paypal.baseUrl, webhookId: '8PT597110X687430LKGECATA' };
});
afterEach(() => paypal.close());

describe('PayPal amounts', () => {
  test.each([
    ['EUR', '12.34', 1234],
    ['EUR', '0.05', 5],
    ['EUR', '100', 10000],
    ['EUR', '19.9', 1990],
    ['JPY', '1500', 1500],
    ['KWD', '1.234', 1234],
    ['TWD', '1500', 150000],
  ])('reads %s "%s" as %i minor units without a float', (currency, value, amountMinor) => {
    expect(fromPayPalAmount({ currency_code: currency, value })).toEqual({ amountMinor, currency });
  });

  test.each([
    ['EUR', 1234, '12.34'],
    ['EUR', 5, '0.05'],
    ['EUR', 10000, '100.00'],
    ['JPY', 1500, '1500'],
    ['KWD', 1234, '1.234'],
    ['TWD', 150000, '1500'],
  ])('writes %s %i minor units as "%s"', (currency, amountMinor, value) => {
    expect(toPayPalAmount({ amountMinor, currency })).toEqual({ currency_code: currency, value });
  });

  test('refuses an amount finer than the currency allows instead of rounding it', () => {
    expect(() => fromPayPalAmount({ currency_code: 'EUR', value: '12.345' })).toThrow(RangeError);
    expect(() => fromPayPalAmount({ currency_code: 'JPY', value: '1500.5' })).toThrow(RangeError);
    expect(() => fromPayPalAmount({ currency_code: 'EUR', value: '12,34' })).toThrow(RangeError);
    expect(() => toPayPalAmount({ amountMinor: 150050, currency: 'TWD' })).toThrow(/whole units/);
  });
});

describe('the PayPal processor adapter, against a local PayPal stand-in', () => {
  test('translates a capture with its order, refunds and dispute into our vocabulary', async () => {
    paypal.disputeLists.set(CAPTURE_ID, disputeList([disputeSummary('PP-D-27803', 'WAITING_FOR_SELLER_RESPONSE', '100.50')]));
    expect(await createPayPalProcessor(config).getTransaction(CAPTURE_ID)).toEqual({
      id: CAPTURE_ID,
      requestedAmount: eur(10000),
      amount: eur(12050),
      authentication: { method: 'THREE_D_SECURE', outcome: 'AUTHENTICATED' },
      declineReason: null,
      createdAt: '2026-10-01T08:00:00Z',
      status: 'SUCCEEDED',
      orderId: 'INV-ORD-1001',
      captures: [{ id: CAPTURE_ID, amount: eur(12050), capturedAt: '2026-10-01T08:00:00Z' }],
      refunds: [{ id: '1JU08902781691411', amount: eur(2000), status: 'SUCCEEDED', createdAt: '2026-10-03T09:00:00Z' }],
      chargebacks: [{ id: 'PP-D-27803', amount: eur(10050), status: 'OPEN', openedAt: '2026-10-05T10:00:00.000Z' }],
    });
    expect(paypal.requestsTo('GET', '/v1/customer/disputes?disputed_transaction_id=2GG279541U471931P')).toHaveLength(1);
  });

  test('names the order by custom_id when the capture has no invoice_id', async () => {
    paypal.captures.set(CAPTURE_ID, capture({ invoice_id: undefined }));
    expect((await createPayPalProcessor(config).getTransaction(CAPTURE_ID))?.orderId).toBe('cart-77');
  });

  test('leaves out refunds of another capture of the same order', async () => {
    const other = refund('9XY00000000000000', '5.00', { links: [{ href: 'https://api-m.sandbox.paypal.com/v2/payments/captures/OTHERCAPTURE', rel: 'up', method: 'GET' }] });
    const twoCaptures = order({}, [refund('1JU08902781691411', '20.00'), other]);
    (twoCaptures.purchase_units[0]!.payments.captures as unknown[]).push(capture({ id: 'OTHERCAPTURE' }));
    paypal.orders.set(ORDER_ID, twoCaptures);
    expect((await createPayPalProcessor(config).getTransaction(CAPTURE_ID))?.refunds.map((r) => r.id)).toEqual(['1JU08902781691411']);
  });

  test.each([
    ['RESOLVED_SELLER_FAVOUR', 'WON'],
    ['RESOLVED_BUYER_FAVOUR', 'LOST'],
    ['RESOLVED_WITH_PAYOUT', 'UNSUPPORTED'],
    ['CANCELED_BY_BUYER', 'UNSUPPORTED'],
  ])('reads a resolved dispute with outcome %s as %s, from the dispute details', async (outcome, status) => {
    paypal.disputeLists.set(CAPTURE_ID, disputeList([disputeSummary('PP-D-1', 'RESOLVED')]));
    paypal.disputes.set('PP-D-1', disputeDetails('PP-D-1', 'RESOLVED', outcome));
    expect((await createPayPalProcessor(config).getTransaction(CAPTURE_ID))?.chargebacks[0]?.status).toBe(status);
  });

  test.each([
    ['APPROVED', 'UNSUPPORTED'],
    ['DECLINED', 'FAILED'],
    ['PENDING', 'PENDING'],
    ['REFUNDED', 'SUCCEEDED'],
  ])('maps capture status %s to %s (one it does not know to UNSUPPORTED, never a guess)', async (native, ours) => {
    paypal.captures.set(CAPTURE_ID, capture({ status: native }));
    expect((await createPayPalProcessor(config).getTransaction(CAPTURE_ID))?.status).toBe(ours);
  });

  test('answers null for a capture PayPal does not have', async () => {
    expect(await createPayPalProcessor(config).getTransaction('0VF52814937998046')).toBeNull();
  });

  test('refuses to claim "no refunds" for a refunded capture whose order it cannot read', async () => {
    paypal.orders.delete(ORDER_ID);
    await expect(createPayPalProcessor(config).getTransaction(CAPTURE_ID)).rejects.toMatchObject({ type: 'PORT_PROTOCOL_ERROR', retryable: false });
  });

  test.each([
    ['3-D Secure status Y', { liability_shift: 'POSSIBLE', three_d_secure: { authentication_status: 'Y' } }, 'THREE_D_SECURE', 'AUTHENTICATED'],
    ['3-D Secure status A', { liability_shift: 'POSSIBLE', three_d_secure: { authentication_status: 'A' } }, 'THREE_D_SECURE', 'ATTEMPTED'],
    ['3-D Secure status N', { liability_shift: 'NO', three_d_secure: { authentication_status: 'N' } }, 'THREE_D_SECURE', 'FAILED'],
    ['3-D Secure status C', { liability_shift: 'UNKNOWN', three_d_secure: { authentication_status: 'C' } }, 'THREE_D_SECURE', 'UNSUPPORTED'],
    ['liability shifted, no 3-D Secure block', { liability_shift: 'YES' }, 'THREE_D_SECURE', 'AUTHENTICATED'],
  ])('reads the payer authentication from the order card result: %s', (_name, result, method, outcome) => {
    expect(toAuthentication(order({ payment_source: { card: { authentication_result: result } } }) as never)).toEqual({ method, outcome });
  });

  test('reads a wallet payment as not authenticated, and a missing order as unknown', () => {
    expect(toAuthentication(order({ payment_source: { paypal: { email_address: 'ada@example.com' } } }) as never)).toEqual({ method: 'NONE', outcome: 'NOT_PERFORMED' });
    expect(toAuthentication(null)).toEqual({ method: 'UNSUPPORTED', outcome: 'UNSUPPORTED' });
  });

  test('sends our idempotency key as PayPal-Request-Id and the amount as a decimal string', async () => {
    const issued = await createPayPalProcessor(config).issueRefund({ transactionId: CAPTURE_ID, amount: eur(2050), reason: 'Overcharge', idempotencyKey: 'dispute-X/refund-1' });
    const [sent] = paypal.requestsTo('POST', `/v2/payments/captures/${CAPTURE_ID}/refund`);
    expect(sent?.headers['paypal-request-id']).toBe('dispute-X/refund-1');
    expect(JSON.parse(sent!.body)).toEqual({ amount: { currency_code: 'EUR', value: '20.50' }, note_to_payer: 'Overcharge', custom_id: 'dispute-X/refund-1' });
    expect(issued).toEqual({ id: expect.any(String), amount: eur(2050), status: 'SUCCEEDED', createdAt: '2026-10-07T12:00:00Z' });
  });

  test('gets the first refund back when the same PayPal-Request-Id is sent again, and PayPal holds only one', async () => {
    const processor = createPayPalProcessor(config);
    const request = { transactionId: CAPTURE_ID, amount: eur(1000), reason: 'Overcharge', idempotencyKey: 'dispute-Y/refund-1' };
    const first = await processor.issueRefund(request);
    const again = await processor.issueRefund(request);
    expect(again).toEqual(first);
    expect(paypal.refunds.size).toBe(1);
  });

  test('finds the refund made under our key through the capture order, and null for a key never used', async () => {
    const processor = createPayPalProcessor(config);
    const issued = await processor.issueRefund({ transactionId: CAPTURE_ID, amount: eur(1000), reason: 'Overcharge', idempotencyKey: 'dispute-Z/refund-1' });
    expect(await processor.findRefundByKey(CAPTURE_ID, 'dispute-Z/refund-1')).toEqual(issued);
    expect(await processor.findRefundByKey(CAPTURE_ID, 'dispute-Z/refund-2')).toBeNull();
    expect(await processor.findRefundByKey('0VF52814937998046', 'dispute-Z/refund-1')).toBeNull();
  });

  test('reads a refund by id, and answers null for one PayPal does not have', async () => {
    paypal.refunds.set('1JU08902781691411', refund('1JU08902781691411', '20.00', { status: 'PENDING' }));
    const processor = createPayPalProcessor(config);
    expect(await processor.getRefund(CAPTURE_ID, '1JU08902781691411')).toEqual({ id: '1JU08902781691411', amount: eur(2000), status: 'PENDING', createdAt: '2026-10-03T09:00:00Z' });
    expect(await processor.getRefund(CAPTURE_ID, 'NOPE')).toBeNull();
  });

  test('refuses locally, as PayPal would, a refund in a fraction of a whole-unit currency', async () => {
    const refused = createPayPalProcessor(config).issueRefund({ transactionId: CAPTURE_ID, amount: { amountMinor: 150050, currency: 'TWD' }, reason: 'x', idempotencyKey: 'k' });
    await expect(refused).rejects.toMatchObject({ type: 'REFUND_REFUSED', retryable: false });
    expect(paypal.requestsTo('POST', '/v2/payments/captures')).toHaveLength(0);
  });

  test.each([
    ['422 REFUND_AMOUNT_EXCEEDED', 422, unprocessable('REFUND_AMOUNT_EXCEEDED', 'The refund amount must be less than or equal to the capture amount that has not yet been refunded.'), {}, { type: 'REFUND_REFUSED', retryable: false, message: 'REFUND_AMOUNT_EXCEEDED: The refund amount must be less than or equal to the capture amount that has not yet been refunded.' }],
    ['422 CAPTURE_FULLY_REFUNDED', 422, unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded'), {}, { type: 'REFUND_REFUSED', retryable: false, message: 'CAPTURE_FULLY_REFUNDED: The capture has already been fully refunded' }],
    ['429 with Retry-After', 429, { name: 'RATE_LIMIT_REACHED', message: 'Too many requests.' }, { 'retry-after': '7' }, { type: 'PROCESSOR_UNAVAILABLE', retryable: true, retryAfterMs: 7000 }],
    ['500', 500, { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.' }, {}, { type: 'PROCESSOR_UNAVAILABLE', retryable: true, retryAfterMs: undefined }],
    ['503 with Retry-After', 503, {}, { 'retry-after': '120' }, { type: 'PROCESSOR_UNAVAILABLE', retryable: true, retryAfterMs: 120_000 }],
    ['409 (the same request still in progress)', 409, { name: 'RESOURCE_CONFLICT', message: 'A previous request is in progress.' }, {}, { type: 'PROCESSOR_UNAVAILABLE', retryable: true }],
    ['403', 403, { name: 'NOT_AUTHORIZED', message: 'Authorization failed due to insufficient permissions.' }, {}, { type: 'PORT_PROTOCOL_ERROR', retryable: false }],
    ['400', 400, { name: 'INVALID_REQUEST', message: 'Request is not well-formed.' }, {}, { type: 'PORT_PROTOCOL_ERROR', retryable: false }],
  ])('maps a refund answered %s to the right PortError', async (_name, status, body, headers, expected) => {
    paypal.failNext('POST', `/v2/payments/captures/${CAPTURE_ID}/refund`, status, body, headers);
    const err = await createPayPalProcessor(config).issueRefund({ transactionId: CAPTURE_ID, amount: eur(100), reason: 'x', idempotencyKey: 'k-err' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortError);
    expect(err).toMatchObject(expected);
  });

  test('treats an unreachable PayPal as a transient fault to retry', async () => {
    const offline = createPayPalProcessor({ ...config, baseUrl: 'http://127.0.0.1:1' });
    await expect(offline.getTransaction(CAPTURE_ID)).rejects.toMatchObject({ type: 'PROCESSOR_UNAVAILABLE', retryable: true });
  });

  test('asks for an OAuth token with the client credentials once and reuses it until it expires', async () => {
    const processor = createPayPalProcessor(config);
    await processor.getRefund(CAPTURE_ID, 'A');
    await processor.getRefund(CAPTURE_ID, 'B');
    const tokenRequests = paypal.requestsTo('POST', '/v1/oauth2/token');
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64')}`);
    expect(tokenRequests[0]?.body).toBe('grant_type=client_credentials');

    paypal.tokenExpiresIn = 30; // inside the renewal margin: already stale when it arrives
    const shortLived = createPayPalProcessor(config);
    await shortLived.getRefund(CAPTURE_ID, 'A');
    await shortLived.getRefund(CAPTURE_ID, 'B');
    expect(paypal.requestsTo('POST', '/v1/oauth2/token')).toHaveLength(3);
  });

  test('fetches a fresh token once when PayPal no longer accepts the cached one', async () => {
    const processor = createPayPalProcessor(config);
    await processor.getRefund(CAPTURE_ID, 'A');
    paypal.revokeTokens();
    expect(await processor.getRefund(CAPTURE_ID, 'A')).toBeNull();
    expect(paypal.requestsTo('POST', '/v1/oauth2/token')).toHaveLength(2);
  });

  test('reports credentials PayPal refuses as a protocol error, not a fault to retry', async () => {
    paypal.failNext('POST', '/v1/oauth2/token', 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
    await expect(createPayPalProcessor(config).getTransaction(CAPTURE_ID)).rejects.toMatchObject({ type: 'PORT_PROTOCOL_ERROR', retryable: false, message: expect.stringContaining('invalid_client') });
  });

  test('issues a refund through the PayPal SDK, which carries our key as PayPal-Request-Id to PayPal', async () => {
    await createPayPalProcessor(config).issueRefund({ transactionId: CAPTURE_ID, amount: eur(2050), reason: 'Overcharge', idempotencyKey: 'dispute-S/refund-1' });
    const [sent] = paypal.requestsTo('POST', `/v2/payments/captures/${CAPTURE_ID}/refund`);
    expect(sent?.headers['user-agent']).toMatch(SDK_USER_AGENT);
    expect(sent?.headers['paypal-request-id']).toBe('dispute-S/refund-1');
    expect(sent?.headers.prefer).toBe('return=representation');
  });

  test('reads captures, orders and refunds through the SDK and disputes over plain fetch, with one shared token', async () => {
    paypal.disputeLists.set(CAPTURE_ID, disputeList([disputeSummary('PP-D-1', 'RESOLVED')]));
    paypal.disputes.set('PP-D-1', disputeDetails('PP-D-1', 'RESOLVED', 'RESOLVED_SELLER_FAVOUR'));
    paypal.refunds.set('1JU08902781691411', refund('1JU08902781691411', '20.00'));
    const processor = createPayPalProcessor(config);
    await processor.getTransaction(CAPTURE_ID);
    await processor.getRefund(CAPTURE_ID, '1JU08902781691411');
    const viaSdk = (method: string, prefix: string) => paypal.requestsTo(method, prefix).map((r) => SDK_USER_AGENT.test(r.headers['user-agent'] ?? ''));
    expect(viaSdk('GET', '/v2/payments/captures/')).toEqual([true]);
    expect(viaSdk('GET', '/v2/checkout/orders/')).toEqual([true]);
    expect(viaSdk('GET', '/v2/payments/refunds/')).toEqual([true]);
    expect(viaSdk('GET', '/v1/customer/disputes')).toEqual([false, false]);
    expect(paypal.requestsTo('POST', '/v1/oauth2/token')).toHaveLength(1);
    const bearers = new Set(paypal.received.filter((r) => r.path !== '/v1/oauth2/token').map((r) => r.headers.authorization));
    expect(bearers.size).toBe(1);
  });

  test('asks PayPal once per call: the SDK retries nothing itself, Temporal does', async () => {
    paypal.failNext('GET', `/v2/payments/captures/${CAPTURE_ID}`, 503, { name: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable.' }, { 'retry-after': '3' });
    await expect(createPayPalProcessor(config).getTransaction(CAPTURE_ID)).rejects.toMatchObject({ type: 'PROCESSOR_UNAVAILABLE', retryable: true, retryAfterMs: 3000 });
    expect(paypal.requestsTo('GET', `/v2/payments/captures/${CAPTURE_ID}`)).toHaveLength(1);
  });

  test('treats PayPal unreachable on an SDK call as a transient fault to retry', async () => {
    const tokenOnly = { call: () => Promise.reject(new Error('not used')), accessToken: () => Promise.resolve('A21AAtoken') };
    const offline = createPayPalProcessor({ ...config, baseUrl: 'http://127.0.0.1:1' }, tokenOnly);
    await expect(offline.getRefund(CAPTURE_ID, '1JU08902781691411')).rejects.toMatchObject({ type: 'PROCESSOR_UNAVAILABLE', retryable: true, message: expect.stringContaining('GET /v2/payments/refunds/1JU08902781691411 unreachable') });
  });

  test('reports a success the SDK cannot read as a protocol error, not a fault to retry', async () => {
    paypal.failNext('GET', '/v2/payments/refunds/1JU08902781691411', 200, 'not a refund');
    await expect(createPayPalProcessor(config).getRefund(CAPTURE_ID, '1JU08902781691411')).rejects.toMatchObject({ type: 'PORT_PROTOCOL_ERROR', retryable: false });
  });

  test('returns no transactions for an order, since PayPal cannot search by invoice id, without calling PayPal', async () => {
    expect(await createPayPalProcessor(config).findTransactionsForOrder('INV-ORD-1001')).toEqual([]);
    expect(paypal.received).toHaveLength(0);
  });
});

describe('the PayPal webhook verifier', () => {
  const body = (event: unknown) => Buffer.from(JSON.stringify(event));

  test('asks PayPal to verify a dispute webhook, then translates it into a chargeback on the disputed capture', async () => {
    const event = await createPayPalWebhookVerifier(config).verify(body(disputeCreated), transmissionHeaders);
    expect(event).toEqual({
      eventId: disputeCreated.id,
      kind: 'CHARGEBACK',
      transactionId: CAPTURE_ID,
      chargeback: { id: 'PP-D-27803', amount: eur(12050), status: 'OPEN', openedAt: '2026-10-05T10:00:00.000Z' },
    });
    const [sent] = paypal.requestsTo('POST', '/v1/notifications/verify-webhook-signature');
    expect(JSON.parse(sent!.body)).toEqual({
      auth_algo: transmissionHeaders['paypal-auth-algo'],
      cert_url: transmissionHeaders['paypal-cert-url'],
      transmission_id: transmissionHeaders['paypal-transmission-id'],
      transmission_sig: transmissionHeaders['paypal-transmission-sig'],
      transmission_time: transmissionHeaders['paypal-transmission-time'],
      webhook_id: config.webhookId,
      webhook_event: disputeCreated,
    });
  });

  test('sends the event back to PayPal byte for byte, as it was signed', async () => {
    const raw = Buffer.from(JSON.stringify(disputeCreated, null, 2));
    await createPayPalWebhookVerifier(config).verify(raw, transmissionHeaders);
    expect(paypal.requestsTo('POST', '/v1/notifications/verify-webhook-signature')[0]?.body).toContain(`"webhook_event":${raw.toString()}`);
  });

  test('translates a capture refund webhook into a settled refund of that capture', async () => {
    expect(await createPayPalWebhookVerifier(config).verify(body(captureRefunded), transmissionHeaders)).toEqual({
      eventId: captureRefunded.id,
      kind: 'REFUND_SETTLEMENT',
      transactionId: CAPTURE_ID,
      refundId: '1JU08902781691411',
      status: 'SUCCEEDED',
    });
  });

  test('ignores, with its reason, an event Loop does not act on and a refund not yet settled', async () => {
    const verifier = createPayPalWebhookVerifier(config);
    expect(await verifier.verify(body(orderApproved), transmissionHeaders)).toEqual({ eventId: orderApproved.id, kind: 'IGNORED', reason: expect.stringContaining('CHECKOUT.ORDER.APPROVED') });
    const pending = envelope('WH-PENDING', 'PAYMENT.CAPTURE.REFUNDED', 'refund', refund('R-PENDING', '1.00', { status: 'PENDING' }));
    expect(await verifier.verify(body(pending), transmissionHeaders)).toMatchObject({ kind: 'IGNORED', reason: expect.stringContaining('PENDING') });
  });

  test('rejects a webhook PayPal answers FAILURE for', async () => {
    paypal.verificationStatus = 'FAILURE';
    await expect(createPayPalWebhookVerifier(config).verify(body(disputeCreated), transmissionHeaders)).rejects.toBeInstanceOf(WebhookRejected);
  });

  test.each(Object.keys(transmissionHeaders))('rejects a webhook without the %s header, without asking PayPal', async (header) => {
    const headers: Record<string, string | undefined> = { ...transmissionHeaders, [header]: undefined };
    await expect(createPayPalWebhookVerifier(config).verify(body(disputeCreated), headers)).rejects.toBeInstanceOf(WebhookRejected);
    expect(paypal.requestsTo('POST', '/v1/notifications/verify-webhook-signature')).toHaveLength(0);
  });

  test('rejects a body that is not a PayPal event', async () => {
    await expect(createPayPalWebhookVerifier(config).verify(Buffer.from('not json'), transmissionHeaders)).rejects.toBeInstanceOf(WebhookRejected);
    await expect(createPayPalWebhookVerifier(config).verify(body({ hello: 'world' }), transmissionHeaders)).rejects.toBeInstanceOf(WebhookRejected);
  });

  test('lets PayPal being down surface as a retryable fault, not a rejection', async () => {
    paypal.failNext('POST', '/v1/notifications/verify-webhook-signature', 503, {});
    await expect(createPayPalWebhookVerifier(config).verify(body(disputeCreated), transmissionHeaders)).rejects.toMatchObject({ type: 'PROCESSOR_UNAVAILABLE', retryable: true });
  });

  test('cannot be built without the webhook id to verify against', () => {
    expect(() => createPayPalWebhookVerifier({ ...config, webhookId: undefined })).toThrow(/webhookId/);
  });
});

describe('PayPal webhook freshness', () => {
  test('refuses a transmission older than 5 minutes before asking PayPal', async () => {
    const { createPayPalWebhookVerifier } = await import('../../adapters/paypal/webhooks');
    let asked = 0;
    const verifier = createPayPalWebhookVerifier(
      { clientId: 'id', clientSecret: 'secret', environment: 'sandbox', webhookId: 'WH-1' },
      { call: async () => { asked += 1; return { verification_status: 'SUCCESS' }; } } as never,
    );
    const stale = { ...transmissionHeaders, 'paypal-transmission-time': new Date(Date.now() - 10 * 60_000).toISOString() };
    await expect(verifier.verify(Buffer.from('{"id":"WH-EVT","event_type":"CUSTOMER.DISPUTE.CREATED"}'), stale)).rejects.toThrow('older than 5 minutes');
    expect(asked).toBe(0);
  });
});
