import { createHash } from 'node:crypto';
import { CheckoutAPI, Client, EnvironmentEnum } from '@adyen/api-library';
import type { PaymentProcessor, RefundRequest } from '../../activities/ports';
import { PortError } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { RefundRecord } from '../../domain/vocabulary';
import { REFUND_EVENTS } from './translate';
import { toProcessorTransaction, toRefundRecord } from './assemble';
import { toPortError } from './errors';
import { SUBMITTED_REFUND_EVENT, type AdyenNotificationItem } from './notification';
import type { AdyenNotificationStore } from './notification-store';
import { createFetchTransport } from './transport';

export interface AdyenConfig {
  /** A Checkout API key (X-API-Key) allowed to make modifications. */
  apiKey: string;
  merchantAccount: string;
  environment: 'TEST' | 'LIVE';
  /** Required for LIVE: the prefix of your live endpoints (Customer Area, Developers > API URLs). */
  liveEndpointUrlPrefix?: string;
  /** Replaces Adyen's Checkout origin, e.g. a local stand-in in tests. */
  checkoutBaseUrl?: string;
  /** @default 10000 */
  timeoutMs?: number;
}

const isRefundItem = (i: AdyenNotificationItem) => Object.hasOwn(REFUND_EVENTS, i.eventCode);

/** The refund `refundId` on payment `transactionId`, from every notification about it; null when none. */
function refundFrom(items: AdyenNotificationItem[], transactionId: string, refundId: string): RefundRecord | null {
  const about = items.filter((i) => isRefundItem(i) && i.pspReference === refundId && i.originalReference === transactionId);
  return about.length > 0 ? toRefundRecord(about) : null;
}

/**
 * Adyen as a PaymentProcessor. Adyen has no transaction lookup API: reads come from the
 * notifications in `store` (the webhook verifier records them); refunds go through the Checkout
 * modifications API and stay PENDING until the REFUND notification settles them.
 */
export function createAdyenProcessor(config: AdyenConfig, store: AdyenNotificationStore): PaymentProcessor {
  if (config.environment === 'LIVE' && !config.liveEndpointUrlPrefix) {
    throw new Error('Adyen LIVE needs liveEndpointUrlPrefix');
  }
  const client = new Client({
    apiKey: config.apiKey,
    environment: config.environment === 'LIVE' ? EnvironmentEnum.LIVE : EnvironmentEnum.TEST,
    ...(config.liveEndpointUrlPrefix ? { liveEndpointUrlPrefix: config.liveEndpointUrlPrefix } : {}),
  });
  client.httpClient = createFetchTransport({ baseUrlOverride: config.checkoutBaseUrl, timeoutMs: config.timeoutMs });
  const modifications = new CheckoutAPI(client).ModificationsApi;

  const processor: PaymentProcessor = {
    async getTransaction(pspReference) {
      return toProcessorTransaction(pspReference, await store.forPspReference(pspReference));
    },

    async findTransactionsForOrder(orderId) {
      const payments = new Set((await store.forMerchantReference(orderId)).filter((i) => i.eventCode === 'AUTHORISATION').map((i) => i.pspReference));
      const found = await Promise.all([...payments].map((psp) => processor.getTransaction(psp)));
      return found.filter((tx) => tx !== null);
    },

    async issueRefund(request: RefundRequest) {
      // Adyen keeps idempotency keys for a limited time; what we recorded has no such limit.
      const known = await processor.findRefundByKey(request.transactionId, request.idempotencyKey);
      if (known) return known;
      const amount = { value: request.amount.amountMinor, currency: request.amount.currency };
      let response;
      try {
        response = await modifications.refundCapturedPayment(
          request.transactionId,
          // The reference comes back as the REFUND notification's merchantReference: our key ties them.
          { merchantAccount: config.merchantAccount, amount, reference: request.idempotencyKey },
          // Adyen takes keys of at most 64 characters: a SHA-256 of ours (the full key is the refund's reference).
          { idempotencyKey: createHash('sha256').update(request.idempotencyKey).digest('hex') },
        );
      } catch (err) {
        throw toPortError(err);
      }
      if (response?.status !== 'received' || typeof response.pspReference !== 'string' || response.pspReference === '') {
        throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `Adyen refund answer not understood: ${JSON.stringify(response)}`, false);
      }
      const submitted: AdyenNotificationItem = {
        pspReference: response.pspReference,
        originalReference: request.transactionId,
        merchantAccountCode: config.merchantAccount,
        merchantReference: request.idempotencyKey,
        amount,
        eventCode: SUBMITTED_REFUND_EVENT,
        eventDate: new Date().toISOString(),
        success: 'true',
      };
      await store.record(submitted);
      return toRefundRecord([submitted]);
    },

    async getRefund(transactionId, refundId) {
      return refundFrom(await store.forPspReference(refundId), transactionId, refundId);
    },

    async findRefundByKey(transactionId, idempotencyKey) {
      const items = await store.forPspReference(transactionId);
      const refund = items.find((i) => isRefundItem(i) && i.originalReference === transactionId && i.merchantReference === idempotencyKey);
      return refund ? refundFrom(items, transactionId, refund.pspReference) : null;
    },
  };
  return processor;
}
