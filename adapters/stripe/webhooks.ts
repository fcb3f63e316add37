import Stripe from 'stripe';
import { WebhookRejected, type ProcessorEvent, type WebhookVerifier } from '../../activities/ports';
import { toChargebackRecord, transactionIdOf } from './translate';

export interface StripeWebhookConfig {
  /** The endpoint's signing secret (`whsec_...`), from the dashboard or `stripe listen`. */
  webhookSecret: string;
  /** How far a signature's timestamp may be from now, past or future, in seconds (against replays). @default 300 */
  toleranceSeconds?: number;
}

const DISPUTE_EVENTS = new Set(['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated']);
const REFUND_EVENTS = new Set(['refund.updated', 'charge.refund.updated', 'refund.failed']);
/** Only final refund states settle a refund; pending and the rest are news we need not act on. */
const REFUND_SETTLEMENT = { succeeded: 'SUCCEEDED', failed: 'FAILED' } as const;

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** A verified Stripe event in our vocabulary; events we do not act on are IGNORED with the reason. */
export function translateStripeEvent(event: Stripe.Event): ProcessorEvent {
  const eventId = event.id;
  if (DISPUTE_EVENTS.has(event.type)) {
    const dispute = event.data.object as Stripe.Dispute;
    const transactionId = transactionIdOf(dispute);
    if (transactionId) return { eventId, kind: 'CHARGEBACK', transactionId, chargeback: toChargebackRecord(dispute) };
    return { eventId, kind: 'IGNORED', reason: `${event.type} names no payment` };
  }
  if (REFUND_EVENTS.has(event.type)) {
    const refund = event.data.object as Stripe.Refund;
    const transactionId = transactionIdOf(refund);
    const status = refund.status !== null && Object.hasOwn(REFUND_SETTLEMENT, refund.status) ? REFUND_SETTLEMENT[refund.status as keyof typeof REFUND_SETTLEMENT] : null;
    if (!status) return { eventId, kind: 'IGNORED', reason: `${event.type} with refund status ${refund.status ?? 'null'} settles nothing` };
    if (!transactionId) return { eventId, kind: 'IGNORED', reason: `${event.type} names no payment` };
    return { eventId, kind: 'REFUND_SETTLEMENT', transactionId, refundId: refund.id, status, ...(refund.failure_reason ? { reason: refund.failure_reason } : {}) };
  }
  return { eventId, kind: 'IGNORED', reason: `${event.type} is not an event we act on` };
}

/**
 * Verifies Stripe's `stripe-signature` header on the raw body and translates the event.
 *
 * The body must be the bytes Stripe sent: re-serialised JSON no longer matches the signature.
 * A missing or forged signature, a timestamp further than the tolerance from now (past or future), or an unreadable body
 * throws WebhookRejected with Stripe's reason.
 */
export function createStripeWebhookVerifier(config: StripeWebhookConfig): WebhookVerifier {
  const tolerance = config.toleranceSeconds ?? 300;
  return {
    async verify(rawBody, headers) {
      const signature = header(headers, 'stripe-signature');
      if (!signature) throw new WebhookRejected('missing stripe-signature header');
      let event: Stripe.Event;
      try {
        event = await Stripe.webhooks.constructEventAsync(rawBody, signature, config.webhookSecret, tolerance);
      } catch (err) {
        throw new WebhookRejected(`stripe webhook rejected: ${err instanceof Error ? err.message : String(err)}`);
      }
      // Stripe's library refuses only timestamps too old; one from the future would stay valid until it passed.
      const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
      if (!Number.isFinite(signedAt) || signedAt - Date.now() / 1000 > tolerance) {
        throw new WebhookRejected('stripe webhook rejected: timestamp outside the tolerance zone (in the future)');
      }
      if (typeof event?.id !== 'string' || typeof event.type !== 'string' || typeof event.data?.object !== 'object') {
        throw new WebhookRejected('stripe webhook rejected: the body is not a Stripe event');
      }
      try {
        return translateStripeEvent(event);
      } catch (err) {
        throw new WebhookRejected(`stripe webhook rejected: unreadable ${event.type} (${err instanceof Error ? err.message : String(err)})`);
      }
    },
  };
}
