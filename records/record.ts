/**
 * The case record: what PostgreSQL keeps of a case run for the queues, the search and the reports
 * (db/migrations). A projection of the workflow's state, never a source of decisions: it may lag
 * the case, it never leads it. Plain JSON (it travels as an activity's argument); money in minor
 * units of `currency`; times as ISO-8601 strings.
 */
export interface CaseRecord {
  caseId: string;
  /** The first run id of the case's workflow chain (a later case for the same transaction is another record). */
  caseRunId: string;
  /** The case's own sequence: a write with a version not above the stored one changes nothing. */
  version: number;
  status: string;
  category: string;
  processor: string;
  channel: string;
  liability: string | null;
  /** The assessment's rule id (internal vocabulary, never shown to customers). */
  rule: string | null;
  recommendedAction: string | null;
  currency: string;
  /** The amount in dispute: the assessment's discrepancy when above zero, else the transaction's amount, else the reported one; null when unknown. */
  disputedMinor: number | null;
  refundedMinor: number;
  creditedMinor: number;
  customerId: string | null;
  /** Lower-cased, as search compares it. */
  customerEmail: string | null;
  customerLocale: string | null;
  orderId: string | null;
  transactionId: string;
  openedAt: string;
  firstDecisionAt: string | null;
  firstDecisionDueAt: string | null;
  resolutionDueAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  slaBreached: boolean;
  escalated: boolean;
  outsideReportingWindow: boolean;
  openChargeback: boolean;
  assignee: string | null;
  /** The last decision's action (REFUND, CREDIT, EXPLAIN, DENY, ...), or null before one. */
  outcome: string | null;
  closedReason: string | null;
  reopenings: number;
  /** The follow-up's answer: true satisfied, false not, null unanswered. */
  satisfied: boolean | null;
  /** Whether the (last) decision was taken automatically; null before any decision. */
  decidedAutomatically: boolean | null;
  /** Who took the last decision (an agent's id, or `auto`). */
  decidedBy: string | null;
  /** When the case entered its current status. */
  statusSince: string;
}

/** A status the case run entered: `seq` counts them from 1 within the run. */
export interface StatusChange {
  seq: number;
  status: string;
  at: string;
}

/** One write: the record as of `record.version`, and the status changes not yet written. */
export interface RecordWrite {
  record: CaseRecord;
  statusChanges: StatusChange[];
}

/** Where case records go (PostgreSQL in production; tests may pass a memory one). */
export interface RecordsPort {
  /** Idempotent and monotonic: a repeated or older write changes nothing; status changes are kept once each. */
  write(write: RecordWrite): Promise<void>;
}
