import { readFile } from 'node:fs/promises';
import { writeAtomically } from '../write-atomically';
import { notificationKey, type AdyenNotificationItem } from './notification';

export type { AdyenNotificationItem } from './notification';

/**
 * Where the Adyen notifications we received are kept. Adyen has no transaction lookup API, so
 * these are the source of truth for a PSP reference. Recording the same notification twice
 * (same eventCode, pspReference and success) keeps it once, the later copy replacing the first.
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
 * A store in one JSON file (an object keyed by notification key). Each write goes to a temporary
 * file renamed over the old one, so a crash never leaves half a file. Writes within this process
 * are serialised; only one process should write the file (the one receiving the webhooks), while
 * any number may read it.
 */
export function createFileNotificationStore(path: string): AdyenNotificationStore {
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Record<string, AdyenNotificationItem>> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    return JSON.parse(text) as Record<string, AdyenNotificationItem>;
  }

  async function save(all: Record<string, AdyenNotificationItem>): Promise<void> {
    await writeAtomically(path, JSON.stringify(all, null, 2));
  }

  return {
    record(item) {
      const write = queue.then(async () => {
        const all = await load();
        all[notificationKey(item)] ??= item;
        await save(all);
      });
      queue = write.catch(() => undefined);
      return write;
    },
    async forPspReference(pspReference) {
      return query(Object.values(await load()), about(pspReference));
    },
    async forMerchantReference(ref) {
      return query(Object.values(await load()), (item) => item.merchantReference === ref);
    },
  };
}
