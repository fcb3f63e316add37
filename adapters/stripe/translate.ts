import type Stripe from 'stripe';
import type { Money } from '../../domain/money';
import type { Authentication, ChargebackRecord, ProcessorTransaction, RefundRecord } from '../../domain/vocabulary';
import { translate } from '../translate';

// Stripe's own words on the left (https://docs.stripe.com/api), ours on the right. A status missing
// here is one we have not decided what to make of: it translates to UNSUPPORTED, never a guess.
const PAYMENT_INTENT_STATUS = { succeeded: 'SUCCEEDED', processing: 'PENDING' } as const;
const CHARGE_STATUS = { succeeded: 'SUCCEEDED', pending: 'PENDING', failed: 'FAILED' } as const;
/** PaymentIntent statuses that mean "failed" only when a charge was tried and failed (else: never attempted, or cancelled). */
const FAILED_WHEN_A_CHARGE_FAILED = new Set(['requires_payment_method', 'canceled']);
const REFUND_STATUS = { succeeded: 'SUCCEEDED', pending: 'PENDING', requires_action: 'PENDING', failed: 'FAILED', canceled: 'FAILED' } as const;
const DISPUTE_STATUS = {
  needs_response: 'OPEN',
  under_review: 'OPEN',
  warning_needs_response: 'OPEN',
  warning_under_review: 'OPEN',
  won: 'WON',
  warning_closed: 'WON',
  lost: 'LOST',
} as const;
const THREE_D_SECURE_RESULT = {
  authenticated: 'AUTHENTICATED',
  attempt_acknowledged: 'ATTEMPTED',
  failed: 'FAILED',
  not_supported: 'NOT_PERFORMED',
  // processing_error: 3-D Secure was attempted and broke; not known to be NOT_PERFORMED, so UNSUPPORTED.
} as const;
/** Failure codes (and outcome reasons) that mean the customer's own card details were wrong. */
const CUSTOMER_DETAIL_DECLINES = new Set(['incorrect_number', 'invalid_number', 'incorrect_cvc', 'invalid_cvc', 'expired_card', 'invalid_expiry_month', 'invalid_expiry_year', 'incorrect_zip']);

/** Stripe amounts are already integer minor units; currencies are lower-case ISO 4217. */
export function toMoney(amount: number, currency: string): Money {
  return { amountMinor: amount, currency: currency.toUpperCase() };
}

/** Unix seconds to ISO 8601. */
export function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** The id of a field Stripe returns either as an id or, when expanded, as the object. */
export function idOf(field: string | { id: string } | null | undefined): string | null {
  return field == null ? null : typeof field === 'string' ? field : field.id;
}

/** The transaction a refund or dispute belongs to, as our callers name it: the PaymentIntent, else the Charge. */
export function transactionIdOf(object: { payment_intent: string | { id: string } | null; charge: string | { id: string } | null }): string | null {
  return idOf(object.payment_intent) ?? idOf(object.charge);
}

export function toRefundRecord(refund: Stripe.Refund): RefundRecord {
  return { id: refund.id, amount: toMoney(refund.amount, refund.currency), status: translate(REFUND_STATUS, refund.status), createdAt: isoFromUnix(refund.created) };
}

export function toChargebackRecord(dispute: Stripe.Dispute): ChargebackRecord {
  return { id: dispute.id, amount: toMoney(dispute.amount, dispute.currency), status: translate(DISPUTE_STATUS, dispute.status), openedAt: isoFromUnix(dispute.created) };
}

/** 3-D Secure as the charge's card details record it; no 3-D Secure block means none was performed. */
export function authenticationOf(charge: Stripe.Charge | undefined): Authentication {
  const threeDSecure = charge?.payment_method_details?.card?.three_d_secure;
  if (!threeDSecure) return { method: 'NONE', outcome: 'NOT_PERFORMED' };
  return { method: 'THREE_D_SECURE', outcome: translate(THREE_D_SECURE_RESULT, threeDSecure.result) };
}

/** Why the charge was declined: the customer's details when either code says so, OTHER for any other failure. */
export function declineReasonOf(charge: Stripe.Charge | undefined): ProcessorTransaction['declineReason'] {
  if (!charge || (charge.failure_code === null && charge.status !== 'failed')) return null;
  const codes = [charge.failure_code, charge.outcome?.reason];
  return codes.some((code) => code != null && CUSTOMER_DETAIL_DECLINES.has(code)) ? 'CUSTOMER_DETAILS' : 'OTHER';
}

/** Everything Stripe keeps beside the payment itself, fetched by the processor for one transaction. */
export interface StripeRelated {
  charges: Stripe.Charge[];
  refunds: Stripe.Refund[];
  disputes: Stripe.Dispute[];
}

/**
 * Stripe records no capture time on a charge, so a capture is dated by its charge's creation. A
 * charge that captured nothing (failed, or only authorised) is not a capture.
 */
function capturesOf(charges: Stripe.Charge[]): ProcessorTransaction['captures'] {
  return charges.filter((c) => c.amount_captured > 0).map((c) => ({ id: c.id, amount: toMoney(c.amount_captured, c.currency), capturedAt: isoFromUnix(c.created) }));
}

function orderIdOf(metadata: Stripe.Metadata | null | undefined): { orderId?: string } {
  const orderId = metadata?.order_id;
  return orderId ? { orderId } : {};
}

/** A PaymentIntent with its charges, refunds and disputes, in our vocabulary. */
export function paymentIntentToTransaction(intent: Stripe.PaymentIntent, related: StripeRelated): ProcessorTransaction {
  const latestChargeId = idOf(intent.latest_charge);
  // Stripe lists newest first: without a latest_charge, the first listed is the latest.
  const latest = related.charges.find((c) => c.id === latestChargeId) ?? related.charges[0];
  const aChargeFailed = related.charges.some((c) => c.status === 'failed');
  const status = FAILED_WHEN_A_CHARGE_FAILED.has(intent.status) ? (aChargeFailed ? 'FAILED' : 'UNSUPPORTED') : translate(PAYMENT_INTENT_STATUS, intent.status);
  return {
    id: intent.id,
    requestedAmount: toMoney(intent.amount, intent.currency),
    amount: toMoney(intent.amount_received, intent.currency),
    authentication: authenticationOf(latest),
    declineReason: declineReasonOf(latest),
    createdAt: isoFromUnix(intent.created),
    status,
    ...orderIdOf(intent.metadata),
    captures: capturesOf(related.charges),
    refunds: related.refunds.map(toRefundRecord),
    chargebacks: related.disputes.map(toChargebackRecord),
  };
}

/** A Charge made without a PaymentIntent (or named by its own id), in our vocabulary. */
export function chargeToTransaction(charge: Stripe.Charge, related: Omit<StripeRelated, 'charges'>): ProcessorTransaction {
  return {
    id: charge.id,
    requestedAmount: toMoney(charge.amount, charge.currency),
    // What was taken: an uncaptured or failed charge took nothing.
    amount: toMoney(charge.amount_captured ?? 0, charge.currency),
    authentication: authenticationOf(charge),
    declineReason: declineReasonOf(charge),
    createdAt: isoFromUnix(charge.created),
    // A succeeded charge not captured is an authorisation hold, not a payment.
    status: charge.status === 'succeeded' && charge.captured === false ? 'PENDING' : translate(CHARGE_STATUS, charge.status),
    ...orderIdOf(charge.metadata),
    captures: capturesOf([charge]),
    refunds: related.refunds.map(toRefundRecord),
    chargebacks: related.disputes.map(toChargebackRecord),
  };
}
