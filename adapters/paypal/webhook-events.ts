import type { ProcessorEvent } from '../../activities/ports';
import { translate } from '../translate';
import { captureIdOfRefund, toChargebackRecord } from './translate';
import type { PayPalDispute, PayPalRefund, PayPalWebhookEvent } from './wire';

/** Dispute events (Disputes v1 webhooks); the resource is the dispute. */
const DISPUTE_EVENTS = new Set(['CUSTOMER.DISPUTE.CREATED', 'CUSTOMER.DISPUTE.UPDATED', 'CUSTOMER.DISPUTE.RESOLVED']);
/**
 * Refund events (Payments v2 webhooks): PAYMENT.CAPTURE.REFUNDED, whose resource is the refund.
 * PayPal's event list has no PAYMENT.REFUND.*; PAYMENT.CAPTURE.REVERSED (PayPal itself took the
 * money back) is not a refund we issued, so it is ignored rather than guessed at.
 */
const REFUND_EVENTS = new Set(['PAYMENT.CAPTURE.REFUNDED']);
/** Only settled refunds are worth an event; a PENDING one is not news. */
const SETTLED_REFUND_STATUS = { COMPLETED: 'SUCCEEDED', FAILED: 'FAILED', CANCELLED: 'FAILED' } as const;

/** A verified PayPal webhook event in our vocabulary; anything Loop does not act on is IGNORED with the reason. */
export function translateWebhookEvent(event: PayPalWebhookEvent): ProcessorEvent {
  const eventId = event.id;
  if (DISPUTE_EVENTS.has(event.event_type)) {
    const dispute = event.resource as PayPalDispute;
    const transactionId = dispute?.disputed_transactions?.[0]?.seller_transaction_id;
    if (!transactionId) return { eventId, kind: 'IGNORED', reason: `${event.event_type} names no disputed transaction` };
    return { eventId, kind: 'CHARGEBACK', transactionId, chargeback: toChargebackRecord(dispute) };
  }
  if (REFUND_EVENTS.has(event.event_type)) {
    const refund = event.resource as PayPalRefund;
    const transactionId = refund ? captureIdOfRefund(refund) : null;
    if (!refund?.id || !transactionId) return { eventId, kind: 'IGNORED', reason: `${event.event_type} names no refund and capture` };
    const status = translate(SETTLED_REFUND_STATUS, refund.status);
    if (status === 'UNSUPPORTED') return { eventId, kind: 'IGNORED', reason: `refund ${refund.id} is ${refund.status}, not settled` };
    const reason = refund.status_details?.reason;
    return { eventId, kind: 'REFUND_SETTLEMENT', transactionId, refundId: refund.id, status, ...(reason ? { reason } : {}) };
  }
  return { eventId, kind: 'IGNORED', reason: `PayPal event ${event.event_type} is not one Loop acts on` };
}
