import type { PaymentProcessor, RefundRequest } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { Authentication, ChargebackRecord, ProcessorTransaction, RefundRecord } from '../../domain/vocabulary';
import type { SandboxChargeback, SandboxRefund, SandboxTransaction } from '../../sandbox/store';
import { translate } from '../translate';
import { sandboxCall, sandboxCallRequired } from './http';

const TX_STATUS = { succeeded: 'SUCCEEDED', pending: 'PENDING', failed: 'FAILED' } as const;
const REFUND_STATUS = { succeeded: 'SUCCEEDED', pending: 'PENDING', failed: 'FAILED' } as const;
const CHARGEBACK_STATUS = { open: 'OPEN', won: 'WON', lost: 'LOST' } as const;
const AUTH_METHOD = { three_d_secure: 'THREE_D_SECURE', none: 'NONE' } as const;
const AUTH_OUTCOME = { authenticated: 'AUTHENTICATED', attempted: 'ATTEMPTED', failed: 'FAILED', not_performed: 'NOT_PERFORMED' } as const;
/** Decline codes that mean the customer's own payment details were wrong (Stripe's vocabulary). */
const CUSTOMER_DETAIL_DECLINES = new Set(['incorrect_number', 'invalid_number', 'incorrect_cvc', 'invalid_cvc', 'expired_card', 'invalid_expiry_month', 'invalid_expiry_year', 'incorrect_zip']);


export function toRefundRecord(r: SandboxRefund): RefundRecord {
  return { id: r.id, amount: { amountMinor: r.amount_minor, currency: r.currency }, status: translate(REFUND_STATUS, r.status), createdAt: r.created_at };
}

export function toChargebackRecord(cb: SandboxChargeback, currency: string): ChargebackRecord {
  return { id: cb.id, amount: { amountMinor: cb.amount_minor, currency }, status: translate(CHARGEBACK_STATUS, cb.status), openedAt: cb.opened_at };
}

export function toProcessorTransaction(tx: SandboxTransaction): ProcessorTransaction {
  const currency = tx.currency;
  const authentication: Authentication = {
    method: translate(AUTH_METHOD, tx.authentication.method),
    outcome: translate(AUTH_OUTCOME, tx.authentication.outcome),
  };
  return {
    id: tx.id,
    requestedAmount: { amountMinor: tx.requested_amount_minor, currency },
    amount: { amountMinor: tx.amount_minor, currency },
    authentication,
    declineReason: tx.decline_code === null ? null : CUSTOMER_DETAIL_DECLINES.has(tx.decline_code) ? 'CUSTOMER_DETAILS' : 'OTHER',
    createdAt: tx.created_at,
    status: translate(TX_STATUS, tx.status),
    ...(tx.order_id ? { orderId: tx.order_id } : {}),
    captures: tx.captures.map((c) => ({ id: c.id, amount: { amountMinor: c.amount_minor, currency }, capturedAt: c.captured_at })),
    refunds: tx.refunds.map(toRefundRecord),
    chargebacks: tx.chargebacks.map((cb) => toChargebackRecord(cb, currency)),
  };
}

/** The sandbox payment processor over HTTP, translated into our vocabulary. */
export function createSandboxProcessor(baseUrl: string): PaymentProcessor {
  return {
    async getTransaction(transactionId) {
      const tx = await sandboxCall<SandboxTransaction>(baseUrl, `/v1/transactions/${encodeURIComponent(transactionId)}`);
      return tx ? toProcessorTransaction(tx) : null;
    },
    async findTransactionsForOrder(orderId) {
      const list = await sandboxCallRequired<{ data: SandboxTransaction[] }>(baseUrl, `/v1/transactions?order_id=${encodeURIComponent(orderId)}`);
      return list.data.map(toProcessorTransaction);
    },
    async issueRefund(request: RefundRequest) {
      const refund = await sandboxCallRequired<SandboxRefund>(baseUrl, `/v1/transactions/${encodeURIComponent(request.transactionId)}/refunds`, {
        method: 'POST',
        body: { amount_minor: request.amount.amountMinor, currency: request.amount.currency, reason: request.reason },
        idempotencyKey: request.idempotencyKey,
        refusedAs: ErrorType.REFUND_REFUSED,
      });
      return toRefundRecord(refund);
    },
    async findRefundByKey(transactionId, idempotencyKey) {
      const tx = await sandboxCall<SandboxTransaction>(baseUrl, `/v1/transactions/${encodeURIComponent(transactionId)}`);
      const refund = tx?.refunds.find((r) => r.idempotency_key === idempotencyKey);
      return refund ? toRefundRecord(refund) : null;
    },
    async getRefund(transactionId, refundId) {
      const refund = await sandboxCall<SandboxRefund>(baseUrl, `/v1/transactions/${encodeURIComponent(transactionId)}/refunds/${encodeURIComponent(refundId)}`);
      return refund ? toRefundRecord(refund) : null;
    },
  };
}
