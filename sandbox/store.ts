import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The sandbox's records: a payment processor's transactions (with captures, refunds, chargebacks),
 * Loop's orders, the account-balance ledger and the customer outbox. Kept in memory and, when a
 * file is given, written through to JSON so a restart keeps them. Shapes are the sandbox's own
 * wire format; the adapters translate them into our vocabulary.
 */
export interface SandboxTransaction {
  id: string;
  amount_minor: number;
  currency: string;
  created_at: string;
  status: 'succeeded' | 'pending' | 'failed';
  order_id: string | null;
  captures: { id: string; amount_minor: number; captured_at: string }[];
  refunds: SandboxRefund[];
  chargebacks: { id: string; amount_minor: number; status: 'open' | 'won' | 'lost'; opened_at: string }[];
}

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
  credits: SandboxCredit[];
  outbox: SandboxMessage[];
}

export class SandboxRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface NewTransaction {
  amountMinor: number;
  currency: string;
  /** Defaults to now; set it in the past to try the reporting window. */
  createdAt?: string;
  /** The order the charge pays for; created with `orderTotalMinor` if given. */
  orderId?: string;
  orderTotalMinor?: number;
  /** How many times the amount was captured (2 = a duplicate capture). */
  captureCount?: number;
}

export class SandboxStore {
  private records: Records = { transactions: {}, orders: {}, credits: [], outbox: [] };

  constructor(private readonly file?: string) {
    if (file) {
      try {
        this.records = JSON.parse(readFileSync(file, 'utf8')) as Records;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  createTransaction(input: NewTransaction): SandboxTransaction {
    const createdAt = input.createdAt ?? new Date().toISOString();
    const orderId = input.orderId ?? null;
    const tx: SandboxTransaction = {
      id: `tx_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      amount_minor: input.amountMinor,
      currency: input.currency,
      created_at: createdAt,
      status: 'succeeded',
      order_id: orderId,
      captures: Array.from({ length: input.captureCount ?? 1 }, (_, i) => ({
        id: `cap_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
        amount_minor: input.amountMinor,
        captured_at: new Date(Date.parse(createdAt) + i * 60_000).toISOString(),
      })),
      refunds: [],
      chargebacks: [],
    };
    this.records.transactions[tx.id] = tx;
    if (orderId && input.orderTotalMinor !== undefined) {
      this.records.orders[orderId] = { id: orderId, total_minor: input.orderTotalMinor, currency: input.currency };
    }
    this.save();
    return tx;
  }

  getTransaction(id: string): SandboxTransaction | undefined {
    return this.records.transactions[id];
  }

  listTransactions(): SandboxTransaction[] {
    return Object.values(this.records.transactions);
  }

  getOrder(id: string): SandboxOrder | undefined {
    return this.records.orders[id];
  }

  /** Refunds once per idempotency key: the same key returns the first refund, whatever the body. */
  refund(transactionId: string, amountMinor: number, currency: string, reason: string, key: string): { refund: SandboxRefund; replayed: boolean } {
    const tx = this.records.transactions[transactionId];
    if (!tx) throw new SandboxRefusal('resource_missing', `no transaction ${transactionId}`);
    const earlier = tx.refunds.find((r) => r.idempotency_key === key);
    if (earlier) return { refund: earlier, replayed: true };
    if (currency !== tx.currency) throw new SandboxRefusal('currency_mismatch', `the charge is in ${tx.currency}`);
    const captured = tx.captures.reduce((s, c) => s + c.amount_minor, 0);
    const refunded = tx.refunds.filter((r) => r.status !== 'failed').reduce((s, r) => s + r.amount_minor, 0);
    if (amountMinor > captured - refunded) {
      throw new SandboxRefusal('amount_too_large', `refund of ${amountMinor} exceeds the ${captured - refunded} still refundable`);
    }
    const refund: SandboxRefund = {
      id: `re_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      amount_minor: amountMinor,
      currency,
      status: 'succeeded',
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
