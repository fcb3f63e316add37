import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { NewTransactionSchema, type NewTransaction, type SANDBOX_ORDER_STATUSES } from './options';

export type { NewTransaction } from './options';

/**
 * The sandbox's records: a payment processor's transactions (with captures, refunds, chargebacks),
 * Loop's orders, the account-balance ledger and the customer outbox. Kept in memory and, when a
 * file is given, written through to JSON so a restart keeps them. Shapes are the sandbox's own
 * wire format; the adapters translate them into our vocabulary.
 */
export interface SandboxTransaction {
  id: string;
  /** What the merchant asked to charge. */
  requested_amount_minor: number;
  amount_minor: number;
  currency: string;
  created_at: string;
  status: 'succeeded' | 'pending' | 'failed';
  /** Stripe-like decline code when status is failed (incorrect_number, incorrect_cvc, expired_card, insufficient_funds, ...). */
  decline_code: string | null;
  authentication: { method: 'three_d_secure' | 'none'; outcome: 'authenticated' | 'attempted' | 'failed' | 'not_performed' };
  /** immediate: refunds succeed at once; pending: they wait for POST /v1/refunds/:id/settle. */
  refund_settlement: 'immediate' | 'pending';
  order_id: string | null;
  captures: { id: string; amount_minor: number; captured_at: string }[];
  refunds: SandboxRefund[];
  chargebacks: SandboxChargeback[];
}

export interface SandboxChargeback {
  id: string;
  amount_minor: number;
  status: 'open' | 'won' | 'lost';
  opened_at: string;
}

/** What the sandbox tells the system about (as a processor's webhook would). */
export type SandboxEvent =
  | { type: 'chargeback.opened' | 'chargeback.closed'; transaction_id: string; chargeback: SandboxChargeback; currency: string }
  | { type: 'refund.settled' | 'refund.failed'; transaction_id: string; refund: SandboxRefund };

export interface SandboxRefund {
  id: string;
  amount_minor: number;
  currency: string;
  status: 'succeeded' | 'pending' | 'failed';
  reason: string;
  idempotency_key: string;
  created_at: string;
}

export interface SandboxOrder {
  id: string;
  total_minor: number;
  currency: string;
  /** Absent in records written before the sandbox kept order statuses. */
  status?: (typeof SANDBOX_ORDER_STATUSES)[number];
  customer: { id: string; email: string; locale: 'fr' | 'en' } | null;
  promised_refunds: { amount_minor: number; reference: string; promised_at: string }[];
}

export interface SandboxIncident {
  id: string;
  starts_at: string;
  ends_at: string;
  affected_accounts: string[] | 'all';
  summary: string;
}

export interface SandboxCredit {
  id: string;
  account_id: string;
  amount_minor: number;
  currency: string;
  reason: string;
  idempotency_key: string;
  created_at: string;
}

export interface SandboxMessage {
  id: string;
  case_id: string;
  kind: string;
  to: string;
  locale: string;
  facts: Record<string, string>;
  idempotency_key: string;
  sent_at: string;
}

interface Records {
  transactions: Record<string, SandboxTransaction>;
  orders: Record<string, SandboxOrder>;
  incidents: SandboxIncident[];
  credits: SandboxCredit[];
  outbox: SandboxMessage[];
}

/** A date given as `createdAt` or as `daysAgo` before `now`; now when neither. */
function dateOf(d: { createdAt?: string | undefined; daysAgo?: number | undefined }, now: number): string {
  if (d.createdAt !== undefined) return d.createdAt;
  return new Date(now - (d.daysAgo ?? 0) * 86_400_000).toISOString();
}

export class SandboxRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class SandboxStore {
  private records: Records = { transactions: {}, orders: {}, incidents: [], credits: [], outbox: [] };

