import type { Money } from '../../../domain/money';
import type { CaseState, DecisionAction } from '../../../domain/vocabulary';

/**
 * What the console reads from the API, by `import type` from the modules that answer it: the
 * browser bundle carries no server code, and a renamed field fails the console's type check.
 */
export type { Money, DecisionAction };

/** The roles a person's session may have; only staff roles use the console. */
export type Role = 'agent' | 'supervisor' | 'analyst' | 'customer' | 'website' | 'engineer';

/** `GET /v1/session` and `POST /v1/session`. */
export interface Session {
  subject: string;
  role: Role;
  csrfToken: string;
  expiresAt: string;
}

/** An RFC 9457 problem as the API answers it. */
export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  code?: string;
  errors?: { field: string; reason: string }[];
}

/**
 * Queue rows, counts and report figures as records/queries.ts and records/reports.ts answer them.
 * Copied (those modules import pg and Buffer, which the browser build cannot type), and held to
 * the originals by test/console/contract.test.ts: a change there fails that test's type check.
 */
export interface QueueCounts {
  needsDecision: number;
  waitingForCustomer: number;
  escalated: number;
  dueWithinOneBusinessDay: number;
  breached: number;
  resolving: number;
  mine: number;
  all: number;
}

export interface CaseRow {
  disputeId: string;
  status: string;
  category: string;
  processor: string;
  channel: string;
  liability: string | null;
  amount: Money | null;
  customerEmail: string | null;
  openedAt: string;
  ageHours: number;
  firstDecisionDueAt: string | null;
  firstDecisionAt: string | null;
  slaBreached: boolean;
  escalated: boolean;
  assignee: string | null;
  flags: { openChargeback: boolean; outsideReportingWindow: boolean };
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface CasePage {
  data: CaseRow[];
  nextCursor: string | null;
}

export type ReportGroup = 'category' | 'processor' | 'liability' | 'channel' | 'rule' | 'week';

export interface Figures {
  opened: number;
  resolvedAutomatically: number;
  automaticShare: number | null;
  hoursToFirstDecision: { p50: number | null; p90: number | null };
  hoursToResolution: { p50: number | null; p90: number | null };
  slaBreachRate: number | null;
  reopenRate: number | null;
  satisfactionRate: number | null;
  refunds: { currency: string; count: number; amountMinor: number }[];
  credits: { currency: string; count: number; amountMinor: number }[];
  outcomes: Record<string, number>;
}

export interface Summary {
  scope?: 'mine' | 'all';
  from: string;
  to: string;
  timeZone: string;
  groupBy: ReportGroup | null;
  totals: Figures;
  groups: ({ key: string | null } & Figures)[];
}

/** An internal note on a case (agents and supervisors only; never sent to the customer). */
export interface CaseNote {
  at: string;
  by: string;
  text: string;
}

/** `GET /v1/disputes/{id}/emails`: records/mail.ts SentMail (held to it by test/console/contract.test.ts). */
export interface SentEmail {
  kind: string;
  messageId: string;
  state: 'SENDING' | 'SENT';
  claimedAt: string;
  sentAt: string | null;
}

/**
 * `GET /v1/disputes/{id}` for an agent or supervisor (api/views.ts staffView): the whole case under
 * the API's names, with the assignee and internal notes.
 */
export type StaffCaseView = Omit<CaseState, 'caseId'> & {
  disputeId: string;
};

/** `POST /v1/disputes/{id}/decision`: api/schemas.ts DecisionSchema (who decides comes from the session). */
export interface DecisionBody {
  action: DecisionAction;
  amount?: Money;
  reason: string;
  question?: string;
}
