/**
 * One item of an Adyen standard webhook (`notificationItems[].NotificationRequestItem`), kept as
 * Adyen sent it: https://docs.adyen.com/development-resources/webhooks/webhook-types
 * `success` is the string 'true' or 'false', as in the JSON Adyen sends; amounts are minor units.
 */
export interface AdyenNotificationItem {
  pspReference: string;
  /** For a modification or dispute: the PSP reference of the payment it concerns. */
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: { value: number; currency: string };
  eventCode: string;
  /** ISO 8601 with an offset, e.g. 2021-07-17T13:42:40+01:00. */
  eventDate: string;
  success: 'true' | 'false';
  /** For a refused AUTHORISATION: the refusal reason (e.g. "CVC Declined"). */
  reason?: string;
  paymentMethod?: string;
  operations?: string[];
  additionalData?: Record<string, string>;
}

/**
 * The event code Loop records, as a synthetic item, for a refund Adyen accepted (`received`) and
 * has not settled yet. Adyen never sends it; the REFUND notification that follows settles it.
 */
export const SUBMITTED_REFUND_EVENT = 'LOOP_REFUND_SUBMITTED';

/** The identity of a notification: Adyen may deliver one more than once, and these three name it. */
export function notificationKey(item: Pick<AdyenNotificationItem, 'eventCode' | 'pspReference' | 'success'>): string {
  return `${item.eventCode}:${item.pspReference}:${item.success}`;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads one NotificationRequestItem from parsed JSON; null when a required field is missing or of
 * the wrong type (the caller rejects the whole webhook). Keeps only the fields we know.
 */
export function readNotificationItem(raw: unknown): AdyenNotificationItem | null {
  if (!isRecord(raw)) return null;
  const { pspReference, originalReference, merchantAccountCode, merchantReference, amount, eventCode, eventDate, success, reason, paymentMethod, operations, additionalData } = raw;
  if (![pspReference, merchantAccountCode, eventCode, eventDate].every(isString)) return null;
  if (Number.isNaN(Date.parse(eventDate as string))) return null;
  if (merchantReference !== undefined && !isString(merchantReference)) return null;
  if (originalReference !== undefined && !isString(originalReference)) return null;
  if (success !== 'true' && success !== 'false') return null;
  if (!isRecord(amount) || !Number.isSafeInteger(amount.value) || !isString(amount.currency)) return null;
  if (additionalData !== undefined && (!isRecord(additionalData) || !Object.values(additionalData).every(isString))) return null;
  return {
    pspReference: pspReference as string,
    ...(originalReference ? { originalReference } : {}),
    merchantAccountCode: merchantAccountCode as string,
    merchantReference: (merchantReference as string | undefined) ?? '',
    amount: { value: amount.value as number, currency: amount.currency },
    eventCode: eventCode as string,
    eventDate: eventDate as string,
    success,
    ...(isString(reason) ? { reason } : {}),
    ...(isString(paymentMethod) ? { paymentMethod } : {}),
    ...(Array.isArray(operations) && operations.every(isString) ? { operations } : {}),
    ...(additionalData ? { additionalData: additionalData as Record<string, string> } : {}),
  };
}