  /** `onEvent` is told of chargebacks and refund settlements, as a processor's webhook would be. */
  constructor(
    private readonly file?: string,
    private readonly onEvent: (event: SandboxEvent) => void = () => undefined,
  ) {
    if (file) {
      try {
        this.records = { ...this.records, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<Records>) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  /** A charge (and its order, refunds already made) from `POST /v1/transactions`'s options: see sandbox/options.ts. */
  createTransaction(options: NewTransaction): SandboxTransaction {
    const input = NewTransactionSchema.parse(options);
    const now = Date.now();
    const orderId = input.orderId ?? (input.orderTotalMinor === undefined ? null : `ord_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
    const declined = input.declineCode !== undefined;
    const captured = declined ? 0 : input.amountMinor * input.captureCount;
    const refunds = input.refunds.map((r): SandboxRefund => ({
      id: `re_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      amount_minor: r.amountMinor,
      currency: input.currency,
      status: r.status,
      reason: 'made before the dispute (sandbox)',
      idempotency_key: `sandbox-seeded-${randomUUID()}`,
      created_at: dateOf(r, now),
    }));
    // A charge given no date is as old as its oldest seeded refund, so `refunds: [{daysAgo: 3}]` works on its own.
    const oldestRefund = refunds.map((r) => r.created_at).sort()[0];
    const undated = input.createdAt === undefined && input.daysAgo === undefined;
    const createdAt = undated && oldestRefund && Date.parse(oldestRefund) < now ? oldestRefund : dateOf(input, now);
    const early = refunds.find((r) => Date.parse(r.created_at) < Date.parse(createdAt));
    if (early) throw new SandboxRefusal('refund_before_charge', `a refund dated ${early.created_at} comes before the charge of ${createdAt}`);
    const refunded = refunds.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.amount_minor, 0);
    if (refunded > captured) throw new SandboxRefusal('amount_too_large', `refunds of ${refunded} exceed the ${captured} captured`);
    const tx: SandboxTransaction = {
      id: `tx_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      requested_amount_minor: input.requestedAmountMinor ?? input.amountMinor,
      amount_minor: input.amountMinor,
      currency: input.currency,
      created_at: createdAt,
      status: declined ? 'failed' : 'succeeded',
      decline_code: input.declineCode ?? null,
      authentication: input.authentication === 'three_d_secure' ? { method: 'three_d_secure', outcome: 'authenticated' } : { method: 'none', outcome: 'not_performed' },
      refund_settlement: input.refundSettlement,
      order_id: orderId,
      captures: Array.from({ length: declined ? 0 : input.captureCount }, (_, i) => ({
        id: `cap_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
        amount_minor: input.amountMinor,
        captured_at: new Date(Date.parse(createdAt) + i * 1000).toISOString(),
      })),
      refunds,
      chargebacks: [],
    };
    this.records.transactions[tx.id] = tx;
    if (orderId && input.orderTotalMinor !== undefined) {
      this.records.orders[orderId] = {
        id: orderId,
        total_minor: input.orderTotalMinor,
        currency: input.orderCurrency ?? input.currency,
        status: input.orderStatus,
        customer: input.customer ?? null,
        promised_refunds: input.promisedRefunds.map((p) => ({ amount_minor: p.amountMinor, reference: p.reference, promised_at: createdAt })),
      };
    }
    this.save();
    return tx;
  }

  getTransaction(id: string): SandboxTransaction | undefined {
    return this.records.transactions[id];
  }

  listTransactions(orderId?: string): SandboxTransaction[] {
    const all = Object.values(this.records.transactions);
    return orderId === undefined ? all : all.filter((t) => t.order_id === orderId);
  }

  findRefund(refundId: string): { tx: SandboxTransaction; refund: SandboxRefund } | undefined {
    for (const tx of Object.values(this.records.transactions)) {
      const refund = tx.refunds.find((r) => r.id === refundId);
      if (refund) return { tx, refund };
    }
    return undefined;
  }

  /** Settles (or fails) a pending refund, and tells the system as a webhook would. */
  settleRefund(refundId: string, outcome: 'succeeded' | 'failed'): SandboxRefund {
    const found = this.findRefund(refundId);
    if (!found) throw new SandboxRefusal('resource_missing', `no refund ${refundId}`);
    if (found.refund.status !== 'pending') throw new SandboxRefusal('refund_not_pending', `refund ${refundId} is ${found.refund.status}`);
    found.refund.status = outcome;
    this.save();
    this.onEvent({ type: outcome === 'succeeded' ? 'refund.settled' : 'refund.failed', transaction_id: found.tx.id, refund: found.refund });
    return found.refund;
  }

  /** Opens a chargeback on a transaction (the card holder disputed it with their bank). */
  openChargeback(transactionId: string, amountMinor?: number): SandboxChargeback {
    const tx = this.records.transactions[transactionId];
    if (!tx) throw new SandboxRefusal('resource_missing', `no transaction ${transactionId}`);
    const chargeback: SandboxChargeback = {
      id: `dp_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      amount_minor: amountMinor ?? tx.amount_minor,
      status: 'open',
      opened_at: new Date().toISOString(),
    };
    tx.chargebacks.push(chargeback);
    this.save();
    this.onEvent({ type: 'chargeback.opened', transaction_id: tx.id, chargeback, currency: tx.currency });
    return chargeback;
  }

  closeChargeback(chargebackId: string, outcome: 'won' | 'lost'): SandboxChargeback {
    for (const tx of Object.values(this.records.transactions)) {
      const chargeback = tx.chargebacks.find((c) => c.id === chargebackId);
      if (!chargeback) continue;
      chargeback.status = outcome;
      this.save();
      this.onEvent({ type: 'chargeback.closed', transaction_id: tx.id, chargeback, currency: tx.currency });
      return chargeback;
    }
    throw new SandboxRefusal('resource_missing', `no chargeback ${chargebackId}`);
  }

  addIncident(incident: Omit<SandboxIncident, 'id'>): SandboxIncident {
    const recorded = { id: `inc_${randomUUID().replace(/-/g, '').slice(0, 12)}`, ...incident };
    this.records.incidents.push(recorded);
    this.save();
    return recorded;
  }

  /** Incidents whose window holds `at` and that affect `accountId` (or every account). */
  incidentsAffecting(at: string, accountId: string | null): SandboxIncident[] {
    const t = Date.parse(at);
    return this.records.incidents.filter(
      (i) => Date.parse(i.starts_at) <= t && t <= Date.parse(i.ends_at) && (i.affected_accounts === 'all' || (accountId !== null && i.affected_accounts.includes(accountId))),
    );
  }

  getOrder(id: string): SandboxOrder | undefined {
    return this.records.orders[id];
  }

  /** Refunds once per idempotency key: the same key returns the first refund, whatever the body. */
  refund(transactionId: string, amountMinor: number, currency: string, reason: string, key: string, honourKey = true): { refund: SandboxRefund; replayed: boolean } {
    const tx = this.records.transactions[transactionId];
    if (!tx) throw new SandboxRefusal('resource_missing', `no transaction ${transactionId}`);
    const earlier = honourKey ? tx.refunds.find((r) => r.idempotency_key === key) : undefined;
    if (earlier) return { refund: earlier, replayed: true };
    if (currency !== tx.currency) throw new SandboxRefusal('currency_mismatch', `the charge is in ${tx.currency}`);
    if (tx.chargebacks.some((c) => c.status === 'open')) throw new SandboxRefusal('charge_disputed', 'the charge has an open chargeback');
    const captured = tx.captures.reduce((s, c) => s + c.amount_minor, 0);
    const refunded = tx.refunds.filter((r) => r.status !== 'failed').reduce((s, r) => s + r.amount_minor, 0);
    if (amountMinor > captured - refunded) {
      throw new SandboxRefusal('amount_too_large', `refund of ${amountMinor} exceeds the ${captured - refunded} still refundable`);
    }
    const refund: SandboxRefund = {
      id: `re_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      amount_minor: amountMinor,
      currency,
      status: tx.refund_settlement === 'pending' ? 'pending' : 'succeeded',
      reason,
      idempotency_key: key,
      created_at: new Date().toISOString(),
    };
    tx.refunds.push(refund);
    this.save();
    return { refund, replayed: false };
  }

  credit(accountId: string, amountMinor: number, currency: string, reason: string, key: string): { credit: SandboxCredit; replayed: boolean } {
    const earlier = this.records.credits.find((c) => c.idempotency_key === key);
    if (earlier) return { credit: earlier, replayed: true };
    const credit: SandboxCredit = {
      id: `cr_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      account_id: accountId,
      amount_minor: amountMinor,
      currency,
      reason,
      idempotency_key: key,
      created_at: new Date().toISOString(),
    };
    this.records.credits.push(credit);
    this.save();
    return { credit, replayed: false };
  }

  creditsFor(accountId: string): SandboxCredit[] {
    return this.records.credits.filter((c) => c.account_id === accountId);
  }

  send(message: Omit<SandboxMessage, 'id' | 'sent_at'>): { message: SandboxMessage; replayed: boolean } {
    const earlier = this.records.outbox.find((m) => m.idempotency_key === message.idempotency_key);
    if (earlier) return { message: earlier, replayed: true };
    const sent: SandboxMessage = { ...message, id: `msg_${randomUUID().replace(/-/g, '').slice(0, 16)}`, sent_at: new Date().toISOString() };
    this.records.outbox.push(sent);
    this.save();
    return { message: sent, replayed: false };
  }

  outbox(caseId?: string): SandboxMessage[] {
    return caseId ? this.records.outbox.filter((m) => m.case_id === caseId) : this.records.outbox;
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.records, null, 2));
    renameSync(tmp, this.file);
  }
}
