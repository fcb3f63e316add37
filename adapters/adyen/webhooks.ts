import { WebhookRejected, type ProcessorEvent, type WebhookVerifier } from '../../activities/ports';
import { chargebacksOf, toChargebackRecord } from './assemble';
import { hasValidSignature, hmacKeyFromHex } from './hmac';
import { notificationKey, readNotificationItem, type AdyenNotificationItem } from './notification';
import type { AdyenNotificationStore } from './notification-store';
import { CHARGEBACK_EVENTS, refundStatusOf } from './translate';

/** Parses a standard notification body into its items; throws WebhookRejected when it is not one. */
function readItems(rawBody: Buffer): AdyenNotificationItem[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookRejected('Adyen webhook body is not JSON');
  }
  const wrappers = (body as { notificationItems?: unknown } | null)?.notificationItems;
  if (!Array.isArray(wrappers) || wrappers.length === 0) throw new WebhookRejected('Adyen webhook has no notificationItems');
  return wrappers.map((wrapper, index) => {
    const item = readNotificationItem((wrapper as { NotificationRequestItem?: unknown } | null)?.NotificationRequestItem);
    if (!item) throw new WebhookRejected(`Adyen notification item ${index} is incomplete`);
    return item;
  });
}

/** What one recorded item tells a case, given everything the store now holds about its payment. */
async function translateItem(item: AdyenNotificationItem, store: AdyenNotificationStore): Promise<ProcessorEvent> {
  const eventId = notificationKey(item);
  if (Object.hasOwn(CHARGEBACK_EVENTS, item.eventCode)) {
    const transactionId = item.originalReference ?? item.pspReference;
    // The dispute as all its notifications describe it: opened at its first, status of its latest stage.
    const chargeback = chargebacksOf(transactionId, await store.forPspReference(transactionId)).find((cb) => cb.id === item.pspReference) ?? toChargebackRecord([item]);
    return { eventId, kind: 'CHARGEBACK', transactionId, chargeback };
  }
  const refundStatus = refundStatusOf(item);
  if (item.originalReference && (refundStatus === 'SUCCEEDED' || refundStatus === 'FAILED')) {
    const reason = refundStatus === 'FAILED' ? [item.eventCode, item.reason].filter(Boolean).join(': ') : undefined;
    return { eventId, kind: 'REFUND_SETTLEMENT', transactionId: item.originalReference, refundId: item.pspReference, status: refundStatus, ...(reason ? { reason } : {}) };
  }
  return { eventId, kind: 'IGNORED', reason: `Adyen ${item.eventCode} (success ${item.success}) recorded; nothing for a case to act on` };
}

/**
 * Verifies Adyen standard webhooks (HMAC on every item, key from the Customer Area in hex),
 * records every item in `store`, and translates the first. Adyen sends one item per request in
 * practice (the JSON format allows a batch); the rest are recorded, so reads still see them.
 * Any item with a missing or wrong signature rejects the whole request and records nothing.
 */
export function createAdyenWebhookVerifier({ hmacKeyHex }: { hmacKeyHex: string }, store: AdyenNotificationStore): WebhookVerifier {
  const key = hmacKeyFromHex(hmacKeyHex);
  return {
    async verify(rawBody) {
      const items = readItems(rawBody);
      items.forEach((item, index) => {
        if (!hasValidSignature(item, key)) throw new WebhookRejected(`Adyen notification item ${index} has a missing or invalid HMAC signature`);
      });
      for (const item of items) await store.record(item);
      return translateItem(items[0]!, store);
    },
  };
}
