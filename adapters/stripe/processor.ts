import Stripe from 'stripe';
import { PortError, type PaymentProcessor, type RefundRequest } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { ProcessorTransaction, RefundRecord } from '../../domain/vocabulary';
import { isResourceMissing, toPortError } from './errors';
import { chargeToTransaction, idOf, paymentIntentToTransaction, toRefundRecord } from './translate';

export interface StripeConfig {
  /** A secret (`sk_...`) or restricted (`rk_...`) key able to read payments and create refunds. */
  secretKey: string;
  /** Where the API answers, e.g. `http://127.0.0.1:12111` for stripe-mock. @default https://api.stripe.com */
  apiBase?: string;
  /** Per-request timeout. @default 10000 */
  timeoutMs?: number;
}

/** Stripe keeps metadata values to 500 characters. */
const METADATA_VALUE_LIMIT = 500;

type TransactionKind = 'payment_intent' | 'charge';

/** PaymentIntents are `pi_`; charges are `ch_`, or `py_` for non-card payment methods. */
function kindOf(transactionId: string): TransactionKind | null {
  if (transactionId.startsWith('pi_')) return 'payment_intent';
  if (transactionId.startsWith('ch_') || transactionId.startsWith('py_')) return 'charge';
  return null;
}

function clientOptions(config: StripeConfig): ConstructorParameters<typeof Stripe>[1] {
  const base = config.apiBase ? new URL(config.apiBase) : undefined;
  return {
    // Temporal owns retries (with backoff and Retry-After); an SDK retry inside an activity would hide them.
    maxNetworkRetries: 0,
    timeout: config.timeoutMs ?? 10_000,
    telemetry: false,
    ...(base ? { host: base.hostname, port: base.port || (base.protocol === 'http:' ? 80 : 443), protocol: base.protocol === 'http:' ? 'http' : 'https' } : {}),
  };
}

/** Runs one Stripe call, translating what the SDK throws into a PortError (see ./errors). */
async function call<T>(request: () => Promise<T>, refusedAs?: ErrorType): Promise<T> {
  try {
    return await request();
  } catch (err) {
    throw toPortError(err, refusedAs);
  }
}

/** A read where Stripe's resource_missing means "none by that id": null, not an error. */
async function readOrNull<T>(request: () => Promise<T>): Promise<T | null> {
  try {
    return await request();
  } catch (err) {
    if (isResourceMissing(err)) return null;
    throw toPortError(err);
  }
}

async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of list) items.push(item);
  return items;
}

