import { PortError } from '../../activities/ports';
import { createStripeProcessor } from '../../adapters/stripe/processor';
import { freePort } from '../../tooling/stripe-mock';
import { fixture, list, on, resourceMissing, startStripeStub, stripeError, type Route, type StripeStub } from './fixtures/stripe/stub-server';

// stripe-mock answers every id with a fixture and never fails, so not-found, refusals, faults and
// what exactly we send are tested against a local stub that answers in Stripe's documented shapes.

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

const succeeded: Route[] = [
  on('GET', '/v1/payment_intents/pi_3Q0succeeded', { status: 200, body: fixture('payment-intent-succeeded') }),
  on('GET', '/v1/charges', { status: 200, body: list([fixture('charge-succeeded-3ds')]) }),
  on('GET', '/v1/refunds', { status: 200, body: list([fixture('refund-pending')]) }),
  on('GET', '/v1/disputes', { status: 200, body: list([fixture('dispute-lost')]) }),
];

let stub: StripeStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function processorOver(routes: Route[], timeoutMs?: number) {
  stub = await startStripeStub(routes);
  return createStripeProcessor({ secretKey: 'sk_test_stub', apiBase: stub.apiBase, ...(timeoutMs ? { timeoutMs } : {}) });
}

describe('the Stripe adapter, reading payments', () => {
  test('translates a paid, 3-D Secure authenticated PaymentIntent with its capture, refund and lost dispute', async () => {
    const processor = await processorOver(succeeded);
    expect(await processor.getTransaction('pi_3Q0succeeded')).toEqual({
      id: 'pi_3Q0succeeded',
      requestedAmount: eur(4200),
      amount: eur(4200),
      authentication: { method: 'THREE_D_SECURE', outcome: 'AUTHENTICATED' },
      declineReason: null,
      createdAt: new Date(1790000000 * 1000).toISOString(),
      status: 'SUCCEEDED',
      orderId: 'ord_1001',
      captures: [{ id: 'ch_3Q0succeeded', amount: eur(4200), capturedAt: new Date(1790000005 * 1000).toISOString() }],
      refunds: [{ id: 're_3Q0pending', amount: eur(1000), status: 'PENDING', createdAt: new Date(1790003600 * 1000).toISOString() }],
      chargebacks: [{ id: 'dp_3Q0lost', amount: eur(4200), status: 'LOST', openedAt: new Date(1790086400 * 1000).toISOString() }],
    });
    expect(stub!.requests.find((r) => r.path === '/v1/refunds')!.query.get('payment_intent')).toBe('pi_3Q0succeeded');
  });

  test('reports a PaymentIntent whose charge failed on a wrong CVC as FAILED because of the customer\'s details', async () => {
    const processor = await processorOver([
      on('GET', '/v1/payment_intents/pi_3Q0failed', { status: 200, body: fixture('payment-intent-failed') }),
      on('GET', '/v1/charges', { status: 200, body: list([fixture('charge-failed-incorrect-cvc')]) }),
      on('GET', '/v1/refunds', { status: 200, body: list([]) }),
      on('GET', '/v1/disputes', { status: 200, body: list([]) }),
    ]);
    expect(await processor.getTransaction('pi_3Q0failed')).toMatchObject({
      status: 'FAILED',
      declineReason: 'CUSTOMER_DETAILS',
      amount: eur(0),
      requestedAmount: eur(2500),
      authentication: { method: 'NONE', outcome: 'NOT_PERFORMED' },
      captures: [],
    });
  });

  test.each(['pi_missing', 'ch_missing'])('answers null for %s, which Stripe does not have (404 resource_missing)', async (id) => {
    const processor = await processorOver([]);
    expect(await processor.getTransaction(id)).toBeNull();
    expect(stub!.requests).toHaveLength(1);
  });

  test('answers null, without asking Stripe, for an id that is neither a PaymentIntent nor a Charge', async () => {
    const processor = await processorOver([]);
    expect(await processor.getTransaction('tx_sandbox_1')).toBeNull();
    expect(stub!.requests).toHaveLength(0);
  });

  test('searches PaymentIntents by the order_id metadata, quoting the order id', async () => {
    const processor = await processorOver([
      on('GET', '/v1/payment_intents/search', { status: 200, body: { object: 'search_result', data: [fixture('payment-intent-succeeded')], has_more: false, url: '/v1/payment_intents/search' } }),
      on('GET', '/v1/charges/search', { status: 200, body: { object: 'search_result', data: [fixture('charge-succeeded-3ds')], has_more: false, url: '/v1/charges/search' } }),
      ...succeeded,
    ]);
    const found = await processor.findTransactionsForOrder("ord_it's");
    // The charge belongs to the PaymentIntent: reported once, through it.
    expect(found.map((t) => t.id)).toEqual(['pi_3Q0succeeded']);
    expect(stub!.requests.find((r) => r.path === '/v1/payment_intents/search')!.query.get('query')).toBe("metadata['order_id']:'ord_it\\'s'");
  });

  test('finds the refund made under our idempotency key, and none under another key', async () => {
    const processor = await processorOver(succeeded);
    expect(await processor.findRefundByKey('pi_3Q0succeeded', 'dispute-42/run-1/refund-1')).toMatchObject({ id: 're_3Q0pending', status: 'PENDING' });
    expect(await processor.findRefundByKey('pi_3Q0succeeded', 'dispute-42/run-1/refund-2')).toBeNull();
  });

  test('reads a refund of the transaction, and treats a refund of another transaction or an unknown one as unknown', async () => {
    const processor = await processorOver([on('GET', '/v1/refunds/re_3Q0pending', { status: 200, body: fixture('refund-pending') })]);
    expect(await processor.getRefund('pi_3Q0succeeded', 're_3Q0pending')).toMatchObject({ id: 're_3Q0pending', amount: eur(1000), status: 'PENDING' });
    expect(await processor.getRefund('pi_someone_else', 're_3Q0pending')).toBeNull();
    expect(await processor.getRefund('pi_3Q0succeeded', 're_missing')).toBeNull();
  });
});

