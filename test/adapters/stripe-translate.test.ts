import type Stripe from 'stripe';
import { retryAfterMs } from '../../adapters/translate';
import { authenticationOf, declineReasonOf, toChargebackRecord, toRefundRecord } from '../../adapters/stripe/translate';

const refund = (status: string | null) => ({ id: 're_1', amount: 1, currency: 'eur', created: 0, status }) as Stripe.Refund;
const dispute = (status: string) => ({ id: 'dp_1', amount: 1, currency: 'eur', created: 0, status }) as Stripe.Dispute;
const charge = (fields: { status?: string; failure_code?: string | null; reason?: string | null; threeDSecure?: { result: string | null } | null }) =>
  ({
    status: fields.status ?? 'failed',
    failure_code: fields.failure_code ?? null,
    outcome: { reason: fields.reason ?? null },
    payment_method_details: { type: 'card', card: { three_d_secure: fields.threeDSecure ?? null } },
  }) as unknown as Stripe.Charge;

describe('the Stripe translation tables', () => {
  test.each([
    ['succeeded', 'SUCCEEDED'], ['pending', 'PENDING'], ['requires_action', 'PENDING'], ['failed', 'FAILED'], ['canceled', 'FAILED'], [null, 'UNSUPPORTED'], ['reversed', 'UNSUPPORTED'],
  ])('reads a refund with status %s as %s', (status, ours) => {
    expect(toRefundRecord(refund(status)).status).toBe(ours);
  });

  test.each([
    ['needs_response', 'OPEN'], ['under_review', 'OPEN'], ['warning_needs_response', 'OPEN'], ['warning_under_review', 'OPEN'],
    ['won', 'WON'], ['warning_closed', 'WON'], ['lost', 'LOST'], ['prevented', 'UNSUPPORTED'], ['appeal_under_review', 'UNSUPPORTED'],
  ])('reads a dispute with status %s as %s', (status, ours) => {
    expect(toChargebackRecord(dispute(status)).status).toBe(ours);
  });

  test.each([
    ['authenticated', 'AUTHENTICATED'], ['attempt_acknowledged', 'ATTEMPTED'], ['failed', 'FAILED'], ['not_supported', 'NOT_PERFORMED'], ['processing_error', 'UNSUPPORTED'],
    ['exempted', 'UNSUPPORTED'], [null, 'UNSUPPORTED'],
  ])('reads a 3-D Secure result %s as %s', (result, outcome) => {
    expect(authenticationOf(charge({ threeDSecure: { result } }))).toEqual({ method: 'THREE_D_SECURE', outcome });
  });

  test('reads a charge without 3-D Secure, or no charge at all, as not authenticated', () => {
    expect(authenticationOf(charge({ threeDSecure: null }))).toEqual({ method: 'NONE', outcome: 'NOT_PERFORMED' });
    expect(authenticationOf(undefined)).toEqual({ method: 'NONE', outcome: 'NOT_PERFORMED' });
  });

  test.each([
    [{ failure_code: 'expired_card' }, 'CUSTOMER_DETAILS'],
    [{ failure_code: 'card_declined', reason: 'incorrect_zip' }, 'CUSTOMER_DETAILS'],
    [{ failure_code: 'card_declined', reason: 'generic_decline' }, 'OTHER'],
    [{ failure_code: null, reason: null }, 'OTHER'],
    [{ status: 'succeeded' }, null],
  ])('reads the decline of a charge %j as %s', (fields, ours) => {
    expect(declineReasonOf(charge(fields))).toBe(ours);
  });

  test('reads Retry-After in seconds or as an HTTP date, and ignores anything else', () => {
    const now = Date.parse('2026-11-25T08:00:00Z');
    expect(retryAfterMs('12', now)).toBe(12_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
