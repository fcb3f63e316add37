import type { Pool } from 'pg';
import { notificationKey, type AdyenNotificationItem } from './notification';

export type { AdyenNotificationItem } from './notification';

/**
 * Where the Adyen notifications we received are kept. Adyen has no transaction lookup API, so
 * these are the source of truth for a PSP reference. Recording the same notification twice
 * (same eventCode, pspReference and success) keeps the first copy.
 */
export interface AdyenNotificationStore {
  record(item: AdyenNotificationItem): Promise<void>;
  /** Items about that PSP reference: its own (pspReference) and those that modify it (originalReference). */
  forPspReference(pspReference: string): Promise<AdyenNotificationItem[]>;
  /** Items whose merchantReference is `ref` (an order id for an AUTHORISATION, our key for a refund). */
  forMerchantReference(ref: string): Promise<AdyenNotificationItem[]>;
}

const about = (pspReference: string) => (item: AdyenNotificationItem) => item.pspReference === pspReference || item.originalReference === pspReference;

/** Queries over a snapshot of the items, oldest recorded first; copies, so callers cannot alter the store. */
function query(items: Iterable<AdyenNotificationItem>, keep: (item: AdyenNotificationItem) => boolean): AdyenNotificationItem[] {
  return [...items].filter(keep).map((item) => structuredClone(item));
}

/** A store in memory: for tests and for a single process that may forget on restart. */
export function createMemoryNotificationStore(): AdyenNotificationStore {
  const items = new Map<string, AdyenNotificationItem>();
  return {
    async record(item) {
      // The first copy wins: a replay could carry edited fields the HMAC does not cover (eventDate, additionalData).
      if (!items.has(notificationKey(item))) items.set(notificationKey(item), structuredClone(item));
    },
    async forPspReference(pspReference) {
      return query(items.values(), about(pspReference));
    },
    async forMerchantReference(ref) {
      return query(items.values(), (item) => item.merchantReference === ref);
    },
  };
}

/**
 * The store in PostgreSQL (table `adyen_notifications`): shared by every API and worker process, so
 * a notification received by one is seen by all. The first copy of a notification key is kept
 * (a replay changes nothing); queries answer oldest recorded first (`seq`).
 */
export function createPostgresNotificationStore(pool: Pool): AdyenNotificationStore {
  const select = async (where: string, value: string): Promise<AdyenNotificationItem[]> => {
    const { rows } = await pool.query<{ item: AdyenNotificationItem }>(`SELECT item FROM adyen_notifications WHERE ${where} ORDER BY seq`, [value]);
    return rows.map((r) => r.item);
  };
  return {
    async record(item) {
      await pool.query(
        `INSERT INTO adyen_notifications (notification_key, psp_reference, original_reference, merchant_reference, item)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (notification_key) DO NOTHING`,
        [notificationKey(item), item.pspReference, item.originalReference ?? null, item.merchantReference ?? null, JSON.stringify(item)],
      );
    },
    forPspReference: (pspReference) => select('psp_reference = $1 OR original_reference = $1', pspReference),
    forMerchantReference: (ref) => select('merchant_reference = $1', ref),
  };
}
