import { PortError } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { Money } from '../../domain/money';
import type { Authentication, ChargebackRecord, ProcessorTransaction, RefundRecord } from '../../domain/vocabulary';
import { fromPayPalAmount } from './money';
import type { PayPalCapture, PayPalDispute, PayPalLink, PayPalMoney, PayPalOrder, PayPalRefund } from './wire';
import { translate } from '../translate';

// PayPal's words on the left, ours on the right. A status missing here is one we have not decided
// what to make of: it translates to UNSUPPORTED, never a guess.
/** Capture statuses (Payments v2). A refunded capture still captured the money: the refunds say the rest. */
export const CAPTURE_STATUS = {
  COMPLETED: 'SUCCEEDED',
  PENDING: 'PENDING',
  DECLINED: 'FAILED',
  FAILED: 'FAILED',
  REFUNDED: 'SUCCEEDED',
  PARTIALLY_REFUNDED: 'SUCCEEDED',
} as const;
/** Refund statuses (Payments v2). */
export const REFUND_STATUS = { COMPLETED: 'SUCCEEDED', PENDING: 'PENDING', FAILED: 'FAILED', CANCELLED: 'FAILED' } as const;
/** Dispute statuses (Disputes v1) that mean "still open"; RESOLVED is decided by the outcome. */
export const DISPUTE_STATUS = { OPEN: 'OPEN', WAITING_FOR_BUYER_RESPONSE: 'OPEN', WAITING_FOR_SELLER_RESPONSE: 'OPEN', UNDER_REVIEW: 'OPEN' } as const;
/** `dispute_outcome.outcome_code` of a RESOLVED dispute. */
export const DISPUTE_OUTCOME = { RESOLVED_SELLER_FAVOUR: 'WON', RESOLVED_BUYER_FAVOUR: 'LOST' } as const;
/** `three_d_secure.authentication_status` (EMV 3-D Secure transStatus): Y yes, A attempted, N no, R rejected. */
export const THREE_D_SECURE_STATUS = { Y: 'AUTHENTICATED', A: 'ATTEMPTED', N: 'FAILED', R: 'FAILED' } as const;

/** A PayPal amount in minor units; a malformed one is a protocol error, not a transient fault. */
export function money(amount: PayPalMoney | undefined, what: string): Money {
  if (!amount) throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `PayPal ${what} has no amount`, false);
  try {
    return fromPayPalAmount(amount);
  } catch (err) {
    throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `PayPal ${what}: ${(err as Error).message}`, false);
  }
}

/** The id at the end of a HATEOAS link's href, for the first link with `rel`. */
export function linkedId(links: PayPalLink[] | undefined, rel: string, collection: string): string | null {
  const href = links?.find((l) => l.rel === rel)?.href;
  const match = href ? new RegExp(`/${collection}/([^/?#]+)`).exec(href) : null;
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** The capture a refund pays back: its `up` link, else `supplementary_data.related_ids.capture_id`. */
export function captureIdOfRefund(refund: PayPalRefund): string | null {
  return linkedId(refund.links, 'up', 'captures') ?? refund.supplementary_data?.related_ids?.capture_id ?? null;
}

export function toRefundRecord(refund: PayPalRefund): RefundRecord {
  return { id: refund.id, amount: money(refund.amount, `refund ${refund.id}`), status: translate(REFUND_STATUS, refund.status), createdAt: refund.create_time };
}

/** A dispute as a chargeback; a RESOLVED one needs its details (the list carries no outcome). */
export function toChargebackRecord(dispute: PayPalDispute): ChargebackRecord {
  const status = dispute.status === 'RESOLVED' ? translate(DISPUTE_OUTCOME, dispute.dispute_outcome?.outcome_code) : translate(DISPUTE_STATUS, dispute.status);
  return { id: dispute.dispute_id, amount: money(dispute.dispute_amount, `dispute ${dispute.dispute_id}`), status, openedAt: dispute.create_time };
}

/**
 * How the payer was authenticated, from the order's `payment_source.card.authentication_result`.
 * No order to read: UNSUPPORTED (we do not know). Paid without a card (a PayPal wallet), or a card
 * without an authentication result: no 3-D Secure was performed.
 */
export function toAuthentication(order: PayPalOrder | null): Authentication {
  if (!order) return { method: 'UNSUPPORTED', outcome: 'UNSUPPORTED' };
  const result = order.payment_source?.card?.authentication_result;
  if (!result) return { method: 'NONE', outcome: 'NOT_PERFORMED' };
  const status = result.three_d_secure?.authentication_status;
  if (status !== undefined) return { method: 'THREE_D_SECURE', outcome: translate(THREE_D_SECURE_STATUS, status) };
  // Without the 3-D Secure block only a shifted liability says something for sure.
  return { method: 'THREE_D_SECURE', outcome: result.liability_shift === 'YES' ? 'AUTHENTICATED' : 'UNSUPPORTED' };
}

/**
 * The order's refunds of this capture. Payments v2 cannot list refunds by capture, so they come
 * from the order: by their `up` link to the capture, or all of them when the order has one capture.
 */
export function refundsOfCapture(order: PayPalOrder, captureId: string): PayPalRefund[] {
  const units = order.purchase_units ?? [];
  const captures = units.flatMap((u) => u.payments?.captures ?? []);
  const refunds = units.flatMap((u) => u.payments?.refunds ?? []);
  const onlyCapture = captures.length === 1 && captures[0]?.id === captureId;
  return refunds.filter((r) => captureIdOfRefund(r) === captureId || (onlyCapture && captureIdOfRefund(r) === null));
}

export interface PayPalTransactionParts {
  capture: PayPalCapture;
  /** The capture's order, when it has one and PayPal still holds it. */
  order: PayPalOrder | null;
  refunds: PayPalRefund[];
  disputes: PayPalDispute[];
}

/**
 * A capture with its order, refunds and disputes in our vocabulary. `orderId` is the capture's
 * `invoice_id` (Loop's invoice number), else its `custom_id`. `requestedAmount` is the amount of
 * the order's purchase unit holding the capture, else the capture's own. PayPal gives no decline
 * code we could tell "the customer's details" by, so a failed capture declines for OTHER.
 */
export function toProcessorTransaction({ capture, order, refunds, disputes }: PayPalTransactionParts): ProcessorTransaction {
  const amount = money(capture.amount, `capture ${capture.id}`);
  const unit = order?.purchase_units?.find((u) => u.payments?.captures?.some((c) => c.id === capture.id));
  const status = translate(CAPTURE_STATUS, capture.status);
  const orderId = capture.invoice_id ?? capture.custom_id;
  return {
    id: capture.id,
    requestedAmount: unit?.amount ? money(unit.amount, `order ${order?.id} amount`) : amount,
    amount,
    authentication: toAuthentication(order),
    declineReason: status === 'FAILED' ? 'OTHER' : null,
    createdAt: capture.create_time,
    status,
    ...(orderId ? { orderId } : {}),
    captures: [{ id: capture.id, amount, capturedAt: capture.create_time }],
    refunds: refunds.map(toRefundRecord),
    chargebacks: disputes.map(toChargebackRecord),
  };
}
