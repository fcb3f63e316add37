import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AdyenNotificationItem } from './notification';

/**
 * The string Adyen signs for a standard notification item, fields joined by ':' and a missing one
 * empty: pspReference, originalReference, merchantAccountCode, merchantReference, value, currency,
 * eventCode, success. https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures
 */
export function signingString(item: AdyenNotificationItem): string {
  return [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':');
}

/** Decodes the HMAC key as Adyen shows it (hex); a key that is not hex is a configuration error. */
export function hmacKeyFromHex(hex: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) throw new Error('Adyen HMAC key must be a non-empty hex string');
  return Buffer.from(hex, 'hex');
}

/** The base64 HMAC-SHA256 of the item's signing string under `key`. */
export function signItem(item: AdyenNotificationItem, key: Buffer): string {
  return createHmac('sha256', key).update(signingString(item), 'utf8').digest('base64');
}

/** Whether `signature` (base64, from additionalData.hmacSignature) is the item's; compared in constant time. */
export function hasValidSignature(item: AdyenNotificationItem, key: Buffer): boolean {
  const received = item.additionalData?.hmacSignature;
  if (!received) return false;
  const expected = Buffer.from(signItem(item, key), 'base64');
  const given = Buffer.from(received, 'base64');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
