import type { ErrorType } from '../domain/errors';
import type { Money } from '../domain/money';
import type { RecordsPort } from '../records/record';
import type { Locale, OrderRecord, ProcessorName, ProcessorTransaction, RefundRecord, SecurityIncident } from '../domain/vocabulary';

/**
 * A failure a port reports in our vocabulary. `retryable: false` means trying again cannot help
 * (the processor refused the refund); the activity turns it into a non-retryable failure by `type`.
 * Anything else a port throws (network, 5xx, timeouts) is treated as transient and retried.
 */
export class PortError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly retryable: boolean,
    /** For a transient fault: how long the processor asked us to wait (429 / 503 Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PortError';
  }
}

export interface RefundRequest {
  transactionId: string;
  amount: Money;
  reason: string;
  /** Same key, same refund: a retry after a lost response never pays twice. */
  idempotencyKey: string;
}

/** A payment processor, translated into our vocabulary. */
export interface PaymentProcessor {
  /** The transaction with its captures, refunds and chargebacks; null when the processor has none by that id. */
  getTransaction(transactionId: string): Promise<ProcessorTransaction | null>;
  /** Every transaction the processor holds for an order (to find an order paid twice). */
  findTransactionsForOrder(orderId: string): Promise<ProcessorTransaction[]>;
  /** Issues (or, for a key seen before, returns) a refund. Throws PortError REFUND_REFUSED when refused for good. */
  issueRefund(request: RefundRequest): Promise<RefundRecord>;
  /** A refund's current state (to wait for settlement); null when unknown. */
  getRefund(transactionId: string, refundId: string): Promise<RefundRecord | null>;
  /**
   * The refund made on this transaction under our idempotency key, or null: asked before retrying
   * a refund whose outcome is unknown (a timeout after sending), so a retry never pays twice.
   */
  findRefundByKey(transactionId: string, idempotencyKey: string): Promise<RefundRecord | null>;
}

/** What a processor's webhook tells us, in our vocabulary. `eventId` is the processor's, for replay protection. */
export type ProcessorEvent =
  | { eventId: string; kind: 'CHARGEBACK'; transactionId: string; chargeback: import('../domain/vocabulary').ChargebackRecord }
  | { eventId: string; kind: 'REFUND_SETTLEMENT'; transactionId: string; refundId: string; status: 'SUCCEEDED' | 'FAILED'; reason?: string }
  | { eventId: string; kind: 'IGNORED'; reason: string };

/** A webhook that failed verification (bad or missing signature, stale timestamp, unreadable body). */
export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
}

/** Checks a processor webhook's signature on the raw body and translates it; throws WebhookRejected. */
export interface WebhookVerifier {
  verify(rawBody: Buffer, headers: Record<string, string | undefined>): Promise<ProcessorEvent>;
}

/** Loop's own register of security incidents. */
export interface IncidentsPort {
  /** Incidents whose window holds `at` and that affect `accountId` (or all accounts). */
  incidentsAffecting(at: string, accountId: string | null): Promise<SecurityIncident[]>;
}

/** The merchant's own order / invoice records: what Loop meant to charge. */
export interface OrdersPort {
  /** The order, or null when Loop has no order by that id. */
  getOrder(orderId: string): Promise<OrderRecord | null>;
}

export interface CreditRequest {
  accountId: string;
  amount: Money;
  reason: string;
  idempotencyKey: string;
}

/** The customer account-balance ledger. */
export interface LedgerPort {
  /** Credits the account once per idempotency key; returns the ledger entry id. */
  credit(request: CreditRequest): Promise<{ entryId: string }>;
}

export const NOTIFICATION_KINDS = ['ACKNOWLEDGEMENT', 'INFORMATION_REQUEST', 'PROCESSOR_INQUIRY', 'RESOLUTION', 'SATISFACTION_QUESTION', 'CLOSURE', 'WITHDRAWAL'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  caseId: string;
  kind: NotificationKind;
  to: string;
  locale: Locale;
  /** Short facts for the template (amounts, references); never card data. */
  facts: Record<string, string>;
  /** One message per case and step, however often the activity retries. */
  idempotencyKey: string;
  /** The resolution document to attach (read from the document store by the adapter, never carried in the payload). */
  document?: DocumentRef;
}

export const DOCUMENT_FORMATS = ['pdf', 'json'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** Names one stored resolution document: a case can have several (a reopened case is resolved again). */
export interface DocumentRef {
  caseId: string;
  /** Unique within the case, e.g. `resolution-1` for the first decision's resolution. */
  documentId: string;
}

/** Where resolution documents live, kept after the case's workflow is gone (a folder by default). */
export interface DocumentStore {
  /** Stores both renderings under `ref`; storing the same ref again replaces them (retries are safe). */
  save(ref: DocumentRef, content: Record<DocumentFormat, Uint8Array>): Promise<void>;
  /** One rendering of a stored document, or null if there is none. */
  read(ref: DocumentRef, format: DocumentFormat): Promise<Uint8Array | null>;
  /** The most recently saved document of a case, or null. */
  latest(caseId: string): Promise<DocumentRef | null>;
}

/** Messages to the customer (the sandbox keeps them in an outbox a person can read). */
export interface NotificationsPort {
  send(notification: Notification): Promise<{ messageId: string }>;
}

/** Everything activities need from the outside world, built once by the worker's composition root. */
export interface Ports {
  processors: Partial<Record<ProcessorName, PaymentProcessor>>;
  orders: OrdersPort;
  incidents: IncidentsPort;
  ledger: LedgerPort;
  notifications: NotificationsPort;
  documents: DocumentStore;
  /** Case records (PostgreSQL): the projection the queues, search and reports read. */
  records: RecordsPort;
}
