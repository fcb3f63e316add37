import { PortError, type PaymentProcessor, type RefundRequest } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { ProcessorTransaction, RefundRecord } from '../../domain/vocabulary';
import { createPayPalHttp, type PayPalHttp } from './http';
import { toPayPalAmount } from './money';
import { createPayPalPayments } from './sdk';
import { refundsOfCapture, toProcessorTransaction, toRefundRecord } from './translate';
import type { PayPalCapture, PayPalDispute, PayPalDisputeList, PayPalOrder, PayPalRefund } from './wire';

/** How to reach PayPal. Built once by the composition root from the environment. */
export interface PayPalConfig {
  /** REST app client id (OAuth client credentials). */
  clientId: string;
  clientSecret: string;
  /** Picks https://api-m.sandbox.paypal.com or https://api-m.paypal.com. */
  environment: 'sandbox' | 'live';
  /**
   * Overrides the environment's base URL, e.g. for a local stand-in in tests. It is also the
   * test seam for the SDK calls: when set (and only then), the SDK's requests are re-routed from
   * PayPal's hosts to it through `unstable_httpClientOptions` (axios's fetch adapter with a URL
   * rewrite, see ./sdk.ts), since the SDK has no base URL option of its own.
   */
  baseUrl?: string;
  /** The webhook's id in the PayPal developer dashboard; required to verify webhooks. */
  webhookId?: string;
}

/** PayPal keeps at most 127 characters of `custom_id`; a longer key is not stored on the refund. */
const CUSTOM_ID_MAX = 127;
const path = (template: string, id: string) => template.replace('{id}', encodeURIComponent(id));

/**
 * PayPal (Payments v2, Orders v2, Disputes v1), translated into our vocabulary. A transaction id
 * is a PayPal capture id.
 *
 * Captures, refunds and orders go through `@paypal/paypal-server-sdk` (./sdk.ts):
 * `PaymentsController.getCapturedPayment`, `refundCapturedPayment` (our key as `PayPal-Request-Id`),
 * `getRefund` and `OrdersController.getOrder`. Its camelCase models are turned back into
 * PayPal's JSON shapes (./wire.ts) so one translation (./translate.ts) serves API and webhooks.
 *
 * Disputes v1 (and webhook verification, ./webhooks.ts) stay on plain `fetch` (./http.ts): the
 * SDK has no calls for them. Both paths share one OAuth token (fetched by ./http.ts) and map
 * failures to the same PortErrors; the SDK's own retries are off, since Temporal retries.
 */
export function createPayPalProcessor(config: PayPalConfig, http: PayPalHttp = createPayPalHttp(config)): PaymentProcessor {
  const payments = createPayPalPayments(config, http);

  async function disputesOf(captureId: string): Promise<PayPalDispute[]> {
    const list = await http.call<PayPalDisputeList>(`/v1/customer/disputes?disputed_transaction_id=${encodeURIComponent(captureId)}&page_size=50`);
    // The list is a summary without the outcome, which only a resolved dispute needs.
    return Promise.all(
      (list?.items ?? []).map(async (d) => (d.status === 'RESOLVED' ? ((await http.call<PayPalDispute>(path('/v1/customer/disputes/{id}', d.dispute_id))) ?? d) : d)),
    );
  }

  async function refundsOf(capture: PayPalCapture, order: PayPalOrder | null): Promise<PayPalRefund[]> {
    if (order) return refundsOfCapture(order, capture.id);
    if (capture.status === 'REFUNDED' || capture.status === 'PARTIALLY_REFUNDED') {
      // Saying "no refunds" here would be a guess that could pay the customer twice.
      throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `PayPal capture ${capture.id} is ${capture.status} but its order cannot be read to list the refunds`, false);
    }
    return [];
  }

  async function orderOf(capture: PayPalCapture): Promise<PayPalOrder | null> {
    const orderId = capture.supplementary_data?.related_ids?.order_id;
    return orderId ? payments.order(orderId) : null;
  }

  return {
    async getTransaction(transactionId): Promise<ProcessorTransaction | null> {
      const capture = await payments.capture(transactionId);
      if (!capture) return null;
      const [order, disputes] = await Promise.all([orderOf(capture), disputesOf(capture.id)]);
      return toProcessorTransaction({ capture, order, refunds: await refundsOf(capture, order), disputes });
    },

    /**
     * Always empty: PayPal cannot search by our order (invoice) id. Orders v2 and Payments v2
     * have no search; Transaction Search (`/v1/reporting/transactions`) filters by transaction id,
     * status, amount and a date range of at most 31 days, not by invoice id, and lags up to three
     * hours. An explicit limitation, not a finding: PayPal's answer to "paid twice" is unknown.
     */
    async findTransactionsForOrder(): Promise<ProcessorTransaction[]> {
      return [];
    },

    /**
     * `POST /v2/payments/captures/{id}/refund` (SDK `refundCapturedPayment`, `Prefer:
     * return=representation`) with `PayPal-Request-Id` = our key: PayPal answers a
     * repeated key with the refund it made the first time. The key also goes in `custom_id`
     * (reports only, never shown to the payer) so findRefundByKey can find the refund later.
     */
    async issueRefund(request: RefundRequest): Promise<RefundRecord> {
      let amount;
      try {
        amount = toPayPalAmount(request.amount);
      } catch (err) {
        throw new PortError(ErrorType.REFUND_REFUSED, `DECIMALS_NOT_SUPPORTED: ${(err as Error).message}`, false);
      }
      const refund = await payments.refundCapture(request.transactionId, request.idempotencyKey, {
        amount,
        note_to_payer: request.reason,
        ...(request.idempotencyKey.length <= CUSTOM_ID_MAX ? { custom_id: request.idempotencyKey } : {}),
      });
      if (!refund?.id) throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `PayPal refund of ${request.transactionId} answered without a refund`, false);
      return toRefundRecord(refund);
    },

    async getRefund(_transactionId, refundId): Promise<RefundRecord | null> {
      const refund = await payments.refund(refundId);
      return refund ? toRefundRecord(refund) : null;
    },

    /**
     * The capture's refund whose `custom_id` is our key, listed through the capture's order (Payments
     * v2 cannot list refunds by capture). A refund listed without `custom_id` is read in full.
     * Null when none matches, or when the capture has no readable order: then retrying issueRefund
     * with the same key is still safe, since PayPal replays the refund for a known PayPal-Request-Id.
     */
    async findRefundByKey(transactionId, idempotencyKey): Promise<RefundRecord | null> {
      const capture = await payments.capture(transactionId);
      const order = capture ? await orderOf(capture) : null;
      if (!capture || !order) return null;
      for (const listed of refundsOfCapture(order, capture.id)) {
        const refund = listed.custom_id === undefined ? await payments.refund(listed.id) : listed;
        if (refund?.custom_id === idempotencyKey) return toRefundRecord(refund);
      }
      return null;
    },
  };
}