/** Stripe search query strings are single-quoted; a quote or backslash inside is escaped. */
function searchLiteral(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

const byTransaction = (kind: TransactionKind, id: string) => (kind === 'payment_intent' ? { payment_intent: id } : { charge: id });

/**
 * Stripe as a PaymentProcessor: PaymentIntents (`pi_...`) and bare Charges (`ch_...`) in our vocabulary.
 *
 * The SDK never retries (Temporal does). Transient faults throw a retryable PROCESSOR_UNAVAILABLE
 * PortError carrying Retry-After; bad credentials a non-retryable PORT_PROTOCOL_ERROR; a refund Stripe
 * refuses a non-retryable REFUND_REFUSED with Stripe's code and message.
 */
export function createStripeProcessor(config: StripeConfig): PaymentProcessor {
  const stripe = new Stripe(config.secretKey, clientOptions(config));

  const listRelated = (kind: TransactionKind, id: string) =>
    call(async () => ({
      refunds: await all(stripe.refunds.list({ ...byTransaction(kind, id), limit: 100 })),
      disputes: await all(stripe.disputes.list({ ...byTransaction(kind, id), limit: 100 })),
    }));

  const fromPaymentIntent = async (intent: Stripe.PaymentIntent): Promise<ProcessorTransaction> => {
    const charges = await call(() => all(stripe.charges.list({ payment_intent: intent.id, limit: 100 })));
    return paymentIntentToTransaction(intent, { charges, ...(await listRelated('payment_intent', intent.id)) });
  };

  const fromCharge = async (charge: Stripe.Charge): Promise<ProcessorTransaction> => chargeToTransaction(charge, await listRelated('charge', charge.id));

  /** The currency the transaction was charged in, or null when Stripe has no such transaction. */
  const currencyOf = async (kind: TransactionKind, id: string): Promise<string | null> => {
    const found = await readOrNull<{ currency: string }>(() => (kind === 'payment_intent' ? stripe.paymentIntents.retrieve(id) : stripe.charges.retrieve(id)));
    return found ? found.currency.toUpperCase() : null;
  };

  /** A transaction Stripe does not have has no refunds. */
  const refundsOf = async (kind: TransactionKind, id: string) => (await readOrNull(() => all(stripe.refunds.list({ ...byTransaction(kind, id), limit: 100 })))) ?? [];

  return {
    async getTransaction(transactionId) {
      const kind = kindOf(transactionId);
      if (kind === 'payment_intent') {
        const intent = await readOrNull(() => stripe.paymentIntents.retrieve(transactionId));
        return intent ? fromPaymentIntent(intent) : null;
      }
      if (kind === 'charge') {
        const charge = await readOrNull(() => stripe.charges.retrieve(transactionId));
        return charge ? fromCharge(charge) : null;
      }
      // No Stripe object of another kind is a payment: Stripe has no transaction by that id.
      return null;
    },

    /**
     * Search is eventually consistent (Stripe documents up to a minute's lag), which is acceptable
     * for an investigation that starts after the customer noticed. Charges made without a
     * PaymentIntent are searched too; charges belonging to a PaymentIntent are reported through it.
     */
    async findTransactionsForOrder(orderId) {
      const query = `metadata['order_id']:${searchLiteral(orderId)}`;
      const intents = await call(() => all(stripe.paymentIntents.search({ query, limit: 100 })));
      const charges = await call(() => all(stripe.charges.search({ query, limit: 100 })));
      const bareCharges = charges.filter((c) => idOf(c.payment_intent) === null);
      return [...(await Promise.all(intents.map(fromPaymentIntent))), ...(await Promise.all(bareCharges.map(fromCharge)))];
    },

    async issueRefund(request: RefundRequest): Promise<RefundRecord> {
      const { transactionId, amount, reason, idempotencyKey } = request;
      const kind = kindOf(transactionId);
      if (!kind) throw new PortError(ErrorType.REFUND_REFUSED, `resource_missing: ${transactionId} is neither a PaymentIntent nor a Charge`, false);
      // Stripe refunds in the charge's currency whatever we meant: 1000 JPY is not 1000 EUR, so refuse first.
      const currency = await currencyOf(kind, transactionId);
      if (currency === null) throw new PortError(ErrorType.REFUND_REFUSED, `resource_missing: no transaction ${transactionId}`, false);
      if (currency !== amount.currency) {
        throw new PortError(ErrorType.REFUND_REFUSED, `currency_mismatch: the transaction is in ${currency}, the refund in ${amount.currency}`, false);
      }
      const refund = await call(
        () =>
          stripe.refunds.create(
            {
              ...byTransaction(kind, transactionId),
              amount: amount.amountMinor,
              // Stripe's own `reason` is a closed list; ours is free text, kept for whoever reads the dashboard.
              metadata: { idempotency_key: idempotencyKey, loop_reason: reason.slice(0, METADATA_VALUE_LIMIT) },
            },
            { idempotencyKey },
          ),
        ErrorType.REFUND_REFUSED,
      );
      return toRefundRecord(refund);
    },

    /** A refund id that belongs to another transaction is, for this one, unknown. */
    async getRefund(transactionId, refundId) {
      const refund = await readOrNull(() => stripe.refunds.retrieve(refundId));
      if (!refund) return null;
      return [idOf(refund.payment_intent), idOf(refund.charge)].includes(transactionId) ? toRefundRecord(refund) : null;
    },

    async findRefundByKey(transactionId, idempotencyKey) {
      const kind = kindOf(transactionId);
      if (!kind) return null;
      const refund = (await refundsOf(kind, transactionId)).find((r) => r.metadata?.idempotency_key === idempotencyKey);
      return refund ? toRefundRecord(refund) : null;
    },
  };
}
