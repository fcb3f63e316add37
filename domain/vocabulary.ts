import type { Money } from './money';

/** Case statuses: the public vocabulary of the API, the `DisputeStatus` search attribute and documents. */
export const DISPUTE_STATUSES = [
  'RECEIVED',
  'INVESTIGATING',
  'AWAITING_CUSTOMER',
  'AWAITING_DECISION',
  'AWAITING_PROCESSOR',
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
/** Where a case came from: a customer's channel, or the processor (a chargeback opened a case). */
export const ORIGINS = [...CHANNELS, 'processor'] as const;
export type Origin = (typeof ORIGINS)[number];
export type Channel = (typeof CHANNELS)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Processors a case can name. Only those with a configured adapter are accepted at intake. */
export const PROCESSORS = ['sandbox', 'stripe', 'adyen', 'paypal'] as const;
export type ProcessorName = (typeof PROCESSORS)[number];

export const LIABILITIES = ['MERCHANT', 'THIRD_PARTY', 'CUSTOMER', 'UNDETERMINED'] as const;
export type Liability = (typeof LIABILITIES)[number];

/**
 * What an agent may decide. EXPLAIN closes the claim with an explanation and no money moved (a refund
 * already settled, fraud for the bank, wrong payment details); DENY rejects the claim.
 * RAISE_WITH_PROCESSOR puts the case in AWAITING_PROCESSOR until the processor's answer is recorded.
 */
export const DECISION_ACTIONS = ['REFUND', 'ACCOUNT_CREDIT', 'EXPLAIN', 'DENY', 'REQUEST_INFO', 'RAISE_WITH_PROCESSOR', 'ESCALATE'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface Customer {
  id: string;
  email: string;
  locale: Locale;
}

/** What the customer reported, as validated at intake (or, for a chargeback, what the processor told us). */
export interface DisputeReport {
  /** Null when the processor opened the case; the order record names the customer later. */
  customer: Customer | null;
  channel: Origin;
  category: Category;
  transaction: { processor: ProcessorName; id: string };
  description: string;
  /** What the customer says they should have paid, if they said. A claim, not a finding. */
  expectedAmount?: Money;
  /** The day (YYYY-MM-DD) the customer believes they were charged, if they said: kept for the agent; the processor's date rules. */
  believedChargedOn?: string;
}

/** A transaction as the processor records it, translated into our vocabulary. */
/** How the payer was authenticated (3-D Secure or the processor's equivalent). */
export interface Authentication {
  method: 'THREE_D_SECURE' | 'NONE' | 'UNSUPPORTED';
  outcome: 'AUTHENTICATED' | 'ATTEMPTED' | 'FAILED' | 'NOT_PERFORMED' | 'UNSUPPORTED';
}

export interface ChargebackRecord {
  id: string;
  amount: Money;
  status: 'OPEN' | 'WON' | 'LOST' | 'UNSUPPORTED';
  openedAt: string;
}

export interface ProcessorTransaction {
  id: string;
  /** What Loop asked the processor to charge. */
  requestedAmount: Money;
  amount: Money;
  authentication: Authentication;
  /** Why the payment was declined, when it was: the customer's own details, or anything else. */
  declineReason: 'CUSTOMER_DETAILS' | 'OTHER' | null;
  /** ISO 8601; the reporting window counts from here, not from the customer's claim. */
  createdAt: string;
  status: 'SUCCEEDED' | 'PENDING' | 'FAILED' | 'UNSUPPORTED';
  orderId?: string;
  captures: { id: string; amount: Money; capturedAt: string }[];
  refunds: RefundRecord[];
  chargebacks: ChargebackRecord[];
}

export interface RefundRecord {
  id: string;
  amount: Money;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'UNSUPPORTED';
  createdAt: string;
}

/** What Loop meant to charge for an order (the invoice / order record), and refunds it promised. */
export interface OrderRecord {
  id: string;
  total: Money;
  customer: Customer | null;
  promisedRefunds: { amount: Money; promisedAt: string; reference: string }[];
  /** Where the order stands in Loop's shop, when the order system says; a finding for the agent, no rule reads it. */
  status?: OrderStatus;
}

/** OPEN: paid, not yet sent; FULFILLED: sent or delivered. Anything else an order system says is UNSUPPORTED. */
export type OrderStatus = 'OPEN' | 'FULFILLED' | 'CANCELLED' | 'RETURNED' | 'UNSUPPORTED';

/** One of Loop's own security incidents, from the incident register. */
export interface SecurityIncident {
  id: string;
  startsAt: string;
  endsAt: string;
  /** Customer account ids affected, or every account. */
  affectedAccounts: string[] | 'ALL';
  summary: string;
}

/** Everything the investigation established. Absent facts are explicit nulls or empty lists, never guesses. */
export interface Findings {
  transaction: ProcessorTransaction | null;
  order: OrderRecord | null;
  /** Other settled transactions at the processor for the same order (the order paid twice), net of their refunds. */
  otherTransactionsForOrder: { id: string; amount: Money; netAmount: Money; createdAt: string }[];
  /** Loop's incidents covering the transaction's time and the customer's account. */
  incidents: SecurityIncident[];
  investigatedAt: string;
}

export const RECOMMENDED_ACTIONS = ['REFUND', 'ASSIST', 'REVIEW', 'REQUEST_INFORMATION'] as const;
export type RecommendedAction = (typeof RECOMMENDED_ACTIONS)[number];

export interface Assessment {
  /** The liability rule that matched (see domain/liability.ts and the README). */
  rule: string;
  /** What the customer was charged beyond what Loop meant to charge, net of refunds already made. */
  discrepancy: Money | null;
  /** What may still be refunded on the transaction (captured minus refunded and credited). */
  refundable: Money | null;
  liability: Liability;
  recommendedAction: RecommendedAction;
  recommendedAmount: Money | null;
  outsideReportingWindow: boolean;
  /** Evidence is unambiguous enough for the system to refund without an agent (under the ceiling). */
  unambiguous: boolean;
  /** What the customer can still do, in plain words (for assist-only outcomes). */
  customerGuidance: string | null;
  /** Plain sentences an agent (and later the customer's document) can read. */
  reasons: string[];
}

export const DECIDER_ROLES = ['agent', 'supervisor', 'system'] as const;
export type DeciderRole = (typeof DECIDER_ROLES)[number];

/** A decision as sent to the case. */
export interface Decision {
  action: DecisionAction;
  amount?: Money;
  reason: string;
  /** Who decided: an agent's or supervisor's id, or `system:<rule>` for an automatic resolution. */
  agentId: string;
  /** Defaults to agent. Once a case is escalated only a supervisor may decide. */
  role?: DeciderRole;
  /** For REQUEST_INFO: the question the customer is asked. */
  question?: string;
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

/** The customer's answer to a request for information. */
export interface InformationAnswer {
  message: string;
  /** A corrected processor reference, when the first one was wrong. */
  transactionId?: string;
}

/** What the processor answered to an inquiry Loop raised with it. */
export const PROCESSOR_ANSWER_OUTCOMES = ['PROCESSOR_ERROR_CONFIRMED', 'NO_PROCESSOR_ERROR'] as const;
export type ProcessorAnswerOutcome = (typeof PROCESSOR_ANSWER_OUTCOMES)[number];

/** A difference an agent raised with the processor, and the processor's answer once an agent records it. */
export interface ProcessorInquiry {
  raisedAt: string;
  raisedBy: string;
  /** `processorInquiryBusinessDays` after `raisedAt`; past it, unanswered, a supervisor is told. */
  dueAt: string;
  /** The agent's internal note (the decision's reason): never shown to the customer. */
  note: string;
  answer: { outcome: ProcessorAnswerOutcome; text: string; recordedAt: string; recordedBy: string } | null;
}

/** The processor's answer as an agent or supervisor sends it to the case. */
export interface ProcessorAnswer {
  outcome: ProcessorAnswerOutcome;
  text: string;
  recordedBy: string;
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

/** A refund accepted by the processor and not yet settled. */
export interface PendingRefund {
  refundId: string;
  amount: Money;
  since: string;
  /** Checks of its status made so far: the next one waits twice as long as the last (up to the policy's maximum). */
  checks: number;
}

/**
 * The whole case as the workflow holds it and the API returns it. Plain JSON only. Everything a step
 * needs (dates, counters) is a field here; the timeline is for people and is compacted.
 */
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
  /** When the open satisfaction question was asked: its answer window counts from here. */
  satisfactionAskedAt: string | null;
  reopenings: number;
  closedReason: ClosedReason | null;
  /** The customer, from the report or (for a processor-opened case) from the order record. */
  customer: Customer | null;
  /** The processor reference investigated (a customer may correct the reported one). */
  transactionId: string;
  /** The open request for information, if any. */
  informationRequest: { question: string; askedAt: string; askedBy: string } | null;
  information: (InformationAnswer & { answeredAt: string })[];
  /** Set once the case is handed to a supervisor (SLA breach, deadline, reopen limit, or an agent's choice). */
  escalation: { reason: string; at: string } | null;
  /** The open or answered inquiry with the processor (null when none was raised). */
  processorInquiry: ProcessorInquiry | null;
  slaBreached: boolean;
  /** When the first agent decision is due, and when the case must be resolved (business days). */
  deadlines: {
    firstDecisionDueAt: string | null;
    firstAgentDecisionAt: string | null;
    resolutionDueAt: string;
    /** Each deadline is checked once; these survive continue-as-new so a new run does not check again. */
    slaChecked: boolean;
    resolutionDeadlineChecked: boolean;
    /** The current processor inquiry's due date was checked (absent in cases started before inquiries). */
    processorInquiryChecked?: boolean;
  };
  /** Chargebacks the processor told us about (signals) or the investigation found. */
  chargebacks: ChargebackRecord[];
  /** Ids of the processor webhook events already applied (the last few: CASE_BOUNDS), so a replayed event changes nothing. */
  processorEvents: string[];
  /** A refund accepted by the processor and not yet settled. */
  pendingRefund: PendingRefund | null;
  /** Executions of a decision that failed (neither done nor refused); the third goes to a supervisor. */
  executionFailures: number;
  /** How many further reports of the same transaction landed in this case. */
  duplicateReports: number;
  /** The resolution documents stored for this case (a reopened case is resolved, and documented, again), oldest first. */
  documents: { caseId: string; documentId: string }[];
  /** Ids of the customer messages (e-mail Message-ID, chat message id) already applied (the last few: CASE_BOUNDS): a redelivery changes nothing. */
  customerMessageIds: string[];
  /** Further reports of the transaction that joined the case, as their reporters wrote them (the last few); absent in a case continued from before. */
  reports?: JoinedReport[];
  /** The services (API keys) that reported the transaction, and for which customer (the last few): one may read the case back when that is its customer. */
  reporters?: Reporter[];
  /** Who works the case (an agent's or supervisor's subject), or null: nobody. Set by the `assign` update. */
  assignee: string | null;
  /** Agents' internal notes, oldest first (the last few: CASE_BOUNDS); never shown to the customer or the website. */
  notes: InternalNote[];
  timeline: TimelineEntry[];
}

/** An agent's or supervisor's note on a case, for the other agents: never sent to the customer. */
export interface InternalNote {
  at: string;
  /** Who wrote it (the credential's subject). */
  by: string;
  text: string;
}

/** A request to assign the case to someone (`assignee`), or to nobody (null), by `by` (from the credential). */
export interface Assignment {
  assignee: string | null;
  by: string;
  /** Refused (ALREADY_ASSIGNED) when anyone (the caller too) has the case: how "next case" never hands one case to two people. */
  onlyIfUnassigned?: boolean;
  /** Refused (WRONG_STATE) unless the case waits for a decision this role may take (an escalated case: supervisors only). */
  toDecideAs?: 'agent' | 'supervisor';
}

/** A note as sent to the case; `at` is the workflow's clock. */
export interface NoteInput {
  text: string;
  by: string;
}

/** How long a note may be (after trimming), in characters. */
export const NOTE_MAX_CHARS = 2000;

/** A report that joined an open case: what the customer wrote, kept for the agents. */
export interface JoinedReport {
  at: string;
  channel: Origin;
  category: Category;
  description: string;
  expectedAmount?: Money;
  /** The customer the report named (null: none); only the case's customer's claims change the case. */
  customerId: string | null;
}

/** A service that reported the case's transaction (its principal id, e.g. `key:loop-website`) for a customer. */
export interface Reporter {
  serviceId: string;
  customerId: string | null;
  /** The customer's e-mail address as the report gave it, normalised (absent in a case from before it was kept). */
  customerEmail?: string;
}

export const CLOSED_REASONS = ['SATISFIED', 'NO_ANSWER', 'NO_INFORMATION', 'UNSATISFIED_AFTER_SUPERVISOR'] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

/** Durations and limits a case runs under, fixed when the case opens so its history says which applied. */
export interface CasePolicy {
  followUpDelayMs: number;
  satisfactionAnswerWindowMs: number;
  /** How long the customer has to answer a request for information before the case closes. */
  informationAnswerWindowMs: number;
  /** Unsatisfied answers that reopen the case for an agent; the next one goes to a supervisor. */
  maxReopenings: number;
  reportingWindowDays: number;
  /** Business days from the end of the investigation to the first agent decision. */
  slaBusinessDays: number;
  /** Business days from the report to resolution; a case still open then goes to a supervisor. */
  resolutionDeadlineBusinessDays: number;
  /** Unambiguous MERCHANT cases at or below this amount (minor units, any currency) resolve without an agent; 0 turns it off. */
  autoResolveCeilingMinor: number;
  /** Longest wait between two checks of a pending refund (the first is a minute). */
  settlementPollMaxIntervalMs: number;
  /** Loop's time zone (IANA): the reporting window counts calendar days there. Absent in older cases: default at use. */
  timeZone: string;
  /** Business days the processor has to answer an inquiry before a supervisor is told. Absent in older cases. */
  processorInquiryBusinessDays: number;
}

export const DEFAULT_CASE_POLICY: CasePolicy = {
  followUpDelayMs: 7 * 86_400_000,
  satisfactionAnswerWindowMs: 14 * 86_400_000,
  informationAnswerWindowMs: 14 * 86_400_000,
  maxReopenings: 2,
  reportingWindowDays: 60,
  slaBusinessDays: 2,
  resolutionDeadlineBusinessDays: 30,
  autoResolveCeilingMinor: 5_000,
  settlementPollMaxIntervalMs: 6 * 3_600_000,
  timeZone: 'Europe/Paris',
  processorInquiryBusinessDays: 10,
};

/** A case's policy with every setting it predates at its default: a case keeps the policy it opened under, and adds only what it lacked. */
export function withPolicyDefaults(policy: Partial<CasePolicy>): CasePolicy {
  return { ...DEFAULT_CASE_POLICY, ...policy };
}
