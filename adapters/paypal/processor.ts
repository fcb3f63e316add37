import { PortError, type PaymentProcessor, type RefundRequest } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { ProcessorTransaction, RefundRecord } from '../../domain/vocabulary';
import { createPayPalHttp, type PayPalHttp } from './http';
import { toPayPalAmount } from './money';
import { refundsOfCapture, toProcessorTransaction, toRefundRecord } from './translate';
import type { PayPalCapture, PayPalDispute, PayPalDisputeList, PayPalOrder, PayPalRefund } from './wire';

/** How to reach PayPal. Built once by the composition root from the environment. */
export interface PayPalConfig {
  /** REST app client id (OAuth client credentials). */
  clientId: string;
  clientSecret: string;
  /** Picks https://api-m.sandbox.paypal.com or https://api-m.paypal.com. */
  environment: 'sandbox' | 'live';
  /** Overrides the environment's base URL, e.g. for a local stand-in in tests. */
  baseUrl?: string;
  /** The webhook's id in the PayPal developer dashboard; required to verify webhooks. */
  webhookId?: string;
}

/** PayPal keeps at most 127 characters of `custom_id`; a longer key is not stored on the refund. */
const CUSTOM_ID_MAX = 127;
const path = (template: string, id: string) => template.replace('{id}', encodeURIComponent(id));

/**
 * PayPal (Payments v2, Orders v2, Disputes v1), translated into our vocabulary. A transaction id
 * is a PayPal capture id. Plain `fetch` rather than `@paypal/paypal-server-sdk`: the SDK's base
 * URL is fixed to PayPal's two hosts (no override for a stand-in) and it has no Disputes or
 * webhook-verification calls.
 */
export function createPayPalProcessor(config: PayPalConfig, http: PayPalHttp = createPayPalHttp(config)): PaymentProcessor {
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
    return orderId ? http.call<PayPalOrder>(path('/v2/checkout/orders/{id}', orderId)) : null;
  }

  return {
    async getTransaction(transactionId): Promise<ProcessorTransaction | null> {
      const capture = await http.call<PayPalCapture>(path('/v2/payments/captures/{id}', transactionId));
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
     * `POST /v2/payments/captures/{id}/refund` with `PayPal-Request-Id` = our key: PayPal answers a
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
      const refund = await http.call<PayPalRefund>(path('/v2/payments/captures/{id}/refund', request.transactionId), {
        method: 'POST',
        headers: { 'PayPal-Request-Id': request.idempotencyKey, Prefer: 'return=representation' },
        body: {
          amount,
          note_to_payer: request.reason,
          ...(request.idempotencyKey.length <= CUSTOM_ID_MAX ? { custom_id: request.idempotencyKey } : {}),
        },
        refusedAs: ErrorType.REFUND_REFUSED,
      });
      if (!refund?.id) throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `PayPal refund of ${request.transactionId} answered without a refund`, false);
      return toRefundRecord(refund);
    },

    async getRefund(_transactionId, refundId): Promise<RefundRecord | null> {
      const refund = await http.call<PayPalRefund>(path('/v2/payments/refunds/{id}', refundId));
      return refund ? toRefundRecord(refund) : null;
    },

    /**
     * The capture's refund whose `custom_id` is our key, listed through the capture's order (Payments
     * v2 cannot list refunds by capture). A refund listed without `custom_id` is read in full.
     * Null when none matches, or when the capture has no readable order: then retrying issueRefund
     * with the same key is still safe, since PayPal replays the refund for a known PayPal-Request-Id.
     */
    async findRefundByKey(transactionId, idempotencyKey): Promise<RefundRecord | null> {
      const capture = await http.call<PayPalCapture>(path('/v2/payments/captures/{id}', transactionId));
      const order = capture ? await orderOf(capture) : null;
      if (!capture || !order) return null;
      for (const listed of refundsOfCapture(order, capture.id)) {
        const refund = listed.custom_id === undefined ? await http.call<PayPalRefund>(path('/v2/payments/refunds/{id}', listed.id)) : listed;
        if (refund?.custom_id === idempotencyKey) return toRefundRecord(refund);
      }
      return null;
    },
  };
}
