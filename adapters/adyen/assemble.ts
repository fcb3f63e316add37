import { PortError } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { Money } from '../../domain/money';
import type { ChargebackRecord, ProcessorTransaction, RefundRecord } from '../../domain/vocabulary';
import type { AdyenNotificationItem } from './notification';
import { CHARGEBACK_EVENTS, REFUND_EVENTS, authenticationOf, declineReasonOf, isKnownEvent, refundStatusOf } from './translate';

/** Adyen's `{value, currency}` (minor units) as our Money. */
export const toMoney = (amount: AdyenNotificationItem['amount']): Money => ({ amountMinor: amount.value, currency: amount.currency });

/** An Adyen eventDate (with its offset) as ISO 8601 UTC; a date we cannot read is a protocol error. */
export function isoDate(eventDate: string): string {
  const ms = Date.parse(eventDate);
  if (Number.isNaN(ms)) throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `Adyen eventDate "${eventDate}" is not a date`, false);
  return new Date(ms).toISOString();
}

const earliest = (items: AdyenNotificationItem[]) => items.map((i) => isoDate(i.eventDate)).sort()[0]!;

function groupBy(items: AdyenNotificationItem[], keep: (i: AdyenNotificationItem) => boolean): AdyenNotificationItem[][] {
  const groups = new Map<string, AdyenNotificationItem[]>();
  for (const item of items.filter(keep)) groups.set(item.pspReference, [...(groups.get(item.pspReference) ?? []), item]);
  return [...groups.values()];
}

/** The item of the latest stage (later stages settle or undo earlier ones). */
function latest(items: AdyenNotificationItem[], stage: (i: AdyenNotificationItem) => number): AdyenNotificationItem {
  return items.reduce((a, b) => (stage(b) >= stage(a) ? b : a));
}

/** One refund from all the notifications about it (same refund pspReference). */
export function toRefundRecord(items: AdyenNotificationItem[]): RefundRecord {
  const last = latest(items, (i) => REFUND_EVENTS[i.eventCode]!.stage);
  return { id: last.pspReference, amount: toMoney(last.amount), status: refundStatusOf(last), createdAt: earliest(items) };
}

/** One dispute from all the notifications about it (same dispute pspReference). */
export function toChargebackRecord(items: AdyenNotificationItem[]): ChargebackRecord {
  const last = latest(items, (i) => CHARGEBACK_EVENTS[i.eventCode]!.stage);
  const status = CHARGEBACK_EVENTS[last.eventCode]?.status ?? 'UNSUPPORTED';
  return { id: last.pspReference, amount: toMoney(last.amount), status, openedAt: earliest(items) };
}

const isRefundEvent = (i: AdyenNotificationItem) => Object.hasOwn(REFUND_EVENTS, i.eventCode);
const isChargebackEvent = (i: AdyenNotificationItem) => Object.hasOwn(CHARGEBACK_EVENTS, i.eventCode);

/** The refunds made on payment `pspReference`, one per refund PSP reference. */
export function refundsOf(pspReference: string, items: AdyenNotificationItem[]): RefundRecord[] {
  return groupBy(items, (i) => i.originalReference === pspReference && isRefundEvent(i)).map(toRefundRecord);
}

/** The disputes on payment `pspReference`, one per dispute PSP reference. */
export function chargebacksOf(pspReference: string, items: AdyenNotificationItem[]): ChargebackRecord[] {
  return groupBy(items, (i) => i.originalReference === pspReference && isChargebackEvent(i)).map(toChargebackRecord);
}

function capturesOf(pspReference: string, items: AdyenNotificationItem[]): ProcessorTransaction['captures'] {
  const failed = new Set(items.filter((i) => i.eventCode === 'CAPTURE_FAILED').map((i) => i.pspReference));
  return items
    .filter((i) => i.eventCode === 'CAPTURE' && i.success === 'true' && i.originalReference === pspReference && !failed.has(i.pspReference))
    .map((i) => ({ id: i.pspReference, amount: toMoney(i.amount), capturedAt: isoDate(i.eventDate) }));
}

/**
 * The payment `pspReference` as its notifications describe it; null when none is about it as a
 * payment. Notifications that modify it without its AUTHORISATION cannot say what was charged:
 * that is a protocol error, not a guess.
 */
export function toProcessorTransaction(pspReference: string, items: AdyenNotificationItem[]): ProcessorTransaction | null {
  const auths = items.filter((i) => i.eventCode === 'AUTHORISATION' && i.pspReference === pspReference);
  const auth = auths.find((i) => i.success === 'true') ?? auths.at(-1);
  if (!auth) {
    if (!items.some((i) => i.originalReference === pspReference)) return null;
    throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `Adyen notifications modify ${pspReference} but its AUTHORISATION was never received`, false);
  }
  const succeeded = auth.success === 'true';
  const unknown = items.some((i) => !isKnownEvent(i.eventCode));
  const amount = toMoney(auth.amount);
  return {
    id: pspReference,
    requestedAmount: amount,
    amount,
    authentication: authenticationOf(auth.additionalData),
    declineReason: succeeded ? null : declineReasonOf(auth.reason),
    createdAt: isoDate(auth.eventDate),
    status: unknown ? 'UNSUPPORTED' : succeeded ? 'SUCCEEDED' : 'FAILED',
    ...(auth.merchantReference ? { orderId: auth.merchantReference } : {}),
    captures: capturesOf(pspReference, items),
    refunds: refundsOf(pspReference, items),
    chargebacks: chargebacksOf(pspReference, items),
  };
}
