import type { Money } from './money';

/** Case statuses: the public vocabulary of the API, the `DisputeStatus` search attribute and documents. */
export const DISPUTE_STATUSES = [
  'RECEIVED',
  'INVESTIGATING',
  'AWAITING_CUSTOMER',
  'AWAITING_DECISION',
  'RESOLVING',
  'RESOLVED',
  'FOLLOW_UP',
  'CLOSED',
  'WITHDRAWN',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const CATEGORIES = [
  'AMOUNT_MISMATCH',
  'DUPLICATE_CHARGE',
  'UNAUTHORIZED',
  'REFUND_NOT_RECEIVED',
  'OTHER',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHANNELS = ['web', 'email', 'chat'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Processors a case can name. Only those with a configured adapter are accepted at intake. */
export const PROCESSORS = ['sandbox', 'stripe', 'adyen', 'paypal'] as const;
export type ProcessorName = (typeof PROCESSORS)[number];

export const LIABILITIES = ['MERCHANT', 'THIRD_PARTY', 'CUSTOMER', 'UNDETERMINED'] as const;
export type Liability = (typeof LIABILITIES)[number];

export const DECISION_ACTIONS = ['REFUND', 'ACCOUNT_CREDIT', 'DENY'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** What the customer reported, as validated at intake. */
export interface DisputeReport {
  customer: { id: string; email: string; locale: Locale };
  channel: Channel;
  category: Category;
  transaction: { processor: ProcessorName; id: string };
  description: string;
  /** What the customer says they should have paid, if they said. A claim, not a finding. */
  expectedAmount?: Money;
}

/** A transaction as the processor records it, translated into our vocabulary. */
export interface ProcessorTransaction {
  id: string;
  amount: Money;
  /** ISO 8601; the reporting window counts from here, not from the customer's claim. */
  createdAt: string;
  status: 'SUCCEEDED' | 'PENDING' | 'FAILED' | 'UNSUPPORTED';
  orderId?: string;
  captures: { id: string; amount: Money; capturedAt: string }[];
  refunds: RefundRecord[];
  chargebacks: { id: string; amount: Money; status: 'OPEN' | 'WON' | 'LOST' | 'UNSUPPORTED'; openedAt: string }[];
}

export interface RefundRecord {
  id: string;
  amount: Money;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'UNSUPPORTED';
  createdAt: string;
}

/** What Loop meant to charge for an order (the invoice / order record). */
export interface OrderRecord {
  id: string;
  total: Money;
}

/** Everything the investigation established. Absent facts are explicit nulls, never guesses. */
export interface Findings {
  transaction: ProcessorTransaction | null;
  order: OrderRecord | null;
  investigatedAt: string;
}

export interface Assessment {
  /** What the customer was charged beyond what Loop meant to charge, net of refunds already made. */
  discrepancy: Money | null;
  /** What may still be refunded on the transaction (captured minus refunded and credited). */
  refundable: Money | null;
  liability: Liability;
  recommendedAction: 'REFUND' | 'REVIEW' | 'REQUEST_INFORMATION';
  recommendedAmount: Money | null;
  outsideReportingWindow: boolean;
  /** Plain sentences an agent (and later the customer's document) can read. */
  reasons: string[];
}

/** An agent's decision as sent to the case. */
export interface Decision {
  action: DecisionAction;
  amount?: Money;
  reason: string;
  agentId: string;
}

export interface RecordedDecision extends Decision {
  decidedAt: string;
  /** 1 for the first decision of the case, 2 after a reopening, ...; part of idempotency keys. */
  sequence: number;
}

export interface Resolution {
  action: DecisionAction;
  amount: Money | null;
  /** Processor refund id or ledger entry id; null for a denial. */
  reference: string | null;
  resolvedAt: string;
  decisionSequence: number;
}

export interface SatisfactionAnswer {
  satisfied: boolean;
  comment?: string;
}

export interface TimelineEntry {
  at: string;
  event: string;
  status: DisputeStatus;
  detail?: string;
}

/** The whole case as the workflow holds it and the API returns it. Plain JSON only. */
export interface CaseState {
  caseId: string;
  status: DisputeStatus;
  report: DisputeReport;
  receivedAt: string;
  findings: Findings | null;
  assessment: Assessment | null;
  decision: RecordedDecision | null;
  /** Every decision taken, oldest first (a reopened case has more than one). */
  decisions: RecordedDecision[];
  resolution: Resolution | null;
  resolutions: Resolution[];
  satisfaction: (SatisfactionAnswer & { answeredAt: string }) | null;
  reopenings: number;
  closedReason: 'SATISFIED' | 'NO_ANSWER' | 'UNSATISFIED_REOPEN_LIMIT' | null;
  /** How many further reports of the same transaction landed in this case. */
  duplicateReports: number;
  timeline: TimelineEntry[];
}

/** Durations and limits a case runs under, fixed when the case opens so its history says which applied. */
export interface CasePolicy {
  followUpDelayMs: number;
  satisfactionAnswerWindowMs: number;
  maxReopenings: number;
  reportingWindowDays: number;
}

export const DEFAULT_CASE_POLICY: CasePolicy = {
  followUpDelayMs: 7 * 86_400_000,
  satisfactionAnswerWindowMs: 14 * 86_400_000,
  maxReopenings: 2,
  reportingWindowDays: 60,
};
