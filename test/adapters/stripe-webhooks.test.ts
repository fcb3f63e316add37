import { createHmac } from 'node:crypto';
import { WebhookRejected } from '../../activities/ports';
import { createStripeWebhookVerifier } from '../../adapters/stripe/webhooks';
import { fixture } from './fixtures/stripe/stub-server';

const SECRET = 'whsec_test_loop_disputes';
const verifier = createStripeWebhookVerifier({ webhookSecret: SECRET });

/**
 * Signs as Stripe documents it (https://docs.stripe.com/webhooks#verify-manually):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the endpoint secret>`.
 */
function sign(body: string, { secret = SECRET, at = Math.floor(Date.now() / 1000) } = {}): string {
  return `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
}

function event(type: string, object: Record<string, unknown>, id = 'evt_test_1'): string {
  return JSON.stringify({ id, object: 'event', type, created: 1790090000, livemode: false, data: { object } }, null, 2);
}

const refund = (status: string | null, extra: Record<string, unknown> = {}) => ({ id: 're_1', object: 'refund', amount: 1000, currency: 'eur', created: 1790003600, charge: 'ch_1', payment_intent: 'pi_1', status, metadata: {}, ...extra });

describe('the Stripe webhook verifier', () => {
  test('verifies a signed charge.dispute.created and turns it into a chargeback on the PaymentIntent', async () => {
    const body = JSON.stringify(fixture('event-dispute-created'));
    expect(await verifier.verify(Buffer.from(body), { 'stripe-signature': sign(body) })).toEqual({
      eventId: 'evt_3Q0dispute',
      kind: 'CHARGEBACK',
      transactionId: 'pi_3Q0succeeded',
      chargeback: { id: 'dp_3Q0open', amount: { amountMinor: 4200, currency: 'EUR' }, status: 'OPEN', openedAt: new Date(1790086400 * 1000).toISOString() },
    });
  });

  test('names the charge as the transaction when the disputed payment had no PaymentIntent, and reads a won dispute as WON', async () => {
    const body = event('charge.dispute.closed', { id: 'dp_2', object: 'dispute', amount: 300, currency: 'usd', created: 1790000000, charge: 'ch_legacy', payment_intent: null, status: 'won' });
    expect(await verifier.verify(Buffer.from(body), { 'Stripe-Signature': sign(body) })).toMatchObject({ kind: 'CHARGEBACK', transactionId: 'ch_legacy', chargeback: { status: 'WON' } });
  });

  test('turns a failed refund into a FAILED settlement on the charge, with Stripe\'s failure reason', async () => {
    const body = JSON.stringify(fixture('event-refund-failed'));
    expect(await verifier.verify(Buffer.from(body), { 'stripe-signature': sign(body) })).toEqual({
      eventId: 'evt_3Q0refundfailed',
      kind: 'REFUND_SETTLEMENT',
      transactionId: 'ch_3Q0succeeded',
      refundId: 're_3Q0failed',
      status: 'FAILED',
      reason: 'expired_or_canceled_card',
    });
  });

  test.each(['refund.updated', 'charge.refund.updated'])('turns a %s to succeeded into a SUCCEEDED settlement', async (type) => {
    const body = event(type, refund('succeeded'));
    expect(await verifier.verify(Buffer.from(body), { 'stripe-signature': sign(body) })).toEqual({ eventId: 'evt_test_1', kind: 'REFUND_SETTLEMENT', transactionId: 'pi_1', refundId: 're_1', status: 'SUCCEEDED' });
  });

  test.each([
    ['a refund still pending', event('refund.updated', refund('pending'))],
    ['an event we do not act on', event('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent' })],
  ])('ignores, saying why, %s', async (_what, body) => {
    const translated = await verifier.verify(Buffer.from(body), { 'stripe-signature': sign(body) });
    expect(translated).toMatchObject({ eventId: 'evt_test_1', kind: 'IGNORED', reason: expect.any(String) });
  });

  test('rejects a body signed with another secret', async () => {
    const body = event('refund.updated', refund('succeeded'));
    await expect(verifier.verify(Buffer.from(body), { 'stripe-signature': sign(body, { secret: 'whsec_forged' }) })).rejects.toBeInstanceOf(WebhookRejected);
  });

  test('rejects a correctly signed body whose timestamp is older than the tolerance', async () => {
    const body = event('refund.updated', refund('succeeded'));
    const stale = sign(body, { at: Math.floor(Date.now() / 1000) - 301 });
    await expect(verifier.verify(Buffer.from(body), { 'stripe-signature': stale })).rejects.toThrow(/timestamp outside the tolerance/i);
    await expect(verifier.verify(Buffer.from(body), { 'stripe-signature': stale })).rejects.toBeInstanceOf(WebhookRejected);
  });

  test('rejects a correctly signed body whose timestamp is three days in the future, and accepts one a little ahead (clock skew)', async () => {
    const body = event('refund.updated', refund('succeeded'));
    const now = Math.floor(Date.now() / 1000);
    const ahead = sign(body, { at: now + 3 * 86_400 });
    await expect(verifier.verify(Buffer.from(body), { 'stripe-signature': ahead })).rejects.toBeInstanceOf(WebhookRejected);
    await expect(verifier.verify(Buffer.from(body), { 'stripe-signature': ahead })).rejects.toThrow(/timestamp outside the tolerance/i);
    await expect(verifier.verify(Buffer.from(body), { 'stripe-signature': sign(body, { at: now + 301 }) })).rejects.toBeInstanceOf(WebhookRejected);
    await expect(verifier.verify(Buffer.from(body), { 'stripe-signature': sign(body, { at: now + 60 }) })).resolves.toMatchObject({ kind: 'REFUND_SETTLEMENT' });
  });

  test('accepts an older timestamp when configured with a wider tolerance', async () => {
    const body = event('refund.updated', refund('succeeded'));
    const lenient = createStripeWebhookVerifier({ webhookSecret: SECRET, toleranceSeconds: 3600 });
    await expect(lenient.verify(Buffer.from(body), { 'stripe-signature': sign(body, { at: Math.floor(Date.now() / 1000) - 600 }) })).resolves.toMatchObject({ kind: 'REFUND_SETTLEMENT' });
  });

  test('rejects a body that was re-serialised after signing, because only the raw bytes verify', async () => {
    const body = event('refund.updated', refund('succeeded'));
    const reserialised = JSON.stringify(JSON.parse(body));
    await expect(verifier.verify(Buffer.from(reserialised), { 'stripe-signature': sign(body) })).rejects.toBeInstanceOf(WebhookRejected);
  });

  test('rejects a webhook without a stripe-signature header', async () => {
    await expect(verifier.verify(Buffer.from(event('refund.updated', refund('succeeded'))), {})).rejects.toThrow(new WebhookRejected('missing stripe-signature header'));
  });

  test('rejects a correctly signed body that is not a Stripe event', async () => {
    const body = JSON.stringify({ hello: 'world' });
    await expect(verifier.verify(Buffer.from(body), { 'stripe-signature': sign(body) })).rejects.toBeInstanceOf(WebhookRejected);
  });
});
