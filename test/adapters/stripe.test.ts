import type { PaymentProcessor } from '../../activities/ports';
import { createStripeProcessor } from '../../adapters/stripe/processor';
import { resolveStripeMock, startStripeMock, STRIPE_MOCK_MODULE, type RunningStripeMock } from '../../tooling/stripe-mock';

// Contract tests against stripe-mock, which answers from Stripe's OpenAPI spec and validates every
// request against it: these prove we call the API as documented and read what it returns. Its
// answers are fixtures (the same objects whatever the id, only ids and a few echoed parameters
// vary), so assertions are on our translation, never on values stripe-mock invents. Not-found,
// refusals and faults, which stripe-mock never produces, are in stripe-stub.test.ts.

const resolved = resolveStripeMock({ log: (line) => process.stdout.write(`[stripe-mock] ${line}\n`) });
if (resolved.executable === null) console.warn(`Skipping the stripe-mock contract tests: ${resolved.reason}`);
const describeWithStripeMock = resolved.executable === null ? describe.skip : describe;

const TX_STATUSES = ['SUCCEEDED', 'PENDING', 'FAILED', 'UNSUPPORTED'];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describeWithStripeMock(`the Stripe adapter against stripe-mock (${STRIPE_MOCK_MODULE})`, () => {
  let mock: RunningStripeMock;
  let stripe: PaymentProcessor;
  beforeAll(async () => {
    mock = await startStripeMock(resolved.executable!);
    stripe = createStripeProcessor({ secretKey: 'sk_test_123', apiBase: mock.apiBase });
  });
  afterAll(() => mock?.stop());

  test('translates a PaymentIntent, its charges, refunds and disputes into our vocabulary', async () => {
    const tx = await stripe.getTransaction('pi_contract');
    expect(tx).toMatchObject({
      id: 'pi_contract',
      // stripe-mock's PaymentIntent: amount 1099 usd, nothing received, created 1234567890.
      requestedAmount: { amountMinor: 1099, currency: 'USD' },
      amount: { amountMinor: 0, currency: 'USD' },
      createdAt: '2009-02-13T23:31:30.000Z',
      // requires_payment_method with no failed charge: neither paid nor failed, so not guessed.
      status: 'UNSUPPORTED',
      declineReason: null,
      // A 3-D Secure block whose result is null is not read as any outcome.
      authentication: { method: 'THREE_D_SECURE', outcome: 'UNSUPPORTED' },
      captures: [],
    });
    expect(tx!.refunds.length).toBeGreaterThan(0);
    expect(tx!.refunds.every((r) => r.status === 'SUCCEEDED' && r.amount.currency === 'USD' && Number.isSafeInteger(r.amount.amountMinor) && ISO.test(r.createdAt))).toBe(true);
    // stripe-mock's dispute is warning_needs_response: an open inquiry.
    expect(tx!.chargebacks.map((c) => c.status)).toEqual(['OPEN']);
  });

  test('translates a Charge named by its own id', async () => {
    const tx = await stripe.getTransaction('ch_contract');
    expect(tx).toMatchObject({
      id: 'ch_contract',
      requestedAmount: { amountMinor: 100, currency: 'USD' },
      // stripe-mock's charge is succeeded but not captured (amount_captured 0): an authorisation hold,
      // so nothing was taken and the payment is PENDING, not SUCCEEDED.
      amount: { amountMinor: 0, currency: 'USD' },
      status: 'PENDING',
      declineReason: null,
      createdAt: '2009-02-13T23:31:30.000Z',
      captures: [],
    });
    expect(tx!.chargebacks.map((c) => c.status)).toEqual(['OPEN']);
  });

  test('finds an order\'s payments through search, reporting bare charges but not those of a PaymentIntent twice', async () => {
    // stripe-mock's search answers every query with its PaymentIntent and its charge (a charge with no PaymentIntent).
    const found = await stripe.findTransactionsForOrder('ord_1001');
    expect(found.map((t) => t.id.slice(0, 3)).sort()).toEqual(['ch_', 'pi_']);
    expect(found.every((t) => TX_STATUSES.includes(t.status))).toBe(true);
  });

  test('issues a refund of the amount asked on a PaymentIntent and reads it back in our vocabulary', async () => {
    const refund = await stripe.issueRefund({ transactionId: 'pi_contract', amount: { amountMinor: 500, currency: 'USD' }, reason: 'charged twice', idempotencyKey: 'dispute-1/run-1/refund-1' });
    expect(refund).toMatchObject({ id: expect.stringMatching(/^re_/), amount: { amountMinor: 500, currency: 'USD' }, status: 'SUCCEEDED', createdAt: expect.stringMatching(ISO) });
  });

  test('issues a refund on a Charge named by its own id', async () => {
    const refund = await stripe.issueRefund({ transactionId: 'ch_contract', amount: { amountMinor: 40, currency: 'USD' }, reason: 'overcharge', idempotencyKey: 'dispute-2/run-1/refund-1' });
    expect(refund.amount).toEqual({ amountMinor: 40, currency: 'USD' });
  });

  test('refuses, without refunding, an amount in another currency than the payment\'s', async () => {
    const refused = stripe.issueRefund({ transactionId: 'pi_contract', amount: { amountMinor: 500, currency: 'EUR' }, reason: 'x', idempotencyKey: 'k' });
    await expect(refused).rejects.toMatchObject({ type: 'REFUND_REFUSED', retryable: false, message: expect.stringContaining('currency_mismatch') });
  });

  test('reads a refund that belongs to the charge, and finds none under a key never used', async () => {
    // stripe-mock's refund belongs to its fixture charge, whatever refund id is asked.
    const charge = (await stripe.getTransaction('ch_contract'))!;
    const refundId = charge.refunds[0]!.id;
    const ownerCharge = 'ch_1PgafuB7WZ01zgkWXYmPNZs8';
    expect(await stripe.getRefund(ownerCharge, refundId)).toMatchObject({ id: refundId, status: 'SUCCEEDED' });
    expect(await stripe.findRefundByKey('pi_contract', 'never-used')).toBeNull();
  });
});