describe('the Stripe adapter, refunding', () => {
  const request = { transactionId: 'pi_3Q0succeeded', amount: eur(1000), reason: 'charged twice for order 1001', idempotencyKey: 'dispute-42/run-1/refund-1' };
  const refundCreated = on('POST', '/v1/refunds', { status: 200, body: fixture('refund-pending') });

  test('sends our idempotency key both as Stripe\'s Idempotency-Key header and in the refund\'s metadata', async () => {
    const processor = await processorOver([...succeeded, refundCreated]);
    expect(await processor.issueRefund(request)).toMatchObject({ id: 're_3Q0pending', amount: eur(1000), status: 'PENDING' });
    const sent = stub!.requests.find((r) => r.method === 'POST')!;
    expect(sent.headers['idempotency-key']).toBe('dispute-42/run-1/refund-1');
    expect(Object.fromEntries(sent.form)).toEqual({
      payment_intent: 'pi_3Q0succeeded',
      amount: '1000',
      'metadata[idempotency_key]': 'dispute-42/run-1/refund-1',
      'metadata[loop_reason]': 'charged twice for order 1001',
    });
  });

  test('refuses for good, before asking Stripe to refund, an amount in another currency than the payment\'s', async () => {
    const processor = await processorOver([...succeeded, refundCreated]);
    const refused = processor.issueRefund({ ...request, amount: { amountMinor: 1000, currency: 'USD' } });
    await expect(refused).rejects.toMatchObject({ type: 'REFUND_REFUSED', retryable: false, message: expect.stringContaining('currency_mismatch') });
    expect(stub!.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  test.each([
    ['charge_already_refunded', 'Charge ch_3Q0succeeded has already been refunded.'],
    ['charge_disputed', 'Charge ch_3Q0succeeded has been charged back; cannot issue a refund.'],
  ])('refuses for good a refund Stripe answers with %s', async (code, message) => {
    const processor = await processorOver([...succeeded, on('POST', '/v1/refunds', stripeError(400, 'invalid_request_error', code, message))]);
    await expect(processor.issueRefund(request)).rejects.toMatchObject({ type: 'REFUND_REFUSED', retryable: false, message: `${code}: ${message}` });
  });
});

// Error bodies follow Stripe's documented shape, https://docs.stripe.com/api/errors:
// `{ error: { type, code, message } }` with the HTTP status codes listed there.
describe('the Stripe adapter, when Stripe or the network fails', () => {
  const refund = { transactionId: 'pi_3Q0succeeded', amount: eur(1000), reason: 'overcharge', idempotencyKey: 'k-1' };
  test.each([
    ['429 with Retry-After', stripeError(429, 'invalid_request_error', 'rate_limit', 'Too many requests', { 'retry-after': '7' }), { type: 'PROCESSOR_UNAVAILABLE', retryable: true, retryAfterMs: 7000 }],
    ['500', stripeError(500, 'api_error', undefined, 'Something went wrong on Stripe\'s end.'), { type: 'PROCESSOR_UNAVAILABLE', retryable: true, retryAfterMs: undefined }],
    ['503 with Retry-After', stripeError(503, 'api_error', undefined, 'Service unavailable', { 'retry-after': '2' }), { type: 'PROCESSOR_UNAVAILABLE', retryable: true, retryAfterMs: 2000 }],
    ['409 lock_timeout that Stripe says to retry', stripeError(409, 'invalid_request_error', 'lock_timeout', 'Another request is operating on this object', { 'stripe-should-retry': 'true' }), { type: 'PROCESSOR_UNAVAILABLE', retryable: true }],
    ['400 amount_too_large', stripeError(400, 'invalid_request_error', 'amount_too_large', 'Refund amount (€50.00) is greater than unrefunded amount on charge (€42.00)'), { type: 'REFUND_REFUSED', retryable: false, message: expect.stringContaining('amount_too_large') }],
    ['401', stripeError(401, 'invalid_request_error', undefined, 'Invalid API Key provided: sk_test_****stub'), { type: 'PORT_PROTOCOL_ERROR', retryable: false }],
    ['403', stripeError(403, 'invalid_request_error', 'secret_key_required', 'This API call cannot be made with a publishable API key.'), { type: 'PORT_PROTOCOL_ERROR', retryable: false }],
    ['400 idempotency_error', stripeError(400, 'idempotency_error', undefined, 'Keys for idempotent requests can only be used with the same parameters'), { type: 'PORT_PROTOCOL_ERROR', retryable: false }],
  ])('turns a refund answered %s into the PortError the workflow expects', async (_name, answer, expected) => {
    const processor = await processorOver([...succeeded, on('POST', '/v1/refunds', answer)]);
    const failed = processor.issueRefund(refund);
    await expect(failed).rejects.toBeInstanceOf(PortError);
    await expect(failed).rejects.toMatchObject(expected);
  });

  test('makes a read that Stripe answers 503 retryable after its Retry-After, leaving the retry to Temporal', async () => {
    // stripe-should-retry: true is what would make the SDK retry by itself if it were allowed to.
    const busy = stripeError(503, 'api_error', undefined, 'Service unavailable', { 'retry-after': '3', 'stripe-should-retry': 'true' });
    const processor = await processorOver([on('GET', '/v1/payment_intents/pi_busy', busy)]);
    await expect(processor.getTransaction('pi_busy')).rejects.toMatchObject({ type: 'PROCESSOR_UNAVAILABLE', retryable: true, retryAfterMs: 3000 });
    expect(stub!.requests).toHaveLength(1);
  });

  test('makes a refused connection a retryable PROCESSOR_UNAVAILABLE', async () => {
    const processor = createStripeProcessor({ secretKey: 'sk_test_stub', apiBase: `http://127.0.0.1:${await freePort()}` });
    await expect(processor.getTransaction('pi_any')).rejects.toMatchObject({ type: 'PROCESSOR_UNAVAILABLE', retryable: true });
  });

  test('makes a request that outlives timeoutMs a retryable PROCESSOR_UNAVAILABLE', async () => {
    const processor = await processorOver([on('GET', '/v1/payment_intents/pi_slow', { status: 200, hang: true })], 200);
    await expect(processor.getTransaction('pi_slow')).rejects.toMatchObject({ type: 'PROCESSOR_UNAVAILABLE', retryable: true, message: expect.stringContaining('timeout') });
  });

  test('lets Stripe\'s resource_missing on a read mean "none", but not on a refund', async () => {
    const processor = await processorOver([on('GET', '/v1/payment_intents/pi_gone', resourceMissing('pi_gone'))]);
    expect(await processor.getTransaction('pi_gone')).toBeNull();
    await expect(processor.issueRefund({ ...refund, transactionId: 'pi_gone' })).rejects.toMatchObject({ type: 'REFUND_REFUSED', retryable: false });
  });
});
